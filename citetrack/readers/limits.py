"""The size limit on what is read into memory, and sizes written for people.

Readers that hold a whole file in memory (text, Markdown, ``.json``) skip a file above the limit
before opening it; streaming readers (JSON Lines) apply it to each record instead. A news article
is a few kilobytes: anything near the default limit is a dump, a log or a mistake, and reading it
whole would cost memory and time for nothing.
"""
from __future__ import annotations

import re

from ..errors import CitetrackError
from ..models import DEFAULT_MAX_FILE_SIZE

__all__ = ["DEFAULT_MAX_FILE_SIZE", "format_size", "parse_size", "too_large", "unpacked_too_large"]

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.I)


def format_size(n: int) -> str:
    """``n`` bytes for people: ``512 bytes``, ``1.5 KB``, ``200 MB`` (powers of 1024)."""
    size = float(n)
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{int(size)} {unit}" if unit == "bytes" or size.is_integer() else f"{size:.1f} {unit}"
        size /= 1024
    return f"{int(size)} GB" if size.is_integer() else f"{size:.1f} GB"


def parse_size(text: str) -> int:
    """``"50MB"``, ``"1.5g"``, ``"200k"`` or ``"1048576"`` as bytes (powers of 1024); ``"0"`` = no limit.

    Raises :class:`~citetrack.errors.CitetrackError` for anything else.
    """
    m = _SIZE.fullmatch(text)
    if not m or m[2].lower() not in _UNITS:
        raise CitetrackError(f"not a size: {text!r} (use bytes or a number with KB, MB or GB, e.g. 50MB; 0 = no limit)")
    return int(float(m[1]) * _UNITS[m[2].lower()])


def too_large(max_bytes: int) -> str:
    """The reason a record longer than the ``--max-file-size`` limit is skipped."""
    return f"record too large (over {format_size(max_bytes)}; see --max-file-size)"


def unpacked_too_large(max_bytes: int) -> str:
    """The reason a file read whole that unpacks past the ``--max-file-size`` limit is skipped."""
    return f"file too large (over the {format_size(max_bytes)} limit once decompressed; raise it with --max-file-size)"
