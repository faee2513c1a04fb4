"""``citations.parquet``: the citations as an Apache Parquet table (``scan --format parquet``).

The same rows and columns as ``citations.jsonl`` (:data:`citetrack.export.CITATION_COLUMNS`), typed:
offsets are int64, flags booleans, the rest strings (null where the JSON line has null). It is what
pandas, polars and DuckDB load fastest. The table is made from the ``citations.jsonl`` just written
beside it, in batches of :data:`BATCH` rows, so its memory does not grow with the scan, and it holds
exactly what that file holds. pyarrow is an optional extra (``pip install 'citetrack[parquet]'``);
:func:`require` says so before a scan starts, not after it.
"""
from __future__ import annotations

import json
import os
from dataclasses import fields

from .atomic import atomic_path
from .errors import CitetrackError
from .export import CITATION_COLUMNS
from .models import Citation

BATCH = 50_000  # rows per row group: a few tens of MB of evidence text at most
_TYPES = {"int": "int64", "bool": "bool_"}  # every other Citation field is text (str or str | None)


def _arrow_type(name: str) -> str:
    for f in fields(Citation):
        if f.name == name:
            return _TYPES.get(getattr(f.type, "__name__", str(f.type)), "string")
    return "string"  # ``date``: the article's, YYYY-MM-DD or null


#: column -> Arrow type name
COLUMN_TYPES = {name: _arrow_type(name) for name in CITATION_COLUMNS}


def require() -> None:
    """:class:`CitetrackError` when pyarrow is not installed."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise CitetrackError("--format parquet needs pyarrow: pip install 'citetrack[parquet]'") from None


def schema():
    import pyarrow as pa
    return pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMN_TYPES.items()])


def write_citations_parquet(jsonl: str | os.PathLike, path: str | os.PathLike) -> None:
    """``path`` as the Parquet table of the citations in ``jsonl`` (a ``citations.jsonl``), written
    atomically: a reader sees no file or the whole one."""
    require()
    import pyarrow as pa
    import pyarrow.parquet as pq
    table_schema = schema()
    with atomic_path(path) as tmp, open(jsonl, encoding="utf-8") as lines:
        with pq.ParquetWriter(tmp, table_schema, compression="zstd") as writer:
            batch: list[dict] = []
            for line in lines:
                batch.append(json.loads(line))
                if len(batch) >= BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))

