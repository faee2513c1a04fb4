"""The files a scan writes into its output folder: one registry, read by the writer
(:func:`citetrack.report.write_outputs`), the summary line, the ``--output`` help and the README's
table (``tests/test_export.py`` checks the README against it).

To add an output, add one :class:`Output` here (and its writer in :mod:`citetrack.export` or a
module of its own) plus a test; every list of outputs follows. An output written only on request
(``citations.parquet``, ``scan --format parquet``) names the format that asks for it; a run that
does not ask removes an older copy, so the folder never holds one run's file beside another's.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from .models import ReportOptions, ScanResult


@dataclass(frozen=True)
class Output:
    """One output file: its name, what it holds (one line), and how it is written from a scan."""

    file: str
    content: str
    write: Callable[[ScanResult, Path, ReportOptions], object]
    #: written only when this extra format is asked for (:attr:`ReportOptions.formats`); "" = always
    format: str = ""

    def wanted(self, options: ReportOptions) -> bool:
        return not self.format or self.format in options.formats


def _writer(module: str, name: str) -> Callable[..., object]:
    """``module.name``, imported when first called: listing the outputs (help texts, the summary)
    loads none of the writers (networkx, pyvis, jinja2)."""
    def call(*args: object) -> object:
        return getattr(import_module(f".{module}", __package__), name)(*args)
    return call


write_citations_jsonl, write_citation_lines, write_outlets_csv, write_articles_csv, write_article_rows = (
    _writer("export", n) for n in ("write_citations_jsonl", "write_citation_lines", "write_outlets_csv",
                                   "write_articles_csv", "write_article_rows"))
write_graphml, write_gexf = _writer("export", "write_graphml"), _writer("export", "write_gexf")
write_stored_graphml, write_stored_gexf = _writer("graphstream", "write_stored_graphml"), _writer("graphstream", "write_stored_gexf")
write_stored_page = _writer("pagestream", "write_stored_page")
write_publisher_edges_csv, write_cocitation_csv, write_reciprocity_csv, write_outlet_graphml = (
    _writer("netexport", n) for n in ("write_publisher_edges_csv", "write_cocitation_csv", "write_reciprocity_csv",
                                      "write_outlet_graphml"))
article_days, write_timeline = _writer("timeline", "article_days"), _writer("timeline", "write_timeline")
render_html = _writer("render", "render_html")
write_citations_parquet = _writer("parquet", "write_citations_parquet")  # pyarrow only when asked for


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
    Output("citations.parquet", "the citations as a Parquet table (with --format parquet)",
           lambda r, p, o: write_citations_parquet(p.with_name("citations.jsonl"), p), format="parquet"),
)
#: The extra formats a scan can be asked for (``--format``).
EXTRA_FORMATS: tuple[str, ...] = tuple(dict.fromkeys(o.format for o in OUTPUTS if o.format))
#: The files every scan writes, in the order they are written.
FILES: tuple[str, ...] = tuple(o.file for o in OUTPUTS if not o.format)
#: Every file a scan may write (and replaces or removes as a set).
EVERY: tuple[str, ...] = tuple(o.file for o in OUTPUTS)
#: The names in the order people look for them (the page first), for help texts and summaries.
SHOWN: tuple[str, ...] = (FILES[-1], *FILES[:-1])

