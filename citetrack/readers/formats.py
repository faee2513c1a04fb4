"""The record that describes one input format: what the registry, the engines and the help ask.

A reader module declares its formats at its end, ``FORMATS = (Format(...), ...)``; the registry
(:mod:`citetrack.readers.registry`) collects them from every module of this package, so adding a
format is one new module (its reader and its ``FORMATS``) plus a test.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: ``read(path, display, fields, max_bytes=..., part=...)``: the file's articles (web pages as
#: :class:`~citetrack.readers.html.Page`) and a :class:`~citetrack.models.Skipped` for each file or
#: record it cannot read. ``max_bytes`` is passed when the format is size-limited, ``part`` only to
#: formats that are read in parts.
Reader = Callable[..., Iterator]


@dataclass(frozen=True)
class Format:
    """One input format.

    - ``name``: for people (``--help``, the README): "CSV", "JSON Lines";
    - ``endings``: lower-case file endings with the dot (``.csv``); each may also be gzipped;
    - ``read``: the reader (see :data:`Reader`);
    - ``limit``: how ``--max-file-size`` bounds it: ``"file"`` (read whole: a bigger file is skipped
      unread, a compressed one stops at the limit once unpacked), ``"record"`` (streamed: each record
      is bounded) or ``None``;
    - ``pages``: its articles are web pages, slow to extract (a few already pay for worker processes);
    - ``many``: one file holds many articles even when small (a crawl): read by the parent, its
      articles go to the workers;
    - ``parts``: how a big UTF-8 file is cut for a cluster: ``"lines"`` (each line a record),
      ``"rows"`` (CSV rows, which may hold line breaks) or ``None`` (read whole by one worker).
    """

    name: str
    endings: tuple[str, ...]
    read: Reader
    limit: Literal["file", "record"] | None = None
    pages: bool = False
    many: bool = False
    parts: Literal["lines", "rows"] | None = None

    def open(self, path: Path, display: str, fields, max_bytes: int, part=None) -> Iterator:
        """The reader's items for one file, with the arguments this format takes."""
        kwargs = {"max_bytes": max_bytes} if self.limit else {}
        if part is not None:
            kwargs["part"] = part
        return self.read(path, display, fields, **kwargs)
