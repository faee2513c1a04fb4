"""What a scan hands to people: the output folder and the terminal tables (rich).

Kept out of the CLI so library users can call it too: ``write_outputs(scan(...), "out/")``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .errors import OutputError
from .export import (counts_text, write_articles_csv, write_citations_jsonl, write_gexf, write_graphml,
                     write_outlets_csv)
from .models import KINDS, Outlet, OutletCount, ReportOptions, ScanResult
from .render import render_html

__all__ = ["write_outputs", "print_table", "print_summary", "print_citations", "print_outlets", "counts_text"]


def write_outputs(
    result: ScanResult, folder: Path | str, *, title: str | None = None, options: ReportOptions | None = None
) -> dict[str, Path]:
    """Write every output of a scan into ``folder`` (created if needed); returns name -> path.

    ``options`` shape the page (title, ``max_nodes``); to narrow the outputs themselves to a date
    range or the top outlets, pass the result through :func:`citetrack.narrow.narrow` first.
    """
    options = options or ReportOptions()
    if title is not None:
        options = replace(options, title=title)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise OutputError(f"output path {folder} exists and is not a folder")
    paths = {name: folder / name for name in
             ("citations.jsonl", "outlets.csv", "articles.csv", "graph.graphml", "graph.gexf", "graph.html")}
    write_citations_jsonl(result.citations, paths["citations.jsonl"])
    write_outlets_csv(result.counts, paths["outlets.csv"])
    write_articles_csv(result.articles, result.citations, paths["articles.csv"])
    write_graphml(result.graph, paths["graph.graphml"])
    write_gexf(result.graph, paths["graph.gexf"])
    render_html(result, paths["graph.html"], options)
    return paths


def print_table(console: Console, counts: list[OutletCount], *, top: int = 20) -> None:
    """The most cited outlets as a table."""
    if not counts:
        console.print("No outlet citations found.")
        return
    wide = console.width >= 100
    table = Table(title=f"Top {min(top, len(counts))} of {len(counts)} outlets cited", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("outlet", min_width=12)
    show_self = any(c.self_citations for c in counts[:top])
    for col in ("citations", "articles", *KINDS, *(["self"] if show_self else [])):
        table.add_column(col, justify="right", no_wrap=True)
    if wide:
        table.add_column("type", no_wrap=True)
    for i, c in enumerate(counts[:top], 1):
        name = Text(c.outlet) if c.known else Text(c.outlet) + Text(" (unknown)", style="dim")
        row = [str(i), name, str(c.citations), str(c.articles), *(str(getattr(c, k)) for k in KINDS)]
        if show_self:
            row.append(str(c.self_citations))
        table.add_row(*row, *([c.type] if wide else []))
    console.print(table)


def print_summary(console: Console, result: ScanResult, folder: Path | str) -> None:
    """One line: articles read, citations, outlets, files skipped; then where the outputs are."""
    unknown = sum(1 for c in result.counts if not c.known)
    own = sum(1 for c in result.citations if c.self)
    console.print(
        f"Read {len(result.articles)} articles; found {len(result.citations)} citations of "
        f"{len(result.counts)} outlets ({unknown} not in the gazetteer); skipped {len(result.skipped)} files."
    )
    if own:
        console.print(f"{own} of the citations are self-citations (an article citing its own publisher; --no-self leaves them out).")
    for s in result.skipped[:20]:
        console.print(f"  skipped {escape(s.path)}: {escape(s.reason)}", style="yellow")
    if len(result.skipped) > 20:
        console.print(f"  ... and {len(result.skipped) - 20} more", style="yellow")
    console.print(f"Outputs in {escape(str(folder))}/: graph.html, citations.jsonl, outlets.csv, articles.csv, graph.graphml, graph.gexf")


def print_citations(console: Console, result: ScanResult) -> None:
    """Each citation of the scanned article(s) with its sentence, the mention highlighted."""
    for s in result.skipped:
        console.print(f"skipped {escape(s.path)}: {escape(s.reason)}", style="yellow")
    by_article: dict[str, list] = {}
    for c in result.citations:
        by_article.setdefault(c.article_id, []).append(c)
    for a in result.articles:
        console.print(Text(f"{a.id}", style="bold") + Text(f"  {a.title or ''}", style="italic")
                      + Text(f"  ({a.publisher})" if a.publisher else "", style="dim"))
        cits = by_article.get(a.id, [])
        if not cits:
            console.print("  no citations")
        for c in cits:
            own = "  self-citation" if c.self else ""
            head = Text(f"  {c.start}-{c.end} ") + Text(c.outlet, style="bold cyan") + Text(f"  {c.kind}  rule {c.rule}  cue: {c.cue}{own}", style="dim")
            console.print(head)
            console.print(Text("    ") + _highlight(c.sentence, c.mention))
            if c.quote:
                console.print(Text(f"    quote: {c.quote}", style="green"))
            if c.speaker:
                console.print(Text(f"    speaker: {c.speaker}", style="green"))


def print_article_text(console: Console, article_id: str, text: str, citations: list) -> None:
    """The whole extracted text of one article, each cited mention highlighted (offsets checked)."""
    console.print(Text(f"{article_id}", style="bold"))
    t = Text(text)
    for c in citations:
        if text[c.start:c.end] == c.mention:
            t.stylize("bold reverse", c.start, c.end)
    console.print(t)
    console.print()


def _highlight(sentence: str, mention: str) -> Text:
    t = Text(sentence)
    i = sentence.find(" ".join(mention.split()))
    if i >= 0:
        t.stylize("bold reverse", i, i + len(" ".join(mention.split())))
    return t


def print_outlets(console: Console, outlets: list[Outlet], *, total: int) -> None:
    table = Table(title=f"{len(outlets)} of {total} outlets", title_justify="left")
    for col in ("id", "name", "type", "country", "aliases", "domains"):
        table.add_column(col)
    for o in outlets:
        aliases = ", ".join(o.aliases[:6]) + (" …" if len(o.aliases) > 6 else "")
        table.add_row(o.id, o.name, o.type, o.country, aliases, ", ".join(o.domains[:3]))
    console.print(table)
