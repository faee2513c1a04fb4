"""JSON articles: ``.json`` (one object or a list of objects) and ``.jsonl``/``.ndjson`` (one a line).

Fields are mapped by :mod:`citetrack.readers.records`. A record's id is its id field, else
``"<file>#<n>"`` (n counts records from 1; in JSON Lines, every non-blank line is a record, so a
bad line does not renumber the rest). Files may be gzipped and in any text encoding.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..models import Article, FieldMap, Skipped
from .records import DEFAULT_FIELDS, find_key, record_article
from .source import SNIFF_BYTES, BinaryFile, open_binary, open_text, read_decoded, sniff_encoding

#: Keys under which a top-level JSON object may hold its list of records.
RECORD_LISTS = ("articles", "records", "items", "data")


def read_json(path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Article | Skipped]:
    """Read a ``.json`` file: one record, a list of records, or ``{"articles": [...]}``."""
    try:
        text = read_decoded(path)
    except BinaryFile as exc:
        yield Skipped(display, str(exc))
        return
    if not text.strip():
        yield Skipped(display, "empty file")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(display, f"not valid JSON: line {exc.lineno}: {exc.msg}")
        return
    if isinstance(doc, dict) and find_key(doc.keys(), fields.text) is None:
        doc = next((doc[k] for k in RECORD_LISTS if isinstance(doc.get(k), list)), doc)
    if isinstance(doc, dict):
        yield record_article(doc, display, 1, where=display, fields=fields)
    elif isinstance(doc, list):
        if not doc:
            yield Skipped(display, "no records (empty list)")
        for n, rec in enumerate(doc, 1):
            yield record_article(rec, display, n, where=f"{display}#{n}", fields=fields)
    else:
        yield Skipped(display, "JSON is neither an object nor a list of objects")


def read_jsonl(path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Article | Skipped]:
    """Read a JSON Lines file line by line; a bad line is skipped as ``file:line``, the rest still read."""
    with open_binary(path) as f:
        encoding = sniff_encoding(f.read(SNIFF_BYTES))
    if encoding is None:
        yield Skipped(display, "binary file (NUL bytes)")
        return
    n = 0
    for lineno, line in _lines(path, encoding):
        if isinstance(line, bytes):
            if not line.strip():
                continue
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                n += 1
                yield Skipped(f"{display}:{lineno}", f"not valid UTF-8: {exc.reason}")
                continue
        if not line.strip():
            continue
        n += 1
        where = f"{display}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON: line {lineno}: {exc.msg} (column {exc.colno})")
        else:
            yield record_article(rec, display, n, where=where, fields=fields)
    if n == 0:
        yield Skipped(display, "empty file")


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, bytes | str]]:
    """Numbered lines: raw bytes for UTF-8 (so one bad line is skipped alone), else decoded text."""
    if encoding in ("utf-8", "utf-8-sig"):
        with open_binary(path) as f:
            for lineno, raw in enumerate(f, 1):
                yield lineno, raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw
        return
    stream, _ = open_text(path)
    with stream:
        yield from enumerate(stream, 1)
