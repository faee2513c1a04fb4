"""The outlet-level network files (:mod:`citetrack.networks`) on disk and as text: the edge lists
and the reciprocity table as CSV (written like the other CSV outputs: atomically, formulas
neutralised), the reciprocity table as JSON, and the outlet graph as GraphML."""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from typing import IO

from .atomic import atomic_open
from .export import csv_cell, write_graphml
from .models import ScanResult
from .networks import (
    COCITATION_COLUMNS, PUBLISHER_EDGE_COLUMNS, RECIPROCITY_COLUMNS, cocitations, outlet_graph, publisher_edges,
    reciprocity,
)


def _write(f: IO[str], cols: tuple[str, ...], rows: Iterable) -> None:
    writer = csv.writer(f)
    writer.writerow(cols)
    for row in rows:
        writer.writerow([csv_cell(getattr(row, c)) for c in cols])


def _csv(path: str | os.PathLike, cols: tuple[str, ...], rows: Iterable) -> None:
    with atomic_open(path, newline="") as f:
        _write(f, cols, rows)


def write_publisher_edges_csv(result: ScanResult, path: str | os.PathLike) -> None:
    """``edges-publisher.csv``: :data:`~citetrack.networks.PUBLISHER_EDGE_COLUMNS`, one row per
    publisher and cited outlet."""
    _csv(path, PUBLISHER_EDGE_COLUMNS, publisher_edges(result))


def write_cocitation_csv(result: ScanResult, path: str | os.PathLike) -> None:
    """``edges-cocitation.csv``: :data:`~citetrack.networks.COCITATION_COLUMNS`, one row per pair."""
    _csv(path, COCITATION_COLUMNS, cocitations(result))


def write_reciprocity_csv(result: ScanResult, path: str | os.PathLike) -> None:
    """``reciprocity.csv``: :data:`~citetrack.networks.RECIPROCITY_COLUMNS`, one row per pair of
    publishers citing each other."""
    _csv(path, RECIPROCITY_COLUMNS, reciprocity(publisher_edges(result)))


def write_outlet_graphml(result: ScanResult, path: str | os.PathLike) -> None:
    """``graph-outlets.graphml``: :func:`~citetrack.networks.outlet_graph`, attributes single-typed."""
    write_graphml(outlet_graph(result), path)


def reciprocity_text(rows: list, fmt: str) -> str:
    """Reciprocity rows as CSV (the same as ``reciprocity.csv``) or JSON (a list of objects)."""
    if fmt == "csv":
        buf = io.StringIO(newline="")
        _write(buf, RECIPROCITY_COLUMNS, rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r} (expected 'csv' or 'json')")
