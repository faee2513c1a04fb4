"""CSV and TSV exports: one article a row, streamed (a file of any size is read row by row).

The header row names the columns; the text column is found by name (``text``, ``body``,
``content``, ``article``, case ignored) or given with ``--text-column``, and title, date, url,
outlet/publisher and id columns are mapped the same way (:mod:`citetrack.readers.records`).
A row's id is its id column, else ``"<file>#<n>"`` with n the data row number (from 1).
``.csv`` is comma-separated, ``.tsv`` tab-separated; files may be gzipped and in any encoding.

A big UTF-8 file can be read in parts (:class:`RowRange`, for a cluster): :func:`row_ranges`
parses it once to find rows that start near each cut (a quoted cell may hold line breaks, so a
line start is not always a row start), and each part then numbers rows and lines as a whole read.
"""
from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..models import Article, FieldMap, Skipped
from .records import DEFAULT_FIELDS, find_key, missing_text, record_article
from .source import BinaryFile, open_binary, open_text

# Article bodies are long: lift the csv module's 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class RowRange:
    """The rows of a (UTF-8, uncompressed) CSV file from the row starting at byte ``start`` to the
    last one starting before ``stop`` (None: to the end), after ``rows_before`` rows on
    ``lines_before`` lines (header included); ``header``: the file's header row."""

    start: int
    stop: int | None
    rows_before: int
    lines_before: int
    header: tuple[str, ...]
    last: bool = True


def _delimiter(path: Path) -> str:
    return "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","


def read_csv(
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, part: RowRange | None = None
) -> Iterator[Article | Skipped]:
    """Read a ``.csv`` / ``.tsv`` file (maybe ``.gz``) row by row; ``part``: only those rows."""
    delimiter = _delimiter(path)
    if part is not None:
        yield from _read_part(path, display, fields, part, delimiter)
        return
    try:
        stream, _ = open_text(path, newline="")
    except BinaryFile as exc:
        yield Skipped(display, str(exc))
        return
    with stream:
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            yield Skipped(display, "empty file (no header row)")
            return
        header = [h.strip() for h in header]
        if find_key(header, fields.text) is None:
            yield Skipped(display, missing_text(fields, header, what="column"))
            return
        yield from _rows(reader, header, display, fields)


def _rows(reader, header: list[str], display: str, fields: FieldMap, part: RowRange | None = None,
          rows: Iterator[list[str]] | None = None) -> Iterator[Article | Skipped]:
    """The articles and skips of the rows ``reader`` gives (or ``rows``, some of them), numbered
    after ``part``'s rows and lines."""
    n = rows_before = part.rows_before if part is not None else 0
    lines_before = part.lines_before if part is not None else 0
    try:
        for n, row in enumerate(reader if rows is None else rows, rows_before + 1):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{display}:{lines_before + reader.line_num}"
            if len(row) > len(header):
                yield Skipped(where, f"{len(row)} cells in a row of {len(header)} columns")
                continue
            rec = {h: cell for h, cell in zip(header, row) if h}
            yield record_article(rec, display, n, where=where, fields=fields, what="column")
    except csv.Error as exc:
        yield Skipped(f"{display}:{lines_before + reader.line_num}", f"not valid CSV: {exc}; rows before it were read")
    if n == 0 and (part is None or part.last):
        yield Skipped(display, "no rows below the header")


class _Lines:
    """The lines of a UTF-8 byte stream as ``open_text(newline="")`` gives them (ending at ``\\n``,
    ``\\r\\n`` or a lone ``\\r``, undecodable bytes as U+FFFD), counting the bytes given out."""

    _LONE_CR = re.compile(rb"(?<=\r)(?!\n)")

    def __init__(self, f: IO[bytes], pos: int, bom: bool = False):
        self.f, self.pos, self.bom = f, pos, bom

    def __iter__(self) -> Iterator[str]:
        for raw in self.f:
            for piece in self._LONE_CR.split(raw) if b"\r" in raw else (raw,):
                if piece:
                    self.pos += len(piece)
                    if self.bom:
                        self.bom, piece = False, piece.removeprefix(b"\xef\xbb\xbf")
                    yield piece.decode("utf-8", errors="replace")


def _read_part(path: Path, display: str, fields: FieldMap, part: RowRange, delimiter: str):
    with open_binary(path) as f:
        f.seek(part.start)
        lines = _Lines(f, part.start)
        reader = csv.reader(lines, delimiter=delimiter)
        yield from _rows(reader, list(part.header), display, fields, part, _until(reader, lines, part.stop))


def _until(reader, lines: _Lines, stop: int | None) -> Iterator[list[str]]:
    """The rows of ``reader`` up to the last one starting before byte ``stop``."""
    for row in reader:
        yield row
        if stop is not None and lines.pos >= stop:
            return


def row_ranges(path: Path, chunk_bytes: int, fields: FieldMap = DEFAULT_FIELDS) -> list[RowRange]:
    """Parts of about ``chunk_bytes`` of a UTF-8 CSV file, cut at row starts; [] when it is not
    worth splitting or its header is unusable (then it is read whole, which reports why)."""
    delimiter = _delimiter(path)
    cuts: list[tuple[int, int, int]] = []  # (byte, rows, lines) where a part starts
    with open_binary(path) as f:
        lines = _Lines(f, 0, bom=True)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(reader, None)
            if header is None or find_key([h.strip() for h in header], fields.text) is None:
                return []
            cuts.append((lines.pos, 0, reader.line_num))
            n = 0
            for n, _ in enumerate(reader, 1):
                if lines.pos - cuts[-1][0] >= chunk_bytes:
                    cuts.append((lines.pos, n, reader.line_num))
        except csv.Error:
            pass  # the part it falls in meets the same error and stops there, as a whole read does
    if len(cuts) < 2:
        return []
    header = tuple(h.strip() for h in header)
    stops = [c[0] for c in cuts[1:]] + [None]
    return [RowRange(start, stop, rows, lines_, header, last=stop is None)
            for (start, rows, lines_), stop in zip(cuts, stops)]
