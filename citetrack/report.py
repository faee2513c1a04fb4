"""What a scan hands to people on disk: the output folder (the terminal's tables are
:mod:`citetrack.terminal`).

Kept out of the CLI so library users can call it too: ``write_outputs(scan(...), "out/")``.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .errors import Interrupted, OutputError
from .markers import OUTPUT_MARKER, SAMPLE_FILES, write_marker
from .models import ReportOptions, ScanResult
from .outputs import EVERY, OUTPUTS
from .swap import staged

__all__ = ["write_outputs", "prepare_folder"]


def write_outputs(
    result: ScanResult, folder: Path | str, *, title: str | None = None, options: ReportOptions | None = None
) -> dict[str, Path]:
    """Write every output of a scan into ``folder`` (created if needed); returns name -> path.

    The outputs are written into a hidden run folder inside ``folder`` and swapped in together
    (:mod:`citetrack.swap`): ``folder`` shows this run's complete set or the one it had before,
    never a mix, even when the run is interrupted or killed; other files in it are left alone.
    ``options`` shape the page (title, ``max_nodes``); to narrow the outputs themselves to a date
    range or the top outlets, pass the result through :func:`citetrack.narrow.narrow` first.
    """
    options = options or ReportOptions()
    if title is not None:
        options = replace(options, title=title)
    new = not os.path.lexists(folder)
    folder = prepare_folder(folder)
    try:
        with staged(folder, EVERY) as stage:
            for output in OUTPUTS:
                if output.wanted(options):
                    output.write(result, stage / output.file, options)
    except Interrupted:
        raise  # after the swap: the new set is complete, and the message says so
    except BaseException as exc:
        if new:
            remove_empty(folder)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(f"stopped while writing outputs to {folder}: nothing changed") from None
        raise
    return {o.file: folder / o.file for o in OUTPUTS if o.wanted(options)}


def remove_empty(folder: Path) -> None:
    """Remove ``folder`` if it is empty but for citetrack's marker (one this run created and did
    not get to fill)."""
    try:
        if [p.name for p in folder.iterdir()] == [OUTPUT_MARKER]:
            (folder / OUTPUT_MARKER).unlink()
        folder.rmdir()
    except OSError:
        pass  # not empty (a --cache database, files of the user's): leave it


def prepare_folder(folder: Path | str) -> Path:
    """The output folder, created if needed; :class:`OutputError` when it cannot be."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"output path {folder} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise OutputError(f"output path {folder} exists and is not a folder")
    write_marker(folder, OUTPUT_MARKER, EVERY + SAMPLE_FILES)  # a later scan of a folder holding this one leaves them out
    return folder
