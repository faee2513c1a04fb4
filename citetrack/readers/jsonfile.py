"""JSON articles: ``.json`` (one object or a list of objects) and ``.jsonl``/``.ndjson`` (one a line).

Fields are mapped by :mod:`citetrack.readers.records`. A record's id is its id field, else
``"<file>#<n>"`` (n counts records from 1; in JSON Lines, every non-blank line is a record, so a
bad line does not renumber the rest). Files may be gzipped and in any text encoding. A JSON Lines
record longer than ``max_bytes`` is skipped without being held in memory. A big UTF-8 JSON Lines
file can be read in parts (:class:`LineRange`, for a cluster): each part numbers its lines and
records as a whole-file read does, given how many came before it (:func:`count_lines`).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from .formats import Format
from ..models import Article, FieldMap, Skipped
from .limits import too_large
from .records import DEFAULT_FIELDS, find_key, record_article
from .source import SNIFF_BYTES, BinaryFile, check_text, open_binary, open_text, sniff_encoding, text_or_skip

#: Keys under which a top-level JSON object may hold its list of records.
RECORD_LISTS = ("articles", "records", "items", "data")
#: Bytes read at a time while skipping the rest of an over-long line.
_CHUNK = 1 << 20


def read_json(
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, max_bytes: int = 0
) -> Iterator[Article | Skipped]:
    """Read a ``.json`` file: one record, a list of records, or ``{"articles": [...]}``."""
    read = text_or_skip(path, display, max_bytes)
    if isinstance(read, Skipped):
        yield read
        return
    text, nuls = read
    for item in _records(text, display, fields):
        yield replace(item, nuls=True) if nuls and isinstance(item, Article) else item


def _records(text: str, display: str, fields: FieldMap) -> Iterator[Article | Skipped]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(display, f"not valid JSON: line {exc.lineno}: {exc.msg}")
        return
    except (RecursionError, ValueError) as exc:
        yield Skipped(display, f"not valid JSON: {_unusual(exc)}")
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


@dataclass(frozen=True)
class LineRange:
    """The lines of a (UTF-8, uncompressed) JSON Lines file that start at a byte in ``[start, stop)``,
    after ``lines_before`` lines holding ``records_before`` records; ``last``: the file's last part."""

    start: int
    stop: int
    lines_before: int = 0
    records_before: int = 0
    last: bool = True


def read_jsonl(
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, max_bytes: int = 0, part: LineRange | None = None
) -> Iterator[Article | Skipped]:
    """Read a JSON Lines file line by line; a bad line is skipped as ``file:line``, the rest still read.
    ``part``: only these lines (numbered as in the whole file)."""
    with open_binary(path) as f:
        head = f.read(SNIFF_BYTES)
    encoding = sniff_encoding(head)
    try:
        check_text(head, encoding)
    except BinaryFile as exc:
        yield Skipped(display, str(exc))
        return
    n = part.records_before if part is not None else 0
    for lineno, line in _lines(path, encoding, max_bytes, part):
        if line is None:
            n += 1
            yield Skipped(f"{display}:{lineno}", too_large(max_bytes))
            continue
        if isinstance(line, bytes):
            if not line or line.isspace():  # what strip() would leave empty, without the copy
                continue
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                n += 1
                yield Skipped(f"{display}:{lineno}", f"not valid UTF-8: {exc.reason}")
                continue
        if not line or line.isspace():
            continue
        n += 1
        try:
            rec = _record(line)
        except (json.JSONDecodeError, RecursionError, ValueError):
            yield Skipped(f"{display}:{lineno}", _not_json(line, lineno))
        else:
            yield record_article(rec, display, n, where=f"{display}:{lineno}", fields=fields)
    if n == 0 and (part is None or part.last):
        yield Skipped(display, "empty file")


def count_lines(path: Path, part: LineRange, max_bytes: int = 0) -> tuple[int, int]:
    """``(lines, records)`` in a part of a UTF-8 JSON Lines file, counted as :func:`read_jsonl` counts."""
    lines = records = 0
    for _, line in _lines(path, "utf-8", max_bytes, part):
        lines += 1
        records += is_record(line)
    return lines, records


def is_record(line: bytes | None) -> bool:
    """Whether :func:`read_jsonl` counts a raw line as a record (every line but blank ones)."""
    if line is None or not line.strip():
        return line is None
    try:
        return bool(line.decode("utf-8").strip())
    except UnicodeDecodeError:
        return True


def _lines(
    path: Path, encoding: str, max_bytes: int, part: LineRange | None = None
) -> Iterator[tuple[int, bytes | str | None]]:
    """Numbered lines: raw bytes for UTF-8 (so one bad line is skipped alone), else decoded text;
    ``None`` for a UTF-8 line longer than ``max_bytes`` (read in chunks, not kept)."""
    if encoding in ("utf-8", "utf-8-sig"):
        with open_binary(path) as f:
            stop = None
            if part is not None:
                _to_line_start(f, part.start)
                stop = part.stop
            first = part.lines_before + 1 if part is not None else 1
            for lineno, raw in enumerate(_bounded(f, max_bytes, stop), first):
                yield lineno, raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 and raw is not None else raw
        return
    if part is not None:
        raise ValueError(f"only UTF-8 JSON Lines files are read in parts, not {encoding}")
    stream, _ = open_text(path)
    with stream:
        yield from enumerate(stream, 1)


def _to_line_start(f: IO[bytes], start: int) -> None:
    """Move ``f`` to the first line that starts at byte ``start`` or after it."""
    if start <= 0:
        return
    f.seek(start - 1)
    while True:
        rest = f.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return


def _bounded(f: IO[bytes], max_bytes: int, stop: int | None = None) -> Iterator[bytes | None]:
    """The lines of ``f`` (those starting before byte ``stop``, when given); ``None`` for each line
    longer than ``max_bytes`` (when above 0)."""
    if max_bytes <= 0 and stop is None:
        yield from f
        return
    while True:
        if stop is not None and f.tell() >= stop:
            return
        line = f.readline(max_bytes + 1) if max_bytes > 0 else f.readline()
        if not line:
            return
        if max_bytes <= 0 or len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(_CHUNK)
        yield None


_SCAN = json.JSONDecoder().scan_once  # the C scanner json.loads runs, called without its two Python frames
_JSON_SPACE = " \t\n\r"


def _record(line: str) -> object:
    """``json.loads(line)``: a line that starts with "{" is scanned at once and must hold nothing
    but JSON white space after its object; any other line (and any error) goes through json.loads."""
    if line[:1] == "{":
        try:
            value, end = _SCAN(line, 0)
        except (StopIteration, json.JSONDecodeError):
            pass  # json.loads tells why
        else:
            if end == len(line) or not line[end:].strip(_JSON_SPACE):
                return value
    return json.loads(line)  # the line end is JSON white space: the same value


def _not_json(line: str, lineno: int) -> str:
    """Why a line of a JSON Lines file is no JSON: its error found again without the line end, so
    that the column counts on this line (an error at its end is not put on the next line)."""
    try:
        json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return f"not valid JSON: line {lineno}: {exc.msg} (column {exc.colno})"
    except (RecursionError, ValueError) as exc:
        return f"not valid JSON: line {lineno}: {_unusual(exc)}"
    return f"not valid JSON: line {lineno}"  # (the line end alone cannot make valid JSON invalid)


def _unusual(exc: Exception) -> str:
    """The reason for JSON that is well-formed but beyond what can be decoded."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion"


FORMATS = (
    Format("JSON", (".json",), read_json, limit="file"),
    Format("JSON Lines", (".jsonl", ".ndjson"), read_jsonl, limit="record", parts="lines"),
)
