"""Reading articles from files and folders.

- :func:`iter_articles` walks files and folders and yields :class:`~citetrack.models.Article`\\ s,
  reporting what it cannot read through ``on_skip``;
- :func:`read_file` reads one file;
- :data:`FORMATS` lists the input formats (:class:`Format` records, one module each), and
  :data:`SUPPORTED` maps file endings to them;
- :func:`parse_date` normalises dates to ISO ``YYYY-MM-DD``.
"""
from __future__ import annotations

from .dates import parse_date
from .registry import FORMATS, SUPPORTED, Format, Reader, format_for, reader_for
from .text import looks_like_title, text_metadata
from .walk import display_path, iter_articles, iter_files, read_file

__all__ = [
    "FORMATS",
    "Format",
    "SUPPORTED",
    "format_for",
    "Reader",
    "display_path",
    "iter_articles",
    "iter_files",
    "looks_like_title",
    "parse_date",
    "read_file",
    "reader_for",
    "text_metadata",
]
