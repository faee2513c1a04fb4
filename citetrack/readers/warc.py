"""Web crawls (``.warc``, ``.warc.gz``, as Common Crawl News publishes them), read with warcio.

Every ``response`` record whose HTTP ``Content-Type`` is HTML is one article, extracted like a
saved page (:mod:`citetrack.readers.html`); its URL is the record's ``WARC-Target-URI`` (unless the
page names a canonical one). Article ids are ``"<file>#<n>"``, n counting the HTML responses
from 1. A damaged or truncated archive is reported as skipped after the records read before it,
which are kept; so is one that warcio warns about (its warnings never reach the terminal), and a
record over the size limit is skipped alone.
"""
from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from .formats import Format
from ..models import Skipped
from .html import Page, html_text
from .limits import too_large
from .source import BinaryFile, is_gzip, open_binary, open_raw

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, display: str, fields: object = None, max_bytes: int = 0) -> Iterator[Page | Skipped]:
    """One article per HTML response record; other records (requests, metadata, images) are passed over.

    A record longer than ``max_bytes`` (0 = no limit) is skipped without being held in memory.
    warcio writes its warnings (a wrong Content-Length, damaged gzip members) to stderr; they are
    caught, and the first one becomes the file's one-line skip reason (the records read are kept).
    """
    from warcio.archiveiterator import ArchiveIterator  # here: a command that reads no WARC never loads it
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    warnings: list[str] = []
    with open_raw(path) as f:
        try:
            records = ArchiveIterator(f)
            while (record := _quietly(warnings, next, records, None)) is not None:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not content_type.startswith(HTML_TYPES):
                    continue
                data = _quietly(warnings, record.content_stream().read, max_bytes + 1 if max_bytes > 0 else -1)
                if max_bytes > 0 and len(data) > max_bytes:
                    n += 1
                    yield Skipped(f"{display}#{n}", too_large(max_bytes))
                    continue
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than its Content-Length
                    raise EOFError("the last record is cut short")
                n += 1
                yield _article(record, content_type, data, display, n)
            if is_gzip(path):
                _check_gzip_complete(path)  # warcio stops quietly at a cut gzip member
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            reason = str(exc) or type(exc).__name__
            if warnings:  # what warcio said first explains the failure best ("Content-Length is invalid")
                reason = f"warcio: {warnings[0]}; {reason}"
            yield Skipped(display, f"damaged or truncated WARC after {n} HTML records (kept): {reason}")
            return
    if warnings:
        yield Skipped(display, f"damaged WARC ({n} HTML records read, kept): warcio: {warnings[0]}")
    elif n == 0:
        yield Skipped(display, "no HTML response records")


def _quietly(warnings: list[str], call, *args):
    """``call(*args)`` with whatever warcio writes to stderr caught into ``warnings``, one line each."""
    caught = io.StringIO()
    with contextlib.redirect_stderr(caught):
        try:
            return call(*args)
        finally:
            said = " ".join(caught.getvalue().split()).removeprefix("WARNING: ").partition(" Remainder:")[0]
            if said:
                warnings.append(said)


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


FORMATS = (Format("web crawls (WARC)", (".warc", ".warc.gz"), read_warc, limit="record", pages=True, many=True),)
