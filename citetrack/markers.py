"""Marker files: how citetrack recognises its own folders, so that it never reads them as articles.

``citetrack scan -o OUT`` writes :data:`OUTPUT_MARKER` into OUT and ``--dump-text DIR`` writes
:data:`TEXT_MARKER` into DIR. When a later scan walks a folder holding either (``scan ex -o ex/out``
run twice), it leaves out what citetrack wrote there and says so in a note: in an output folder the
output files (which the marker lists, one a line after its first), in a text folder everything. A
file named on the command line is always read.
"""
from __future__ import annotations

from pathlib import Path

OUTPUT_MARKER = ".citetrack-output"
TEXT_MARKER = ".citetrack-text"
#: What other commands write into an output folder by default (``citetrack sample``): the marker
#: lists them beside scan's outputs, so a later scan leaves them out too.
SAMPLE_FILES = ("audit.csv", "audit.html")

#: The ``--cache`` database in an output folder (:mod:`citetrack.cache`); named here so that the
#: command line's help can say so without loading sqlite3.
CACHE_NAME = ".citetrack-cache.sqlite"

#: Bytes of a marker file read (a marker is a few lines; a huge file of that name is not ours).
MARKER_BYTES = 4096

_TEXT = {
    OUTPUT_MARKER: "an output folder of citetrack: it is written, not read",
    TEXT_MARKER: "a --dump-text folder of citetrack: it is written, not read",
}


def write_marker(folder: Path, marker: str, files: tuple[str, ...] = ()) -> None:
    """Mark ``folder`` as citetrack's, listing the ``files`` it writes there (best effort: a folder
    that cannot take the file is still written to)."""
    path = Path(folder) / marker
    text = f"This folder is {_TEXT[marker]} (by scans that walk a folder holding it).\n" + \
        "".join(f"{name}\n" for name in files)
    try:
        if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
            return
        path.write_text(text, encoding="utf-8")
    except OSError:
        pass


def marked_files(folder: Path | str, marker: str) -> set[str]:
    """The file names a marker in ``folder`` lists (none when it cannot be read)."""
    try:
        with open(Path(folder) / marker, "rb") as f:
            lines = f.read(MARKER_BYTES).decode("utf-8", "replace").splitlines()[1:]
    except OSError:
        return set()
    return {line.strip() for line in lines if line.strip() and "/" not in line}


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
