"""Which format handles which file, and the safety net around the readers.

Every module of this package may declare ``FORMATS = (Format(...), ...)`` (:mod:`~citetrack.readers.formats`);
they are collected here, in module-name order, into :data:`FORMATS` and :data:`SUPPORTED`
(ending -> Format), which the walk, the engines and the help ask. To support a new format, add
one module with its reader and its ``FORMATS``. Any ending may also be gzipped (``name.csv.gz``):
the format of the inner ending is used, and files are opened through
:func:`~citetrack.readers.source.open_binary`, which decompresses them. A truncated ``.gz`` is
reported as skipped after the records read before it.
"""
from __future__ import annotations

import gzip
import importlib
import json
import os
import pkgutil
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import internal_error
from ..models import Article, FieldMap, Skipped
from .csvfile import RowRange
from .formats import Format, Reader
from .html import Page
from .jsonfile import LineRange
from .limits import DEFAULT_MAX_FILE_SIZE, format_size, unpacked_too_large
from .records import DEFAULT_FIELDS
from .source import TooLarge, gzip_ceiling, gzip_size

__all__ = ["FORMATS", "SUPPORTED", "Format", "Reader", "format_for", "reader_for", "read_items"]


#: Modules of this package that use the registry (so hold no format, and import it themselves).
_USERS = frozenset({"registry", "walk"})


def _declared() -> tuple[Format, ...]:
    package = __name__.rsplit(".", 1)[0]
    here = Path(__file__).parent
    found: list[Format] = []
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if info.name not in _USERS:
            found.extend(getattr(importlib.import_module(f"{package}.{info.name}"), "FORMATS", ()))
    return tuple(found)


#: Every format the package's modules declare.
FORMATS: tuple[Format, ...] = _declared()
#: File ending (lowercase, with the dot) -> format. Endings may have several parts (".warc.gz").
SUPPORTED: dict[str, Format] = {ending: fmt for fmt in FORMATS for ending in fmt.endings}


def format_for(name: str) -> Format | None:
    """The format of a file name (longest matching ending wins, case ignored), or ``None``."""
    lower = name.lower()
    # every ending starts with a dot: the longest one the name ends with starts at its first dot
    # that begins a known ending (asked once or more per file a scan walks, so no sorting here)
    dot = lower.find(".")
    while dot >= 0:
        if (fmt := SUPPORTED.get(lower[dot:])) is not None:
            return fmt
        dot = lower.find(".", dot + 1)
    if lower.endswith(".gz"):  # a gzipped file of any format: the inner ending decides
        return format_for(lower[:-3])
    return None


def reader_for(name: str) -> Reader | None:
    """The reader for a file name, or ``None`` (see :func:`format_for`)."""
    fmt = format_for(name)
    return fmt.read if fmt is not None else None


def file_type(name: str) -> str:
    """The ending a skip message names: ``.pdf``, or ``(no extension)``."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix else "(no extension)"


def read_items(
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    part: LineRange | RowRange | None = None, size: int | None = None,
) -> Iterator[Article | Page | Skipped]:
    """Articles and skips of one file; never raises for unreadable or malformed files.

    ``max_bytes`` (0 = no limit) bounds what a reader holds in memory: see :attr:`Format.limit`.
    ``part``: only these lines of a JSON Lines file or rows of a CSV file (:class:`~citetrack.readers.jsonfile.LineRange`,
    :class:`~citetrack.readers.csvfile.RowRange`), for reading a big file in parts. ``size``: the
    file's size when the caller has just looked it up (so it is not looked up twice); the bounded
    read still stops at the limit if the file grew since.
    """
    fmt = format_for(path.name)
    if fmt is None:
        yield Skipped(display, f"unsupported file type {file_type(path.name)}")
        return
    read = 0
    try:
        limit = fmt.limit if max_bytes > 0 else None
        if limit == "file" and (size := path.stat().st_size if size is None else size) > max_bytes:
            yield Skipped(display, f"file too large ({format_size(size)}, over the {format_size(max_bytes)} "
                                   "limit; raise it with --max-file-size)")
            return
        # a bomb: not even opened. Deflate packs at most 1032:1 (gzip_size trusts no larger figure),
        # so a file too small to unpack past the limit is not opened for the check
        if (limit == "file" and gzip_ceiling(size) > max_bytes
                and (unpacked := gzip_size(path)) is not None and unpacked > max_bytes):
            yield Skipped(display, unpacked_too_large(max_bytes))
            return
        for item in fmt.open(path, display, fields, max_bytes, part):  # a .gz may still unpack past the limit
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
