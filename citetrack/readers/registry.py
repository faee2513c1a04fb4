"""Which reader handles which file ending, and the safety net around them.

A reader is a function ``(path: Path, display: str) -> Iterator[Article | Skipped]``: it yields the
articles of the file, and a :class:`Skipped` for each file or record it cannot read (so one bad
record never loses the rest). To support a new format, add one entry to :data:`SUPPORTED`.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from ..models import Article, Skipped
from .jsonfile import read_json, read_jsonl
from .limits import DEFAULT_MAX_FILE_SIZE, format_size
from .text import read_text

Reader = Callable[[Path, str], Iterator[Article | Skipped]]

#: File ending (lowercase, with the dot) → reader. Endings may have several parts (".warc.gz").
SUPPORTED: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


#: How the size limit bounds a reader: ``"file"`` readers hold the whole file in memory, so a larger
#: file is skipped before it is opened; ``"record"`` readers stream and are called with
#: ``max_bytes=`` to bound each record. Readers not listed here are called without a limit.
SIZE_LIMITED: dict[Reader, str] = {read_text: "file", read_json: "file", read_jsonl: "record"}


def reader_for(name: str) -> Reader | None:
    """The reader for a file name (longest matching ending wins, case ignored), or ``None``."""
    lower = name.lower()
    for ending in sorted(SUPPORTED, key=len, reverse=True):
        if lower.endswith(ending):
            return SUPPORTED[ending]
    return None


def file_type(name: str) -> str:
    """The ending a skip message names: ``.pdf``, or ``(no extension)``."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix else "(no extension)"


def read_items(path: Path, display: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> Iterator[Article | Skipped]:
    """Articles and skips of one file; never raises for unreadable or malformed files.

    ``max_bytes`` (0 = no limit) bounds what a reader holds in memory: see :data:`SIZE_LIMITED`.
    """
    reader = reader_for(path.name)
    if reader is None:
        yield Skipped(display, f"unsupported file type {file_type(path.name)}")
        return
    try:
        limit = SIZE_LIMITED.get(reader) if max_bytes > 0 else None
        if limit == "file" and (size := path.stat().st_size) > max_bytes:
            yield Skipped(display, f"file too large ({format_size(size)}, over the {format_size(max_bytes)} "
                                   "limit; raise it with --max-file-size)")
            return
        yield from reader(path, display, max_bytes=max_bytes) if limit == "record" else reader(path, display)
    except (OSError, ValueError, RecursionError) as exc:  # ValueError covers UnicodeError and JSONDecodeError
        yield Skipped(display, describe(exc))


def describe(exc: Exception) -> str:
    """A short, readable reason for a read failure."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: line {exc.lineno}: {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid UTF-8: {exc.reason} at byte {exc.start}"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, FileNotFoundError):
        return "file disappeared while scanning"
    if isinstance(exc, RecursionError):
        return "cannot read: nested too deeply"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return f"cannot read: {exc}"
