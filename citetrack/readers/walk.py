"""Turning the paths a user gives into files to read, in a deterministic order.

Folders are walked recursively, entries sorted by name, hidden names (starting with ".") skipped
unless asked for; a file named explicitly is always read. Each file is shown as the user would
type it: the argument joined with the path below it, with forward slashes.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Article, Skipped
from .registry import read_items, reader_for

PathLike = str | os.PathLike


def display_path(path: PathLike) -> str:
    """A path as the user typed it, with forward slashes and no trailing slash."""
    shown = os.fspath(path).replace("\\", "/")
    stripped = shown.rstrip("/")
    return stripped if stripped else shown[:1]


def join_display(base: str, name: str) -> str:
    """``base/name``, without a leading ``./`` when ``base`` is the current folder."""
    if base in ("", "."):
        return name
    return base + name if base.endswith("/") else f"{base}/{name}"


def iter_articles(
    paths: Iterable[PathLike] | PathLike,
    on_skip: Callable[[Skipped], object] | None = None,
    *,
    hidden: bool = False,
) -> Iterator[Article]:
    """Articles of every file under ``paths``; unreadable files go to ``on_skip`` and never raise.

    Every path is checked before anything is read: a missing one raises
    :class:`~citetrack.errors.InputError`. ``hidden=True`` also walks hidden files and folders.
    A file reached twice (named twice, or through a link) is read once.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    targets = [(Path(p), display_path(p)) for p in paths]
    for path, shown in targets:
        if not path.exists():
            raise InputError(f"path not found: {shown}")
    return _articles(targets, on_skip or (lambda skipped: None), hidden)


def _articles(
    targets: list[tuple[Path, str]], on_skip: Callable[[Skipped], object], hidden: bool
) -> Iterator[Article]:
    for file, display in _files(targets, on_skip, hidden):
        for item in read_items(file, display):
            if isinstance(item, Skipped):
                on_skip(item)
            else:
                yield item


def iter_files(
    paths: Iterable[PathLike], on_skip: Callable[[Skipped], object] | None = None, *, hidden: bool = False
) -> Iterator[tuple[Path, str]]:
    """The files :func:`iter_articles` reads, in the same order, as (path, display path)."""
    targets = [(Path(p), display_path(p)) for p in paths]
    for path, shown in targets:
        if not path.exists():
            raise InputError(f"path not found: {shown}")
    return _files(targets, on_skip or (lambda skipped: None), hidden)


def _files(
    targets: list[tuple[Path, str]], on_skip: Callable[[Skipped], object], hidden: bool
) -> Iterator[tuple[Path, str]]:
    seen: set[str] = set()
    for path, shown in targets:
        entries = _walk(path, shown, hidden, set()) if path.is_dir() else iter([(path, shown)])
        for entry in entries:
            if isinstance(entry, Skipped):
                on_skip(entry)
                continue
            file, display = entry
            key = os.path.realpath(file)
            if key in seen:
                continue
            seen.add(key)
            yield file, display


# A folder's own documentation is not news: README.md, LICENSE, CHANGELOG.txt ... are left out when
# walking a folder (a file named explicitly is still read).
_DOC_FILE = re.compile(r"(?i)^(?:readme|license|licence|changelog|changes|contributing|copying|notice)(?:\.[a-z]+)?$")


def _walk(folder: Path, shown: str, hidden: bool, visiting: set[str]) -> Iterator[tuple[Path, str] | Skipped]:
    """Files below ``folder`` in name order, depth first; links are followed, loops are not."""
    real = os.path.realpath(folder)
    if real in visiting:
        return
    visiting = visiting | {real}
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else f"cannot list: {exc.strerror}"
        yield Skipped(shown, reason)
        return
    for entry in entries:
        if entry.name.startswith(".") and not hidden:
            continue
        path, display = Path(entry.path), join_display(shown, entry.name)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(path, display, hidden, visiting)
        elif is_file and _DOC_FILE.match(entry.name):
            yield Skipped(display, "documentation file, not an article (name it on the command line to read it)")
        elif is_file:
            yield path, display
        else:
            yield Skipped(display, "not a regular file (broken link, socket or device)")


def read_file(path: PathLike, on_skip: Callable[[Skipped], object] | None = None) -> Iterator[Article]:
    """Articles of one file.

    Raises :class:`~citetrack.errors.InputError` at once when the file is missing, a folder or of
    an unsupported type. Files and records that cannot be read go to ``on_skip``; without one,
    they raise :class:`~citetrack.errors.InputError` when reached.
    """
    p, shown = Path(path), display_path(path)
    if not p.exists():
        raise InputError(f"path not found: {shown}")
    if p.is_dir():
        raise InputError(f"not a file: {shown} (use iter_articles for folders)")
    if reader_for(p.name) is None:
        raise InputError(f"unsupported file type {p.suffix.lower() or '(no extension)'}: {shown}")
    return _file_articles(p, shown, on_skip)


def _file_articles(path: Path, shown: str, on_skip: Callable[[Skipped], object] | None) -> Iterator[Article]:
    for item in read_items(path, shown):
        if not isinstance(item, Skipped):
            yield item
        elif on_skip is not None:
            on_skip(item)
        else:
            raise InputError(f"cannot read {item.path}: {item.reason}")
