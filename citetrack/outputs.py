"""The files a scan writes into its output folder: one registry, read by the writer
(:func:`citetrack.report.write_outputs`), the summary line, the ``--output`` help and the README's
table (``tests/test_export.py`` checks the README against it).

To add an output, add one :class:`Output` here (and its writer in :mod:`citetrack.export` or a
module of its own) plus a test; every list of outputs follows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .export import (write_article_rows, write_articles_csv, write_citation_lines, write_citations_jsonl, write_gexf,
                     write_graphml, write_outlets_csv)
from .graphstream import write_stored_gexf, write_stored_graphml
from .models import ReportOptions, ScanResult
from .netexport import write_cocitation_csv, write_outlet_graphml, write_publisher_edges_csv, write_reciprocity_csv
from .pagestream import write_stored_page
from .render import render_html
from .timeline import article_days, write_timeline


@dataclass(frozen=True)
class Output:
    """One output file: its name, what it holds (one line), and how it is written from a scan."""

    file: str
    content: str
    write: Callable[[ScanResult, Path, ReportOptions], object]


def _articles(result: ScanResult, path: Path, options: ReportOptions) -> None:
    every = result.every_article() if result.every_article else result.articles
    if result.store is not None:
        write_article_rows(every, result.store.article_totals(), path)
    else:
        write_articles_csv(every, result.citations, path)


def _citations(result: ScanResult, path: Path, options: ReportOptions) -> None:
    if result.store is not None:
        write_citation_lines(result.store.with_days(), path)
    else:
        write_citations_jsonl(result.citations, path, article_days(result.articles))


def _graphml(result: ScanResult, path: Path, options: ReportOptions) -> None:
    if result.store is not None:
        write_stored_graphml(result, path)  # streamed from the store: the graph is never built
    else:
        write_graphml(result.graph, path)


def _gexf(result: ScanResult, path: Path, options: ReportOptions) -> None:
    if result.store is not None:
        write_stored_gexf(result, path)
    else:
        write_gexf(result.graph, path)


def _page(result: ScanResult, path: Path, options: ReportOptions) -> None:
    if result.store is not None:
        write_stored_page(result, path, options)  # the same bytes, written as they are computed
    else:
        render_html(result, path, options)


#: In the order they are written (the page last: it is the slowest).
OUTPUTS: tuple[Output, ...] = (
    Output("citations.jsonl", "every citation with its evidence, one JSON object a line", _citations),
    Output("outlets.csv", "per-outlet counts", lambda r, p, o: write_outlets_csv(r.counts, p)),
    Output("articles.csv", "one row per article read", _articles),
    Output("timeline.csv", "citations per period, outlet and kind (long format)", write_timeline),
    Output("graph.graphml", "the article-outlet graph (GraphML)", _graphml),
    Output("graph.gexf", "the same graph for Gephi (GEXF)", _gexf),
    Output("edges-publisher.csv", "who cites whom: publisher -> cited outlet",
           lambda r, p, o: write_publisher_edges_csv(r, p)),
    Output("edges-cocitation.csv", "outlet pairs cited in the same articles",
           lambda r, p, o: write_cocitation_csv(r, p)),
    Output("reciprocity.csv", "publisher pairs citing each other", lambda r, p, o: write_reciprocity_csv(r, p)),
    Output("graph-outlets.graphml", "the outlet graph: cites and co-cited edges (GraphML)",
           lambda r, p, o: write_outlet_graphml(r, p)),
    Output("graph.html", "the interactive report page", _page),
)
#: The output files' names, in the order they are written.
FILES: tuple[str, ...] = tuple(o.file for o in OUTPUTS)
#: The names in the order people look for them (the page first), for help texts and summaries.
SHOWN: tuple[str, ...] = (FILES[-1], *FILES[:-1])
