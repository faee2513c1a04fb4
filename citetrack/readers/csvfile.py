"""CSV and TSV exports: one article a row, streamed (a file of any size is read row by row).

The header row names the columns; the text column is found by name (``text``, ``body``,
``content``, ``article``, case ignored) or given with ``--text-column``, and title, date, url,
outlet/publisher and id columns are mapped the same way (:mod:`citetrack.readers.records`).
A row's id is its id column, else ``"<file>#<n>"`` with n the data row number (from 1).
``.csv`` is comma-separated, ``.tsv`` tab-separated; files may be gzipped and in any encoding.
"""
from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from ..models import Article, FieldMap, Skipped
from .records import DEFAULT_FIELDS, find_key, missing_text, record_article
from .source import BinaryFile, open_text

# Article bodies are long: lift the csv module's 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(path: Path, display: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[Article | Skipped]:
    """Read a ``.csv`` / ``.tsv`` file (maybe ``.gz``) row by row."""
    name = path.name.lower().removesuffix(".gz")
    delimiter = "\t" if name.endswith(".tsv") else ","
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
        n = 0
        try:
            for n, row in enumerate(reader, 1):
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{display}:{reader.line_num}"
                if len(row) > len(header):
                    yield Skipped(where, f"{len(row)} cells in a row of {len(header)} columns")
                    continue
                rec = {h: cell for h, cell in zip(header, row) if h}
                yield record_article(rec, display, n, where=where, fields=fields, what="column")
        except csv.Error as exc:
            yield Skipped(f"{display}:{reader.line_num}", f"not valid CSV: {exc}; rows before it were read")
        if n == 0:
            yield Skipped(display, "no rows below the header")
