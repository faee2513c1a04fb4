"""One article's analysis: what every engine (this machine's cores, a Dask cluster) runs.

:func:`analyse` resolves an article's publisher and extracts its citations; :func:`analyse_item`
does the same for a web page (extracting its text first) and turns a failure into a skip;
:func:`file_result` reads and analyses one whole file, or one part of a big one (a byte range cut
by :mod:`citetrack.engines.parts`), in the process that runs it, so that only compact results
travel between processes. Engines import these and never the pipeline that drives them
(:mod:`citetrack.pipeline`).
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .dump import dump_text
from .errors import CitetrackError, internal_error
from .extract import extract_counted
from .models import Article, ArticleInfo, Citation, ScanOptions, Skipped
from .outlets import load_gazetteer
from .publisher import resolve_source
from .readers.html import Page
from .readers.registry import read_items
from .rules import load_rules
from .startcache import warm


def analyse(article: Article, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]]:
    """One article's metadata (publisher and wire resolved) and citations (self-citations and
    citations in wire copy marked)."""
    gaz = load_gazetteer(options.outlets_files)
    publisher, wire = resolve_source(article, gaz, options.publisher, options.publisher_from)
    cits, unexamined = extract_counted(article, gaz, ruleset=load_rules(options.rules_files),
                                       unknown_outlets=options.unknown_outlets,
                                       publisher=publisher if publisher is not None and publisher.known else None)
    if options.kinds:
        cits = [c for c in cits if c.kind in options.kinds]
    if publisher is not None:
        cits = [replace(c, self=True) if c.outlet_id == publisher.id else c for c in cits]
        if not options.self_citations:
            cits = [c for c in cits if not c.self]
    if wire is not None and (publisher is None or wire.outlet.id != publisher.id):  # another outlet's wire story
        cits = [replace(c, wire_copy=True) for c in cits]
        if not options.wire_copy:
            cits = []
    if options.dump_text is not None:
        dump_text(article, options.dump_text)
    info = article.info(publisher=publisher.name if publisher else None,
                        publisher_id=publisher.id if publisher else None, unexamined=unexamined,
                        wire=wire.outlet.name if wire else None)
    return info, cits


def analyse_item(item: Article | Page, options: ScanOptions) -> tuple[ArticleInfo, list[Citation]] | Skipped:
    """:func:`analyse`, extracting a web page's text first (so that runs in the workers too).

    An unexpected error (a bug, in citetrack or a library) skips this article with a reason that
    asks for a report, and the scan goes on; ``CITETRACK_DEBUG=1`` raises it instead. Running out
    of memory on one article skips it with the reason ``out of memory``.
    """
    try:
        if isinstance(item, Page):
            item = item.extract()
            if isinstance(item, Skipped):
                return item
        return analyse(item, options)
    except (KeyboardInterrupt, CitetrackError):
        raise
    except MemoryError:  # this article's memory is freed as the frames unwind: the scan goes on
        return Skipped(_where(item), "out of memory")
    except Exception as exc:  # noqa: BLE001 - one article's bug must not lose the whole scan
        if os.environ.get("CITETRACK_DEBUG"):
            raise
        return Skipped(_where(item), internal_error(exc))


def _where(item: Article | Page) -> str:
    return item.file if item.id == item.file else f"{item.file} [{item.id}]"


def warm_up(options: ScanOptions) -> None:
    """Load and compile the gazetteer, its automaton and the rules, from the start cache when it has
    them (:mod:`citetrack.startcache`); forked workers inherit them."""
    warm(options.outlets_files, options.rules_files)


def file_result(file: Path, shown: str, options: ScanOptions, size: int | None = None,
                part=None) -> tuple[list, list[Skipped]]:
    """One file read and analysed (web pages extracted here too): its articles' results and skips.
    ``size``: the file's size if the caller looked it up already (see :func:`read_items`).
    ``part``: only this part of it (a :class:`~citetrack.readers.jsonfile.LineRange` or
    :class:`~citetrack.readers.csvfile.RowRange`), numbered as in the whole file."""
    pairs, skipped = [], []
    for item in read_items(file, shown, options.fields, options.max_file_size, part=part, size=size):
        result = item if isinstance(item, Skipped) else analyse_item(item, options)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            pairs.append(result)
    return pairs, skipped
