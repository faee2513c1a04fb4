"""CSV and TSV exports: one article a row, streamed (a file of any size is read row by row).

The header row names the columns; the text column is found by name (``text``, ``body``,
``content``, ``article``, case ignored) or given with ``--text-column``, and title, date, url,
outlet/publisher and id columns are mapped the same way (:mod:`citetrack.readers.records`).
A row's id is its id column, else ``"<file>#<n>"`` with n the data row number (from 1).
``.csv`` is comma-separated, ``.tsv`` tab-separated; files may be gzipped and in any encoding.

Rows come from :class:`~citetrack.readers.csvrows.Rows`: a row longer than the record limit
(``--max-file-size``) is skipped without being held, a quoted cell that never closes is skipped
as ``unclosed quote`` and the lines below its row's first line are read again (so the rows it
swallowed are kept), and NUL characters are read as spaces.

A big UTF-8 file can be read in parts (:class:`RowRange`, for a cluster): :func:`row_ranges`
parses it once to find rows that start near each cut (a quoted cell may hold line breaks, so a
line start is not always a row start), and each part then numbers rows and lines as a whole read.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .formats import Format
from ..models import DEFAULT_MAX_FILE_SIZE, Article, FieldMap, Skipped
from .csvrows import Rows
from .lines import Lines, open_lines
from .records import DEFAULT_FIELDS, find_key, missing_text, record_article
from .source import BinaryFile, open_binary


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
    path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS, max_bytes: int = 0, part: RowRange | None = None
) -> Iterator[Article | Skipped]:
    """Read a ``.csv`` / ``.tsv`` file (maybe ``.gz``) row by row; ``part``: only those rows. A row
    longer than ``max_bytes`` (0 = no limit) or with a quote never closed is skipped (:class:`Rows`)."""
    delimiter = _delimiter(path)
    if part is not None:
        yield from _read_part(path, display, fields, part, delimiter, max_bytes)
        return
    try:
        lines = open_lines(path, max_bytes)
    except BinaryFile as exc:
        yield Skipped(display, str(exc))
        return
    with lines:
        rows = Rows(lines, delimiter, max_bytes)
        events = rows.rows()
        try:
            first = next(events, None)
        except csv.Error as exc:
            yield Skipped(display, f"not valid CSV: {exc}")
            return
        if first is not None and isinstance(first[2], str):
            yield Skipped(display, f"header row: {first[2]}")
            return
        header = [h.strip() for h in first[2]] if first is not None else []
        if not any(header):
            yield Skipped(display, "empty file (no header row)")
            return
        if find_key(header, fields.text) is None:
            yield Skipped(display, missing_text(fields, header, what="column"))
            return
        yield from _rows(events, rows, header, display, fields)


def _rows(events: Iterator[tuple[int, int, list[str] | str]], rows: Rows, header: list[str], display: str,
          fields: FieldMap, part: RowRange | None = None) -> Iterator[Article | Skipped]:
    """The articles and skips of the rows ``events`` gives (from :meth:`Rows.rows`), numbered after
    ``part``'s rows."""
    n = part.rows_before if part is not None else 0
    try:
        for first, last, row in events:
            n += 1
            if isinstance(row, str):
                yield Skipped(f"{display}:{first}", row)
                continue
            if not any(cell.strip() for cell in row):
                continue
            where = f"{display}:{last}"
            if len(row) > len(header):
                yield Skipped(where, f"{len(row)} cells in a row of {len(header)} columns")
                continue
            rec = {h: cell for h, cell in zip(header, row) if h}
            item = record_article(rec, display, n, where=where, fields=fields, what="column")
            yield replace(item, nuls=True) if rows.nul and isinstance(item, Article) else item
    except csv.Error as exc:
        yield Skipped(f"{display}:{rows.lineno}", f"not valid CSV: {exc}; rows before it were read")
    if n == 0 and (part is None or part.last):
        yield Skipped(display, "no rows below the header")


def _read_part(path: Path, display: str, fields: FieldMap, part: RowRange, delimiter: str, max_bytes: int):
    with open_binary(path) as f:
        f.seek(part.start)
        rows = Rows(Lines(f, max_bytes, part.start), delimiter, max_bytes, part.lines_before)
        yield from _rows(_until(rows, part.stop), rows, list(part.header), display, fields, part)


def _until(rows: Rows, stop: int | None) -> Iterator[tuple[int, int, list[str] | str]]:
    """The rows of ``rows`` up to the last one starting before byte ``stop``."""
    for row in rows.rows():
        yield row
        if stop is not None and rows.pos >= stop:
            return


def row_ranges(path: Path, chunk_bytes: int, fields: FieldMap = DEFAULT_FIELDS,
               max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> list[RowRange]:
    """Parts of about ``chunk_bytes`` of a UTF-8 CSV file, cut at row starts (rows as a whole read
    with the record limit ``max_bytes`` finds them); [] when it is not worth splitting or its
    header is unusable (then it is read whole, which reports why)."""
    delimiter = _delimiter(path)
    cuts: list[tuple[int, int, int]] = []  # (byte, rows, lines) where a part starts
    with open_binary(path) as f:
        rows = Rows(Lines(f, max_bytes, bom=True), delimiter, max_bytes)
        events = rows.rows()
        try:
            first = next(events, None)
            if first is None or isinstance(first[2], str) or find_key([h.strip() for h in first[2]], fields.text) is None:
                return []
            cuts.append((rows.pos, 0, rows.lineno))
            n = 0
            for n, _ in enumerate(events, 1):
                if rows.pos - cuts[-1][0] >= chunk_bytes:
                    cuts.append((rows.pos, n, rows.lineno))
        except csv.Error:
            pass  # the part it falls in meets the same error and stops there, as a whole read does
    if len(cuts) < 2:
        return []
    header = tuple(h.strip() for h in first[2])
    stops = [c[0] for c in cuts[1:]] + [None]
    return [RowRange(start, stop, rows_, lines_, header, last=stop is None)
            for (start, rows_, lines_), stop in zip(cuts, stops)]


FORMATS = (Format("CSV and TSV", (".csv", ".tsv"), read_csv, limit="record", parts="rows"),)
