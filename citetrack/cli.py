"""The command line: thin typer commands over the library. No extraction logic lives here."""
from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, List, Optional, get_type_hints

import typer
import typer.core
from rich.console import Console
from rich.markup import escape

from . import terminal
from ._version import __version__
from .exits import EXIT_SKIPPED, EXIT_USER_ERROR, exit_code
from .errors import CitetrackError
from .markers import CACHE_NAME, SAMPLE_FILES
from .outputs import EXTRA_FORMATS, SHOWN
from .models import (DEFAULT_MAX_FILE_SIZE, KINDS, OUTLET_TYPES, CompareOptions, FieldMap, ReportOptions, SampleOptions,
                     ScanOptions)
from .publisher import PUBLISHER_FROM
from .readers.limits import format_size, parse_size
from .readers.registry import FORMATS

# What one command needs is imported in that command (the pipeline, the writers, networkx, pyvis,
# rich's progress bar ...): ``citetrack counts`` loads none of what ``scan`` or ``compare`` use.

app = typer.Typer(
    help="Find which news outlets a body of journalism cites, with the evidence for every count.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)


class _PlainHelp(typer.core.TyperCommand):
    """``--help`` in the words of the README: ``PATHS...`` and ``FILE``, not typer's
    ``{paths}... <list[str]>``."""

    def get_params(self, ctx) -> list:
        params = super().get_params(ctx)
        for p in params:
            if p.param_type_name == "argument" and not getattr(p, "_plain", False):
                name = p.metavar or (p.name or "").upper()
                usage = (name if p.required else f"[{name}]") + ("..." if p.nargs != 1 else "")
                p.display_type_rich = lambda ctx: None
                p.get_usage_pieces = lambda ctx, usage=usage: [usage]
                p._rich_display_name = lambda name=name: name
                p._plain = True
        return params


class _Output(Console):
    """The terminal's width on a terminal; piped or redirected (and no ``COLUMNS`` set), as wide as
    the rows are, so that no name or id is cut to fit 80 columns."""

    @property
    def size(self):
        size = Console.size.fget(self)
        if not self.is_terminal and not os.environ.get("COLUMNS"):
            return size._replace(width=PIPE_WIDTH)
        return size

    @size.setter
    def size(self, value) -> None:
        Console.size.fset(self, value)


PIPE_WIDTH = 10_000
out = _Output(highlight=False, soft_wrap=True)
err = _Output(stderr=True, highlight=False, soft_wrap=True)

PathsArg = typer.Argument(
    ..., metavar="PATHS", help=f"Files or folders of articles ({', '.join(e for f in FORMATS for e in f.endings if not e.endswith('.gz'))}; any of them .gz).",
    show_default=False,
)
OutletsOpt = typer.Option(None, "--outlets", metavar="FILE", help="Extra outlet file(s) in the gazetteer's TOML format; entries override by id.")
RulesOpt = typer.Option(None, "--rules", metavar="FILE", help="Extra rule file(s): frames ([[rule]]) and cue-lexicon entries ([verbs], [nouns], [roles] ...) layered over the packaged ones.")
JobsOpt = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = all cores, 1 = serial).")
KindOpt = typer.Option(None, "--kind", metavar="KIND", help=f"Keep only these kinds ({', '.join(KINDS)}; no-comment: a non-response, \"declined to comment to Reuters\", counted in citations and in its own no_comment column); repeatable.")
NoUnknownOpt = typer.Option(False, "--no-unknown", help="Ignore outlets found by rule that are not in the gazetteer.")
TextFieldOpt = typer.Option(None, "--text-field", "--text-column", metavar="NAME", help="JSON field / CSV column of the article text (default: text, body, content or article).")
TitleFieldOpt = typer.Option(None, "--title-field", "--title-column", metavar="NAME", help="Field / column of the title (default: title, headline).")
DateFieldOpt = typer.Option(None, "--date-field", "--date-column", metavar="NAME", help="Field / column of the date (default: date, published ...).")
UrlFieldOpt = typer.Option(None, "--url-field", "--url-column", metavar="NAME", help="Field / column of the URL (default: url, link).")
OutletFieldOpt = typer.Option(None, "--outlet-field", "--outlet-column", metavar="NAME", help="Field / column naming the publisher (default: outlet, publisher, site_name, source).")
IdFieldOpt = typer.Option(None, "--id-field", "--id-column", metavar="NAME", help="Field / column of the article id (default: id).")
PublisherOpt = typer.Option(None, "--publisher", metavar="NAME", help="Publisher of every article scanned (overrides what the articles say).")
PublisherFromOpt = typer.Option(None, "--publisher-from", metavar="folder|filename", help="Each article's publisher is the outlet its folder's name or its file name's first part names (nyt_… -> New York Times).")
NoSelfOpt = typer.Option(False, "--no-self", help="Leave out self-citations (an article citing its own publisher).")
NoWireCopyOpt = typer.Option(False, "--no-wire-copy", help="Leave out citations in wire copy: an agency's story (dateline, byline, credit line or sign-off of AP, Reuters, AFP ...) that another outlet carried; its citations are the agency's, not the publisher's.")
DumpTextOpt = typer.Option(None, "--dump-text", metavar="DIR", help="Write each article's extracted text into this folder (citation offsets index it).")

MaxSizeOpt = typer.Option(
    format_size(DEFAULT_MAX_FILE_SIZE).replace(" ", ""), "--max-file-size", metavar="SIZE",
    help="Skip text and JSON files larger than this (and longer JSON Lines records and CSV rows), e.g. 200MB; 0 = no limit.")
StrictOpt = typer.Option(False, "--strict", help=f"Exit with code {EXIT_SKIPPED} when any file or record was skipped.")


def _fail(exc: CitetrackError) -> None:
    err.print(f"[bold red]error:[/] {escape(terminal.one_line(str(exc)))}")
    raise typer.Exit(EXIT_USER_ERROR)


def _interrupted(exc: KeyboardInterrupt, note: str = "") -> None:
    """Ctrl-C or SIGTERM: say what was done, no traceback, exit 128 + the signal (130 for Ctrl-C)."""
    done = "; ".join(x for x in (str(exc) or "stopped", note) if x)
    err.print(f"[bold yellow]interrupted:[/] {escape(terminal.one_line(done))}")
    raise typer.Exit(exit_code())


@contextlib.contextmanager
def _handled():
    """A user error becomes one ``error:`` line and exit 2; Ctrl-C or SIGTERM an ``interrupted:`` line."""
    try:
        yield
    except CitetrackError as exc:
        _fail(exc)
    except KeyboardInterrupt as exc:
        _interrupted(exc)


def _strict(strict: bool, skipped: list) -> None:
    if strict and skipped:
        err.print(f"[bold red]error:[/] --strict: {len(skipped)} item{'s' * (len(skipped) != 1)} skipped")
        raise typer.Exit(EXIT_SKIPPED)


def _kinds(kinds: Optional[List[str]]) -> frozenset[str]:
    """The kinds --kind names (empty: every kind); CitetrackError for one that is not a kind."""
    bad = [k for k in kinds or [] if k not in KINDS]
    if bad:
        raise CitetrackError(f"unknown kind {bad[0]!r}; use one of {', '.join(KINDS)}")
    return frozenset(kinds or ())


@dataclass(frozen=True)
class Reading:
    """The options of every command that reads articles (scan, counts, show), as typed."""

    outlets: Optional[List[Path]] = None
    rules: Optional[List[Path]] = None
    kind: Optional[List[str]] = None
    no_unknown: bool = False
    text_field: Optional[str] = None
    title_field: Optional[str] = None
    date_field: Optional[str] = None
    url_field: Optional[str] = None
    outlet_field: Optional[str] = None
    id_field: Optional[str] = None
    publisher: Optional[str] = None
    publisher_from: Optional[str] = None
    no_self: bool = False
    no_wire_copy: bool = False
    dump_text: Optional[Path] = None
    max_file_size: str = "0"
    strict: bool = False

    def options(self, jobs: int = 1) -> ScanOptions:
        """The library's ScanOptions; CitetrackError for a bad value."""
        if self.publisher_from is not None and self.publisher_from not in PUBLISHER_FROM:
            raise CitetrackError(f"--publisher-from must be {' or '.join(PUBLISHER_FROM)}, not {self.publisher_from!r}")
        fields = FieldMap().override(text=self.text_field, title=self.title_field, date=self.date_field,
                                     url=self.url_field, publisher=self.outlet_field, id=self.id_field)
        return ScanOptions(outlets_files=tuple(self.outlets or ()), rules_files=tuple(self.rules or ()), jobs=jobs,
                           kinds=_kinds(self.kind),
                           unknown_outlets=not self.no_unknown, fields=fields, publisher=self.publisher,
                           publisher_from=self.publisher_from,
                           self_citations=not self.no_self, wire_copy=not self.no_wire_copy, dump_text=self.dump_text,
                           max_file_size=parse_size(self.max_file_size))


#: Reading's fields as command-line options (shown after each command's own options).
READING_OPTIONS = {
    "outlets": OutletsOpt, "rules": RulesOpt, "kind": KindOpt, "no_unknown": NoUnknownOpt, "text_field": TextFieldOpt, "title_field": TitleFieldOpt,
    "date_field": DateFieldOpt, "url_field": UrlFieldOpt, "outlet_field": OutletFieldOpt, "id_field": IdFieldOpt,
    "publisher": PublisherOpt, "publisher_from": PublisherFromOpt, "no_self": NoSelfOpt, "no_wire_copy": NoWireCopyOpt, "dump_text": DumpTextOpt, "max_file_size": MaxSizeOpt,
    "strict": StrictOpt,
}


def reads_articles(command: Callable) -> Callable:
    """Give a command the shared reading options: typer sees them as parameters, the command gets
    them as one ``reading: Reading`` argument."""
    own = get_type_hints(command)
    shared = get_type_hints(Reading)
    params = [p.replace(annotation=own[p.name]) for p in inspect.signature(command).parameters.values()
              if p.name != "reading"]
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=shared[name])
               for name, option in READING_OPTIONS.items()]

    @functools.wraps(command)
    def wrapper(**kwargs):
        reading = Reading(**{name: kwargs.pop(name) for name in READING_OPTIONS})
        return command(reading=reading, **kwargs)

    wrapper.__signature__ = inspect.Signature(params, return_annotation=None)
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


@app.command(cls=_PlainHelp)
@reads_articles
def scan(
    paths: List[str] = PathsArg,  # str, not Path: a URL (s3://…) keeps its "//"
    output: Path = typer.Option(Path("citetrack-out"), "--output", "-o", metavar="DIR", help=f"Folder for {', '.join(SHOWN)}."),
    top: int = typer.Option(0, "--top", metavar="N", help="Keep only the N most cited outlets in the page, exports and table (0 = all; the terminal shows 20 rows unless set)."),
    min_citations: int = typer.Option(0, "--min-citations", metavar="K", help="Keep only outlets cited at least K times."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DAY", help="Keep only articles dated on or after this day (YYYY-MM-DD, or YYYY-MM / YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DAY", help="Keep only articles dated on or before this day (YYYY-MM-DD, or YYYY-MM / YYYY)."),
    undated: str = typer.Option("keep", "--undated", metavar="keep|drop", help="With --since/--until: keep undated articles (counted as undated) or drop them."),
    period: Optional[str] = typer.Option(None, "--period", metavar="week|month|year", help="Periods of timeline.csv and of the page's chart over time (ISO weeks 2023-W05, months 2023-05, years 2023); default: per week when the citations fall in at most 26 weeks, else per month when in at most 60 months, else per year. Undated articles are left out of it."),
    max_nodes: int = typer.Option(2000, "--max-nodes", metavar="N", help="Above this many network nodes the page starts in an aggregated outlet view."),
    jobs: int = JobsOpt,
    open_page: bool = typer.Option(False, "--open", help="Open graph.html in the default browser."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    cache: bool = typer.Option(False, "--cache", help=f"Keep per-file results in OUTPUT/{CACHE_NAME}; a re-run reads only new and changed files."),
    engine: str = typer.Option("local", "--engine", metavar="local|dask", help="local (this machine's cores) or dask (a Dask cluster; pip install 'citetrack[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://HOST:8786 (implies --engine dask; default: a local cluster)."),
    formats: List[str] = typer.Option([], "--format", "-f", metavar="jsonl|parquet", help="Format of the citations: citations.jsonl is always written (sample, compare and audit read it); parquet also writes citations.parquet, the same rows typed, for pandas, polars and DuckDB (pip install 'citetrack[parquet]'). Repeatable."),
    reading: Reading = Reading(),
) -> None:
    """Scan articles, print the per-outlet table and write the graph page and exports."""
    from .progress import progress_bar
    from .stream import scan_to_folder

    with _handled():
        if max_nodes < 1 or top < 0 or min_citations < 0:
            raise CitetrackError("--max-nodes must be at least 1; --top and --min-citations cannot be negative")
        view = ReportOptions(top=top, min_citations=min_citations, since=since, until=until, undated=undated,
                             max_nodes=max_nodes, period=period, formats=_formats(formats))
        opts = reading.options(jobs)
        if cache:
            opts = replace(opts, cache=output / CACHE_NAME)
        opts = replace(opts, engine="dask" if scheduler else engine, scheduler=scheduler)
        with progress_bar(err, paths, not quiet) as progress:
            result, written = scan_to_folder(paths, output, opts, view, progress=progress)
        if not quiet:
            terminal.print_table(out, result.counts, top=top or 20)
            terminal.print_summary(out, result, output, (*SHOWN, *(name for name in written if name not in SHOWN)))
    if open_page:
        import webbrowser

        webbrowser.open(written["graph.html"].resolve().as_uri())
    _strict(reading.strict, result.skipped)


def _formats(asked: list[str]) -> tuple[str, ...]:
    """The extra citation formats of ``scan --format`` (jsonl, always written, is not one)."""
    unknown = [f for f in asked if f not in ("jsonl", *EXTRA_FORMATS)]
    if unknown:
        raise CitetrackError(f"unknown format {unknown[0]!r}; use {' or '.join(('jsonl', *EXTRA_FORMATS))}")
    extra = tuple(dict.fromkeys(f for f in asked if f != "jsonl"))
    if "parquet" in extra:
        from .parquet import require
        require()  # before the scan, not after it
    return extra


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        raise CitetrackError(f"unknown format {fmt!r}; use table, csv or json")


def _print_rows(fmt: str, table, text) -> None:
    """Print a rich table, or write the csv / json text to stdout."""
    if fmt == "table":
        table()
    else:
        sys.stdout.write(text())


@app.command(cls=_PlainHelp)
@reads_articles
def counts(
    paths: List[str] = PathsArg,
    fmt: str = typer.Option("table", "--format", "-f", metavar="table|csv|json", help="table, csv or json."),
    top: int = typer.Option(0, "--top", metavar="N", help="Only the N most cited outlets (0 = all), or the first N pairs with --reciprocity."),
    reciprocal: bool = typer.Option(False, "--reciprocity", help="Print instead the publisher pairs that cite each other (outlet_a, outlet_b, a_cites_b, b_cites_a and their articles; what scan writes to reciprocity.csv)."),
    jobs: int = JobsOpt,
    reading: Reading = Reading(),
) -> None:
    """Print only the per-outlet citation counts, or with --reciprocity the publisher pairs citing each other (skipped files and records are listed on stderr)."""
    from .stream import scan_stored

    with _handled():
        _check_format(fmt)
        result = scan_stored(paths, reading.options(jobs))
    if reciprocal:
        from .netexport import reciprocity_text
        from .networks import publisher_edges, reciprocity

        pairs = reciprocity(publisher_edges(result))
        shown = pairs[:top] if top > 0 else pairs
        _print_rows(fmt, lambda: terminal.print_reciprocity(out, shown, total=len(pairs)),
                    lambda: reciprocity_text(shown, fmt))
    else:
        from .export import counts_text

        rows = result.counts[:top] if top > 0 else result.counts
        _print_rows(fmt, lambda: terminal.print_table(out, result.counts, top=len(rows)), lambda: counts_text(rows, fmt))
    terminal.print_notes(err, result.notes)
    terminal.print_skips(err, result.skipped)
    _strict(reading.strict, result.skipped)


@app.command(cls=_PlainHelp)
@reads_articles
def show(
    file: Path = typer.Argument(..., metavar="FILE", help="One article file (or a file of records: every article in it).", show_default=False),
    full_text: bool = typer.Option(False, "--text", help="Print each article's whole extracted text, citations highlighted."),
    reading: Reading = Reading(),
) -> None:
    """Print each citation in one article with its sentence, the outlet highlighted."""
    from .pipeline import iter_texts, scan as run_scan

    with _handled():
        opts = reading.options()
        if full_text:
            skipped: list = []
            for article, cits in iter_texts([file], opts, skipped.append):
                terminal.print_article_text(out, article.id, article.text, cits)
            for s in skipped:
                err.print(f"skipped {escape(terminal.one_line(s.path))}: {escape(terminal.one_line(s.reason))}", style="yellow")
            _strict(reading.strict, skipped)
            return
        result = run_scan([file], opts)
    terminal.print_citations(out, result)
    terminal.print_notes(err, result.notes)
    _strict(reading.strict, result.skipped)


@app.command(cls=_PlainHelp)
@reads_articles
def audit(
    paths: List[str] = PathsArg,
    fmt: str = typer.Option("table", "--format", "-f", metavar="table|csv|json", help="table, csv or json (json keeps every example)."),
    top: int = typer.Option(50, "--top", metavar="N", help="Rows in the table (csv and json list them all)."),
    reading: Reading = Reading(),
) -> None:
    """List where a cue frame has an outlet-like filler but no citation came out (a recall audit)."""
    from .export import audit_text
    from .pipeline import run_audit

    with _handled():
        _check_format(fmt)
        skipped: list = []
        findings, n = run_audit(paths, reading.options(), skipped.append)
    _print_rows(fmt, lambda: terminal.print_audit(out, findings, top=top, articles=n), lambda: audit_text(findings, fmt))
    terminal.print_skips(err, skipped)
    _strict(reading.strict, skipped)


@app.command(cls=_PlainHelp)
def sample(
    folder: Optional[Path] = typer.Argument(None, metavar="FOLDER", help="A scan's output folder (citetrack scan -o FOLDER), or its citations.jsonl.", show_default=False),
    per_rule: Optional[int] = typer.Option(None, "--per-rule", metavar="N", help="At most N citations per rule (the default, 20, when --per-outlet is not given)."),
    per_outlet: Optional[int] = typer.Option(None, "--per-outlet", metavar="N", help="At most N citations per outlet; with --per-rule, per (rule, outlet) pair, at most the smaller N."),
    kind: Optional[List[str]] = KindOpt,
    seed: int = typer.Option(0, "--seed", metavar="S", help="Random seed: the same file and seed give the same sample."),
    out_file: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write the CSV here (default FOLDER/audit.csv); the page goes beside it as audit.html (or FILE's name with .html)."),
    score_file: Optional[Path] = typer.Option(None, "--score", metavar="FILE", help="Instead of drawing: score a judged audit.csv (or the review page's download)."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="table|csv|json", help="With --score: table, csv or json."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Draw a precision audit sample: random citations, stratified by rule and/or outlet, written as
    audit.csv (verdict column empty, weight = stratum size / sampled) and audit.html (a review page with
    right / wrong / unsure buttons, offline). With --score FILE: precision per rule and per kind with
    Wilson 95% intervals (unsure rows left out and counted), and the scan-wide precision (the
    stratified estimate, each stratum weighted by its citations)."""
    from .precision import score
    from .sample import draw, read_judged, score_text, write_sample_csv
    from .samplepage import write_sample_page

    if score_file is not None:
        with _handled():
            if folder is not None:
                raise CitetrackError("give a FOLDER to draw a sample, or --score FILE to score one, not both")
            _check_format(fmt)
            result = score(read_judged(score_file))
        _print_rows(fmt, lambda: terminal.print_score(out, result), lambda: score_text(result, fmt))
        return
    with _handled():
        if folder is None:
            raise CitetrackError("give a scan's output FOLDER to draw a sample (or --score FILE to score a judged one)")
        if per_rule is None and per_outlet is None:
            per_rule = 20
        drawn = draw(folder, SampleOptions(per_rule=per_rule, per_outlet=per_outlet, kinds=_kinds(kind), seed=seed))
        csv_name, page_name = SAMPLE_FILES
        target = out_file or (folder if folder.is_dir() else folder.parent) / csv_name
        page = target.with_name(page_name if target.name == csv_name else target.stem + ".html")
        written = [write_sample_csv(drawn.rows, target), write_sample_page(drawn, page)]
    if not quiet:
        terminal.print_sample(out, drawn, written)


@app.command(name="outlets", cls=_PlainHelp)
def list_outlets(
    query: str = typer.Argument("", metavar="QUERY", help="Filter by name, alias, id, domain, type or country.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", metavar="table|csv|json", help="table, csv or json (csv and json carry every field: aliases, domains, ambiguous and short names, programmes, credit names)."),
    kind: Optional[str] = typer.Option(None, "--type", metavar="TYPE", help=f"Only outlets of this type ({', '.join(OUTLET_TYPES)})."),
    country: Optional[str] = typer.Option(None, "--country", metavar="CC", help="Only outlets of this country (ISO code, e.g. GB)."),
    outlets: Optional[List[Path]] = OutletsOpt,
) -> None:
    """List the outlets citetrack knows (the gazetteer plus any --outlets files), with every field."""
    from .export import gazetteer_text
    from .outlets import load_gazetteer

    with _handled():
        _check_format(fmt)
        if kind is not None and kind not in OUTLET_TYPES:
            raise CitetrackError(f"unknown type {kind!r}; use one of {', '.join(OUTLET_TYPES)}")
        gaz = load_gazetteer(outlets or ())
    found = [o for o in gaz.search(query)
             if (kind is None or o.type == kind) and (country is None or o.country.lower() == country.strip().lower())]
    _print_rows(fmt, lambda: terminal.print_outlets(out, found, total=len(gaz)), lambda: gazetteer_text(found, fmt))


@app.command(name="compare", cls=_PlainHelp)
def compare_scans(
    a: Path = typer.Argument(..., metavar="A", help="An output folder of citetrack scan (side A).", show_default=False),
    b: Optional[Path] = typer.Argument(None, metavar="B", help="A second output folder (side B); or split A with --split-at or --publisher.", show_default=False),
    split_at: Optional[str] = typer.Option(None, "--split-at", metavar="DAY", help="Compare A's articles dated before DAY (YYYY-MM-DD, or YYYY-MM / YYYY) with those dated on or after it; undated articles are left out (a note counts them)."),
    publisher: Optional[List[str]] = typer.Option(None, "--publisher", metavar="NAME", help="Give twice: compare A's articles by the first publisher with those by the second (names as in articles.csv, case ignored)."),
    alpha: float = typer.Option(0.05, "--alpha", metavar="ALPHA", help="An outlet differs significantly when its Benjamini-Hochberg q-value is below this."),
    top: int = typer.Option(20, "--top", metavar="N", help="Rows in the table (compare.csv lists every outlet)."),
    output: Path = typer.Option(Path("compare.csv"), "--output", "--out", "-o", metavar="FILE", help="Where to write the per-outlet table (default: compare.csv in the current folder)."),
    no_wire_copy: bool = NoWireCopyOpt,
    kind: Optional[List[str]] = KindOpt,
    no_self: bool = NoSelfOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and notes."),
) -> None:
    """Compare the share of articles citing each outlet in two scans (or two parts of one): two-proportion z-test per outlet, Benjamini-Hochberg q-values; writes compare.csv."""
    from .compare import compare as run_compare, write_compare_csv

    with _handled():
        if top < 0:
            raise CitetrackError("--top cannot be negative")
        options = CompareOptions(split_at=split_at, publishers=tuple(publisher or ()), alpha=alpha,
                                 wire_copy=not no_wire_copy, kinds=_kinds(kind), self_citations=not no_self)
        result = run_compare(a, b, options)
        written = write_compare_csv(result, output)
    if not quiet:
        terminal.print_comparison(out, result, top=top)
    terminal.print_notes(err, list(result.notes))
    if not quiet:
        out.print(f"Written {escape(terminal.one_line(str(written)))}")


def _version(value: bool) -> None:
    if value:
        from .core import status
        out.print(f"citetrack {__version__}, {status()}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version.")) -> None:
    """citetrack: which news outlets does a body of journalism cite?"""


def main() -> None:
    app()
