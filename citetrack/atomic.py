"""Atomic file writing: every output is written to a temporary file beside its target and moved
over it with :func:`os.replace`, so a reader never sees half a file and a failed write leaves the
previous version in place. Failures become :class:`~citetrack.errors.OutputError`."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import OutputError


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``, else delete it."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(tmp)
        raise


@contextmanager
def atomic_open(path: str | os.PathLike, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text file that replaces ``path`` only when the block completes."""
    with atomic_path(path) as tmp, open(tmp, "x", encoding="utf-8", newline=newline) as f:
        yield f


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8, ``\\n`` line ends) and return the path.

    The parent folder is created when missing."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with atomic_open(path, newline="\n") as f:
        f.write(text)
    return Path(path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # the original error matters more than a leftover temporary file
