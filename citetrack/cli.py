"""The command line: thin typer commands over the library. No extraction logic lives here."""
from __future__ import annotations

import sys
import webbrowser
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__, report
from .cache import CACHE_NAME
from .errors import CitetrackError
from .models import KINDS, ScanOptions
from .outlets import load_gazetteer
from .progress import progress_bar
from .scan import scan as run_scan

app = typer.Typer(
    help="Find which news outlets a body of journalism cites, with the evidence for every count.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

PathsArg = typer.Argument(..., help="Files or folders of articles (.txt, .md, .json, .jsonl).", show_default=False)
OutletsOpt = typer.Option(None, "--outlets", help="Extra outlet file(s) in the gazetteer's TOML format; entries override by id.")
JobsOpt = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores, 1 = serial).")
KindOpt = typer.Option(None, "--kind", help=f"Keep only these kinds ({', '.join(KINDS)}); repeatable.")
NoUnknownOpt = typer.Option(False, "--no-unknown", help="Ignore outlets found by rule that are not in the gazetteer.")


def _fail(exc: CitetrackError) -> None:
    err.print(f"[bold red]error:[/] {escape(str(exc))}")
    raise typer.Exit(2)


def _options(outlets: Optional[List[Path]], jobs: int, kind: Optional[List[str]], no_unknown: bool) -> ScanOptions:
    bad = [k for k in kind or [] if k not in KINDS]
    if bad:
        raise CitetrackError(f"unknown kind {bad[0]!r}; use one of {', '.join(KINDS)}")
    return ScanOptions(outlets_files=tuple(outlets or ()), jobs=jobs, kinds=frozenset(kind or ()),
                       unknown_outlets=not no_unknown)


@app.command()
def scan(
    paths: List[Path] = PathsArg,
    output: Path = typer.Option(Path("citetrack-out"), "--output", "-o", help="Folder for graph.html, citations.jsonl, outlets.csv, articles.csv, graph.graphml, graph.gexf."),
    outlets: Optional[List[Path]] = OutletsOpt,
    top: int = typer.Option(20, "--top", help="Rows in the terminal table."),
    jobs: int = JobsOpt,
    kind: Optional[List[str]] = KindOpt,
    no_unknown: bool = NoUnknownOpt,
    open_page: bool = typer.Option(False, "--open", help="Open graph.html in the default browser."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    cache: bool = typer.Option(False, "--cache", help=f"Keep per-file results in OUTPUT/{CACHE_NAME}; a re-run reads only new and changed files."),
) -> None:
    """Scan articles, print the per-outlet table and write the graph page and exports."""
    try:
        opts = _options(outlets, jobs, kind, no_unknown)
        if cache:
            opts = replace(opts, cache=output / CACHE_NAME)
        with progress_bar(err, paths, not quiet) as progress:
            result = run_scan(paths, opts, progress=progress)
        written = report.write_outputs(result, output)
    except CitetrackError as exc:
        _fail(exc)
    if not quiet:
        report.print_table(out, result.counts, top=top)
        report.print_summary(out, result, output)
    if open_page:
        webbrowser.open(written["graph.html"].resolve().as_uri())


@app.command()
def counts(
    paths: List[Path] = PathsArg,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    top: int = typer.Option(0, "--top", help="Only the N most cited outlets (0 = all)."),
    outlets: Optional[List[Path]] = OutletsOpt,
    jobs: int = JobsOpt,
    kind: Optional[List[str]] = KindOpt,
    no_unknown: bool = NoUnknownOpt,
) -> None:
    """Print only the per-outlet citation counts."""
    try:
        if fmt not in ("table", "csv", "json"):
            raise CitetrackError(f"unknown format {fmt!r}; use table, csv or json")
        result = run_scan(paths, _options(outlets, jobs, kind, no_unknown))
    except CitetrackError as exc:
        _fail(exc)
    rows = result.counts[:top] if top > 0 else result.counts
    if fmt == "table":
        report.print_table(out, rows, top=len(rows))
    else:
        sys.stdout.write(report.counts_text(rows, fmt))


@app.command()
def show(
    file: Path = typer.Argument(..., help="One article file.", show_default=False),
    outlets: Optional[List[Path]] = OutletsOpt,
    no_unknown: bool = NoUnknownOpt,
) -> None:
    """Print each citation in one article with its sentence, the outlet highlighted."""
    try:
        result = run_scan([file], _options(outlets, 1, None, no_unknown))
    except CitetrackError as exc:
        _fail(exc)
    report.print_citations(out, result)


@app.command(name="outlets")
def list_outlets(
    query: str = typer.Argument("", help="Filter by name, alias, id, domain, type or country.", show_default=False),
    outlets: Optional[List[Path]] = OutletsOpt,
) -> None:
    """List the outlets citetrack knows (the gazetteer plus any --outlets files)."""
    try:
        gaz = load_gazetteer(outlets or ())
    except CitetrackError as exc:
        _fail(exc)
    report.print_outlets(out, gaz.search(query), total=len(gaz))


def _version(value: bool) -> None:
    if value:
        out.print(f"citetrack {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version.")) -> None:
    """citetrack: which news outlets does a body of journalism cite?"""


def main() -> None:
    app()
