"""Marker files: how citetrack recognises its own folders, so that it never reads them as articles.

``citetrack scan -o OUT`` writes :data:`OUTPUT_MARKER` into OUT and ``--dump-text DIR`` writes
:data:`TEXT_MARKER` into DIR. When a later scan walks a folder holding either (``scan ex -o ex/out``
run twice), it leaves out what citetrack wrote there and says so in a note: in an output folder the
output files (:data:`OUTPUT_FILES`), in a text folder everything. A file named on the command line
is always read.
"""
from __future__ import annotations

from pathlib import Path

OUTPUT_MARKER = ".citetrack-output"
TEXT_MARKER = ".citetrack-text"

#: The files a scan writes into its output folder, in the order they are written.
OUTPUT_FILES = ("citations.jsonl", "outlets.csv", "articles.csv", "graph.graphml", "graph.gexf", "graph.html")

_TEXT = {
    OUTPUT_MARKER: "an output folder of citetrack: it is written, not read",
    TEXT_MARKER: "a --dump-text folder of citetrack: it is written, not read",
}


def write_marker(folder: Path, marker: str) -> None:
    """Mark ``folder`` (best effort: a folder that cannot take the file is still written to)."""
    path = Path(folder) / marker
    if path.exists():
        return
    try:
        path.write_text(f"This folder is {_TEXT[marker]} (by scans that walk a folder holding it).\n",
                        encoding="utf-8")
    except OSError:
        pass


def marker_of(names: set[str] | frozenset[str]) -> str | None:
    """Which marker a folder with these entry names holds (the text marker first), if any."""
    for marker in (TEXT_MARKER, OUTPUT_MARKER):
        if marker in names:
            return marker
    return None


def left_out(folder: str, marker: str, names: list[str] | None = None) -> str:
    """The note saying what was left out of ``folder`` (shown as the user would type it)."""
    what = f"{', '.join(names)} in {folder}/" if names else f"{folder}/"
    return f"left out {what} ({_TEXT[marker]})"
