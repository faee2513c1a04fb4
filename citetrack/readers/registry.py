"""Which reader handles which file ending, and the safety net around them.

A reader is a function ``(path: Path, display: str, fields: FieldMap) -> Iterator[Article | Skipped]``:
it yields the articles of the file (web pages as :class:`~citetrack.readers.html.Page`, whose text
is extracted later, possibly in a worker), and a :class:`Skipped` for each file or record it cannot
read (so one bad record never loses the rest). Readers written as ``(path, display)`` still work. To support a new format, add one entry to
:data:`SUPPORTED`. Any ending may also be gzipped (``name.csv.gz``): the reader of the inner
ending is used, and files are opened through :func:`~citetrack.readers.source.open_binary`, which
decompresses them. A truncated ``.gz`` is reported as skipped after the records read before it.
"""
from __future__ import annotations

import gzip
import inspect
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import internal_error
from ..models import Article, FieldMap, Skipped
from .csvfile import RowRange, read_csv
from .html import Page, read_html
from .jsonfile import LineRange, read_json, read_jsonl
from .records import DEFAULT_FIELDS
from .source import TooLarge, gzip_size
from .limits import DEFAULT_MAX_FILE_SIZE, format_size, unpacked_too_large
from .text import read_text
from .warc import read_warc

Reader = Callable[[Path, str, FieldMap], Iterator[Article | Page | Skipped]]

#: File ending (lowercase, with the dot) → reader. Endings may have several parts (".warc.gz").
SUPPORTED: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}


#: How the size limit bounds a reader: ``"file"`` readers hold the whole file in memory, so a larger
#: file is skipped before it is opened, and they stop reading a compressed one once it unpacks past
#: the limit; ``"record"`` readers stream and bound each record. Both are called with ``max_bytes=``.
#: Readers not listed here are called without a limit.
SIZE_LIMITED: dict[Reader, str] = {read_text: "file", read_json: "file", read_html: "file", read_jsonl: "record",
                                   read_warc: "record", read_csv: "record"}


def reader_for(name: str) -> Reader | None:
    """The reader for a file name (longest matching ending wins, case ignored), or ``None``."""
    lower = name.lower()
    if lower.endswith(".gz") and not lower.endswith(".warc.gz"):
        lower = lower[:-3]  # a gzipped file of any format: the inner ending decides
    for ending in sorted(SUPPORTED, key=len, reverse=True):
        if lower.endswith(ending):
            return SUPPORTED[ending]
    return None


def _takes_fields(reader: Callable) -> bool:
    """Readers written as ``(path, display)`` still work: they just get no field map."""
    try:
        return len(inspect.signature(reader).parameters) >= 3
    except (TypeError, ValueError):
        return True


def file_type(name: str) -> str:
    """The ending a skip message names: ``.pdf``, or ``(no extension)``."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix else "(no extension)"


def read_items(
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    part: LineRange | RowRange | None = None,
) -> Iterator[Article | Page | Skipped]:
    """Articles and skips of one file; never raises for unreadable or malformed files.

    ``max_bytes`` (0 = no limit) bounds what a reader holds in memory: see :data:`SIZE_LIMITED`.
    ``part``: only these lines of a JSON Lines file or rows of a CSV file (:class:`~citetrack.readers.jsonfile.LineRange`,
    :class:`~citetrack.readers.csvfile.RowRange`), for reading a big file in parts.
    """
    reader = reader_for(path.name)
    if reader is None:
        yield Skipped(display, f"unsupported file type {file_type(path.name)}")
        return
    read = 0
    try:
        limit = SIZE_LIMITED.get(reader) if max_bytes > 0 else None
        if limit == "file" and (size := path.stat().st_size) > max_bytes:
            yield Skipped(display, f"file too large ({format_size(size)}, over the {format_size(max_bytes)} "
                                   "limit; raise it with --max-file-size)")
            return
        if limit == "file" and (unpacked := gzip_size(path)) is not None and unpacked > max_bytes:
            yield Skipped(display, unpacked_too_large(max_bytes))  # a bomb: not even opened
            return
        args = (path, display, fields) if _takes_fields(reader) else (path, display)
        kwargs = {"max_bytes": max_bytes} if limit else {}  # a compressed file may still unpack past it
        items = reader(*args, **kwargs, part=part) if part is not None else reader(*args, **kwargs)
        for item in items:
            read += not isinstance(item, Skipped)
            yield item
    except (OSError, ValueError, EOFError, RecursionError, zlib.error) as exc:  # ValueError covers UnicodeError
        reason = describe(exc)
        if read:
            reason += f" (the {read} article{'s' * (read != 1)} read before it are kept)"
        yield Skipped(display, reason)
    except MemoryError:  # freed as the reader unwinds: the scan goes on with the next file
        yield Skipped(display, "out of memory" + (f" (the {read} article{'s' * (read != 1)} read before it are kept)"
                                                  if read else ""))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader's or a library's bug skips this file, not the scan
        if os.environ.get("CITETRACK_DEBUG"):
            raise
        yield Skipped(display, internal_error(exc))


def describe(exc: Exception) -> str:
    """A short, readable reason for a read failure."""
    if isinstance(exc, TooLarge):
        return str(exc)
    if isinstance(exc, EOFError):
        return "truncated compressed file (ends before its end marker)"
    if isinstance(exc, zlib.error) or isinstance(exc, gzip.BadGzipFile):
        return f"damaged compressed file: {exc}"
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
