"""Helpers the test modules share: running the command line, writing files and small corpora.

Import them (``from conftest import invoke, write``): tests/ is on the path, as for ``cdp`` and
``killing``.
"""
from __future__ import annotations

import os
from pathlib import Path

# pytest-xdist's workers set COLUMNS=80. The tests choose the width themselves (invoke(columns=...));
# without COLUMNS a run counts as piped and prints whole cells. Dropped before citetrack.cli is imported.
os.environ.pop("COLUMNS", None)

from typer.testing import CliRunner

from citetrack.cli import app


def invoke(args: list, *, columns: int = 250, **kwargs):
    """``citetrack ARGS`` in this process (typer's runner), on a terminal ``columns`` wide."""
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(app, [str(a) for a in args], **kwargs)


def write(path: Path, content: str | bytes) -> Path:
    """Write a file (text as UTF-8), creating its folder; returns its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")  # line ends exactly as given
    return path


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    """One file per article (name -> text) in ``folder``; returns the folder."""
    for name, text in texts.items():
        write(folder / name, text)
    return folder

