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

import pytest
from typer.testing import CliRunner

from citetrack.cli import app


@pytest.fixture(autouse=True, scope="session")
def _start_cache_dir(tmp_path_factory):
    """The start cache (:mod:`citetrack.startcache`) of every test in a temporary folder, never the
    user's ``~/.cache``; commands the tests run as subprocesses inherit it. A folder set by whoever
    runs the tests (``CITETRACK_CACHE_DIR=off`` too) is kept."""
    if not os.environ.get("CITETRACK_CACHE_DIR"):
        os.environ["CITETRACK_CACHE_DIR"] = str(tmp_path_factory.mktemp("start-cache"))
    yield


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



def accepted_names(matcher, text: str, names) -> list[tuple[int, int, int | None]]:
    """Of what ``Hits.names`` yields, (start, end, start of "the") of the names whose spelling
    ``Matcher.spelled_ok`` accepts: those ``gazetteer_mentions`` goes on with."""
    return [(s, e, the) for s, e, surfaces, the in names
            if matcher.spelled_ok(surfaces, text[s:e], text[the:e] if the is not None else None)[0]]
