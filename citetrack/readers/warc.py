"""Web crawls (``.warc``, ``.warc.gz``, as Common Crawl News publishes them), read with warcio.

Every ``response`` record whose HTTP ``Content-Type`` is HTML is one article, extracted like a
saved page (:mod:`citetrack.readers.html`); its URL is the record's ``WARC-Target-URI`` (unless the
page names a canonical one). Article ids are ``"<file>#<n>"``, n counting the HTML responses
from 1. A damaged or truncated archive is reported as skipped after the records read before it,
which are kept.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..models import Skipped
from .html import Page, html_text
from .source import BinaryFile, is_gzip, open_binary, open_raw

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, display: str, fields: object = None) -> Iterator[Page | Skipped]:
    """One article per HTML response record; other records (requests, metadata, images) are passed over."""
    n = 0
    with open_raw(path) as f:
        try:
            for record in ArchiveIterator(f):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not content_type.startswith(HTML_TYPES):
                    continue
                data = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than its Content-Length
                    raise EOFError("the last record is cut short")
                n += 1
                yield _article(record, content_type, data, display, n)
            if is_gzip(path):
                _check_gzip_complete(path)  # warcio stops quietly at a cut gzip member
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            reason = str(exc) or type(exc).__name__
            yield Skipped(display, f"damaged or truncated WARC after {n} HTML records (kept): {reason}")
            return
    if n == 0:
        yield Skipped(display, "no HTML response records")


def _check_gzip_complete(path: Path) -> None:
    """Raise ``EOFError`` when the gzip stream of ``path`` ends before its end marker."""
    with open_binary(path) as g:  # gzip (checked by the caller)
        while g.read(1 << 20):
            pass


def _article(record, content_type: str, data: bytes, display: str, n: int) -> Page | Skipped:
    where = f"{display}#{n}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    charset = content_type.partition("charset=")[2].split(";")[0].strip(" \"'") or None
    try:
        markup = html_text(data, charset)
    except BinaryFile as exc:
        return Skipped(where, str(exc))
    return Page(display, where, markup, url)
