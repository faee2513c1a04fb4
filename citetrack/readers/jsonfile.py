"""JSON articles: ``.json`` (one object or a list of objects) and ``.jsonl``/``.ndjson`` (one a line).

Record fields: ``text`` (required; ``body``, ``content`` or ``article`` when ``text`` is absent),
and optionally ``title``, ``date`` (normalised to ISO when parseable), ``url``, ``outlet`` or
``publisher``, ``id``. A record's id is its ``id`` field, else ``"<file>#<n>"`` (n counts records
from 1; in JSON Lines, every non-blank line is a record, so a bad line does not renumber the rest).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..models import Article, Skipped
from .dates import parse_date
from .limits import format_size
from .sniff import SNIFF_BYTES, binary_reason

TEXT_FIELDS = ("text", "body", "content", "article")
#: Keys under which a top-level JSON object may hold its list of records.
RECORD_LISTS = ("articles", "records", "items", "data")


def read_json(path: Path, display: str) -> Iterator[Article | Skipped]:
    """Read a ``.json`` file: one record, a list of records, or ``{"articles": [...]}``."""
    data = path.read_bytes()
    binary = binary_reason(data[:SNIFF_BYTES])
    if binary:
        yield Skipped(display, binary)
        return
    text = data.decode("utf-8-sig")
    if not text.strip():
        yield Skipped(display, "empty file")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(display, f"not valid JSON: line {exc.lineno}: {exc.msg}")
        return
    except (RecursionError, ValueError) as exc:
        yield Skipped(display, f"not valid JSON: {_unusual(exc)}")
        return
    if isinstance(doc, dict) and not any(k in doc for k in TEXT_FIELDS):
        doc = next((doc[k] for k in RECORD_LISTS if isinstance(doc.get(k), list)), doc)
    if isinstance(doc, dict):
        yield record_article(doc, display, 1, where=display)
    elif isinstance(doc, list):
        if not doc:
            yield Skipped(display, "no records (empty list)")
        for n, rec in enumerate(doc, 1):
            yield record_article(rec, display, n, where=f"{display}#{n}")
    else:
        yield Skipped(display, "JSON is neither an object nor a list of objects")


def read_jsonl(path: Path, display: str, max_bytes: int = 0) -> Iterator[Article | Skipped]:
    """Read a JSON Lines file line by line; a bad line is skipped as ``file:line``, the rest still read.

    A line longer than ``max_bytes`` (when above 0) is skipped without being held in memory.
    """
    with open(path, "rb") as f:
        binary = binary_reason(f.read(SNIFF_BYTES))
        if binary:
            yield Skipped(display, binary)
            return
        f.seek(0)
        n = 0
        for lineno, raw in enumerate(_lines(f, max_bytes), 1):
            if lineno == 1 and raw is not None:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw is not None and not raw.strip():
                continue
            n += 1
            where = f"{display}:{lineno}"
            if raw is None:
                yield Skipped(where, f"record too large (over {format_size(max_bytes)}; see --max-file-size)")
                continue
            try:
                rec = json.loads(raw.decode("utf-8").rstrip("\r\n"))  # columns count on this line
            except UnicodeDecodeError as exc:
                yield Skipped(where, f"not valid UTF-8: {exc.reason}")
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"not valid JSON: line {lineno}: {exc.msg} (column {exc.colno})")
            except (RecursionError, ValueError) as exc:
                yield Skipped(where, f"not valid JSON: line {lineno}: {_unusual(exc)}")
            else:
                yield record_article(rec, display, n, where=where)
    if n == 0:
        yield Skipped(display, "empty file")


#: Bytes read at a time while skipping the rest of an over-long line.
_CHUNK = 1 << 20


def _lines(f: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``f``; ``None`` for each line longer than ``max_bytes`` (read in chunks, not kept)."""
    if max_bytes <= 0:
        yield from f
        return
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(_CHUNK)
        yield None


def _unusual(exc: Exception) -> str:
    """The reason for JSON that is well-formed but beyond what can be decoded."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion"


def record_article(rec: object, file: str, n: int, where: str) -> Article | Skipped:
    """The :class:`Article` a JSON record describes, or why it cannot be read (as ``where``)."""
    if not isinstance(rec, dict):
        return Skipped(where, f"record is not a JSON object ({type(rec).__name__})")
    key = next((k for k in TEXT_FIELDS if rec.get(k) is not None), None)
    if key is None:
        return Skipped(where, "no 'text' field")
    text = rec[key]
    if not isinstance(text, str):
        return Skipped(where, f"'{key}' is not a string ({type(text).__name__})")
    if not text.strip():
        return Skipped(where, f"empty '{key}'")
    raw_id = _scalar(rec.get("id"))
    raw_date = _scalar(rec.get("date"))
    return Article(
        file=file,
        id=raw_id if raw_id is not None else f"{file}#{n}",
        text=text,
        title=_scalar(rec.get("title")),
        date=(parse_date(raw_date) or raw_date) if raw_date else None,
        url=_scalar(rec.get("url")),
        publisher=_scalar(rec.get("outlet")) or _scalar(rec.get("publisher")),
    )


def _scalar(value: object) -> str | None:
    """A string or number field as a string; ``None`` for missing, empty, boolean or nested values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
