"""What a scan prints on the terminal (rich): the outlet table, the summary, notes and skips, the
citations of one article, the audit and the outlet list.

Every text from an article or a file name goes through :func:`one_line` or ``_flat`` (control
characters shown escaped, never sent) and rich's ``escape`` where markup is parsed.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .models import KINDS, Outlet, OutletCount, ScanResult, Skipped, kind_field
from .outputs import SHOWN
from .stats import SMALL_EXPECTED
from .timeline import undated_note

__all__ = ["print_table", "print_summary", "print_skips", "print_notes", "skip_counts", "one_line",
           "print_citations", "print_outlets", "print_audit", "print_article_text", "print_reciprocity",
           "print_comparison", "print_sample", "print_score"]


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
    show_wire = any(c.wire_copy for c in counts[:top])  # of the citations, those in wire copy
    for col in ("citations", "articles", *KINDS, *(["self"] if show_self else []),
                *(["in wire copy"] if show_wire else [])):
        table.add_column(col, justify="right", no_wrap=True)
    if wide:
        table.add_column("type", no_wrap=True)
    for i, c in enumerate(counts[:top], 1):
        name = Text(_flat(c.outlet)) if c.known else Text(_flat(c.outlet)) + Text(" (unknown)", style="dim")
        row = [str(i), name, str(c.citations), str(c.articles), *(str(getattr(c, kind_field(k))) for k in KINDS)]
        if show_self:
            row.append(str(c.self_citations))
        if show_wire:
            row.append(str(c.wire_copy))
        table.add_row(*row, *([c.type] if wide else []))
    console.print(table)


def print_reciprocity(console: Console, rows: list, *, total: int | None = None) -> None:
    """Publisher pairs citing each other (:func:`citetrack.networks.reciprocity` rows) as a table."""
    if not rows:
        console.print("No two publishers cite each other (publishers: --publisher-from, a record's outlet field ...).")
        return
    total = len(rows) if total is None else total
    table = Table(title=f"{len(rows)} of {total} publisher pairs citing each other", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    for col, just in (("outlet a", "left"), ("outlet b", "left"), ("a cites b", "right"), ("b cites a", "right"),
                      ("a→b articles", "right"), ("b→a articles", "right")):
        table.add_column(col, justify=just, no_wrap=just == "right")
    for i, r in enumerate(rows, 1):
        table.add_row(str(i), Text(_flat(r.outlet_a)), Text(_flat(r.outlet_b)), str(r.a_cites_b), str(r.b_cites_a),
                      str(r.a_cites_b_articles), str(r.b_cites_a_articles))
    console.print(table)


def print_audit(console: Console, findings: list, *, top: int = 50, articles: int = 0) -> None:
    """The audit's most frequent uncited fillers, by probe, with one example each."""
    if not findings:
        console.print(f"Nothing to report: every probe filler in {articles} articles is cited or looks like no outlet.")
        return
    table = Table(title=f"Top {min(top, len(findings))} of {len(findings)} uncited probe fillers in {articles} articles",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col, just in (("#", "right"), ("probe", "left"), ("filler", "left"), ("count", "right"),
                      ("articles", "right"), ("example", "left")):
        table.add_column(col, justify=just, no_wrap=col != "example", style="dim" if col == "#" else None)
    for i, f in enumerate(findings[:top], 1):
        example = _flat(f.examples[0][2]) if f.examples else ""
        table.add_row(str(i), _flat(f.probe), _flat(f.filler), str(f.count), str(len(f.articles)), example)
    console.print(table)


def _n(count: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``1,234 articles``."""
    return f"{count:,} {noun}{'s' * (count != 1)}"


def print_summary(console: Console, result: ScanResult, folder: Path | str, files: tuple[str, ...] = SHOWN) -> None:
    """One line: articles read, citations, outlets, items skipped; the skips; where the outputs
    (``files``: those written, the page first) are."""
    unknown = sum(1 for c in result.counts if not c.known)
    own = sum(1 for c in result.citations if c.self)
    wired = sum(1 for c in result.citations if c.wire_copy)
    console.print(
        f"Read {_n(result.article_count, 'article')}; found {_n(len(result.citations), 'citation')} of "
        f"{_n(len(result.counts), 'outlet')} ({unknown} not in the gazetteer); skipped {_n(len(result.skipped), 'item')} "
        "(files or records)."
    )
    if result.partial:
        n = len(result.partial)
        console.print(
            f"[yellow]{n} article{'s were' if n != 1 else ' was'} not examined in full[/]: denser with outlet names "
            "and cue words than any prose (hostile or machine-made text?), so citations may be missing; "
            f"see the unexamined column of articles.csv (first: {escape(one_line(result.partial[0]))}).")
    undated = undated_note(result)
    print_notes(console, result.notes + ([undated] if undated else []))
    if own:
        console.print(f"{own} of the citations are self-citations (an article citing its own publisher; --no-self leaves them out).")
    if wired:
        console.print(f"{wired} of the citations are in wire copy ({wire_articles(result)}; the agency's citations, "
                      "not the publisher's; --no-wire-copy leaves them out).")
    print_skips(console, result.skipped)
    console.print(f"Outputs in {escape(one_line(str(folder)))}/: {', '.join(files)}")


#: Skipped items listed one by one; the counts by reason cover all of them.
SHOW_SKIPS = 20
#: Notes printed one by one.
SHOW_NOTES = 10


def print_notes(console: Console, notes: list[str]) -> None:
    """The scan's notes (not skips: a cache rebuilt, dates dropped, citetrack's own folders left out)."""
    for note in notes[:SHOW_NOTES]:
        console.print(f"note: {escape(one_line(note))}", style="yellow")
    if len(notes) > SHOW_NOTES:
        console.print(f"  ... and {len(notes) - SHOW_NOTES} more notes", style="yellow")


def skip_counts(skipped: Iterable[Skipped]) -> list[tuple[str, int]]:
    """How many items were skipped for each kind of reason, most first.

    The kind is the reason without its details: up to a colon, or a parenthesis that starts with a
    number ("file too large (200 MB, ...)" and "not valid JSON: line 3: ..." group by their head).
    """
    counts = Counter(_SKIP_DETAIL.split(s.reason, maxsplit=1)[0].strip() for s in skipped)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


_SKIP_DETAIL = re.compile(r":| \((?=\d)")


def print_skips(console: Console, skipped: list[Skipped]) -> None:
    """The counts of skipped items by reason, then each skipped file or record (the first 20)."""
    if not skipped:
        return
    groups = ", ".join(f"{n} {escape(one_line(kind))}" for kind, n in skip_counts(skipped))
    console.print(f"Skipped: {groups}", style="yellow")
    for s in skipped[:SHOW_SKIPS]:
        console.print(f"  skipped {escape(one_line(s.path))}: {escape(one_line(s.reason))}", style="yellow")
    if len(skipped) > SHOW_SKIPS:
        console.print(f"  ... and {len(skipped) - SHOW_SKIPS} more", style="yellow")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` safe to print as part of one terminal line: control characters (newlines in file
    names, escape sequences in article text) are shown escaped (``\\n``, ``\\x1b``), never sent."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def print_citations(console: Console, result: ScanResult) -> None:
    """Each citation of the scanned article(s) with its sentence, the mention highlighted."""
    for s in result.skipped:
        console.print(f"skipped {escape(one_line(s.path))}: {escape(one_line(s.reason))}", style="yellow")
    by_article: dict[str, list] = {}
    for c in result.citations:
        by_article.setdefault(c.article_id, []).append(c)
    for a in result.articles:
        console.print(Text(_flat(a.id), style="bold") + Text(f"  {_flat(a.title or '')}", style="italic")
                      + Text(f"  ({_flat(a.publisher)})" if a.publisher else "", style="dim")
                      + Text(f"  wire copy of {_flat(a.wire)}" if a.wire and a.wire != a.publisher else "", style="dim"))
        cits = by_article.get(a.id, [])
        if not cits:
            console.print("  no citations")
        for c in cits:
            own = ("  self-citation" if c.self else "") + ("  in wire copy" if c.wire_copy else "")
            head = Text(f"  {c.start}-{c.end} ") + Text(_flat(c.outlet), style="bold cyan") + Text(f"  {c.kind}  rule {c.rule}  cue: {_flat(c.cue)}{own}", style="dim")
            console.print(head)
            console.print(Text("    ") + _highlight(_flat(c.sentence), _flat(c.mention)))
            if c.quote:
                console.print(Text(f"    quote: {_flat(c.quote)}", style="green"))
            if c.speaker:
                console.print(Text(f"    speaker: {_flat(c.speaker)}", style="green"))


def wire_articles(result: ScanResult) -> str:
    """The citing articles that are wire copy, by agency: "12 articles: Associated Press 9, Reuters 3"."""
    carried = {(c.file, c.article_id) for c in result.citations if c.wire_copy}
    agencies = Counter(a.wire for a in result.articles if (a.file, a.id) in carried and a.wire)
    listed = ", ".join(f"{escape(one_line(name))} {n}" for name, n in agencies.most_common(5))
    return f"{len(carried)} article{'s' * (len(carried) != 1)}" + (f": {listed}" if listed else "")


def _flat(text: str) -> str:
    """Article text for the terminal: whitespace runs as one space, other control characters escaped."""
    return one_line(" ".join(text.split()))


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
    i = sentence.find(mention)
    if i >= 0:
        t.stylize("bold reverse", i, i + len(mention))
    return t


def print_outlets(console: Console, outlets: list[Outlet], *, total: int) -> None:
    table = Table(title=f"{len(outlets)} of {total} outlets", title_justify="left")
    for col in ("id", "name", "type", "country", "aliases", "domains", "programmes"):
        table.add_column(col)

    def some(names: tuple[str, ...], n: int) -> str:
        return ", ".join(names[:n]) + (f" … (+{len(names) - n})" if len(names) > n else "")

    for o in outlets:
        table.add_row(o.id, o.name, o.type, o.country, some(o.aliases, 6), some(o.domains, 3), some(o.programmes, 3))
    console.print(table)


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%" if share >= 0.01 or share == 0 else f"{100 * share:.2f}%"


def _p(p: float) -> str:
    return f"{p:.2g}" if p >= 0.001 else f"{p:.1e}"


def print_comparison(console: Console, comparison, *, top: int = 20) -> None:
    """A :class:`~citetrack.models.Comparison`: the outlets of lowest p-value first, each with its
    citing articles and share on both sides, the difference in percentage points, p and q."""
    c = comparison
    console.print(Text(f"A: {_flat(c.label_a)} ({c.articles_a:,} articles)   B: {_flat(c.label_b)} "
                       f"({c.articles_b:,} articles)"))
    if not c.rows:
        console.print("No outlet citations on either side.")
        return
    table = Table(title=f"Top {min(top, len(c.rows))} of {len(c.rows)} outlets, lowest p first", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("outlet", min_width=12)
    for col in ("A articles", "A share", "B articles", "B share", "A-B (pts)", "p", "q", "sig"):
        table.add_column(col, justify="right", no_wrap=True)
    for i, r in enumerate(c.rows[:top], 1):
        name = Text(_flat(r.outlet)) if r.known else Text(_flat(r.outlet)) + Text(" (unknown)", style="dim")
        sig = ("*?" if r.expected_min < SMALL_EXPECTED else "*") if r.significant else ""
        table.add_row(str(i), name, f"{r.articles_a:,}", _pct(r.share_a), f"{r.articles_b:,}", _pct(r.share_b),
                      f"{100 * r.difference:+.2f}", _p(r.p_value), _p(r.q_value), sig,
                      style="bold" if r.significant else None)
    console.print(table)
    n = sum(r.significant for r in c.rows)
    rough = sum(r.significant and r.expected_min < SMALL_EXPECTED for r in c.rows)
    console.print(f"{n} of {len(c.rows)} outlet{'s' * (len(c.rows) != 1)} differ significantly "
                  f"(two-proportion z-test, Benjamini-Hochberg q < {c.alpha:g})"
                  + (f"; for {rough} of them (*?) fewer than {SMALL_EXPECTED:g} citing articles are expected on a "
                     "side, where the test's p-value is only a rough guide (see expected_min in the csv)." if rough else "."))


def print_sample(console: Console, sample, written: list[Path]) -> None:
    """What ``citetrack sample`` drew: rows, strata, the citations they hold, where the files are."""
    console.print(f"Sampled {len(sample.rows)} of {sample.citations} citations in {len(sample.strata)} strata "
                  f"from {escape(one_line(sample.source))}.")
    short = {r["stratum"] for r in sample.rows if r["sampled"] == r["stratum_size"]}
    if short:
        console.print(f"{len(short)} strata are sampled whole (no more citations than the cap): weight 1.")
    print_skips(console, list(sample.skipped))
    console.print("Wrote " + ", ".join(escape(one_line(str(p))) for p in written)
                  + ": write right, wrong or unsure in the verdict column (or use the page), then run "
                  "citetrack sample --score on the judged file.")


def _fraction(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def print_score(console: Console, score) -> None:
    """Precision per rule and per kind (Wilson 95%), of the sample, and of the scan (stratified)."""
    for title, groups in (("Precision by rule", score.by_rule), ("Precision by kind", score.by_kind)):
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for col, just in (("name", "left"), ("right", "right"), ("wrong", "right"), ("unsure", "right"),
                          ("unjudged", "right"), ("precision", "right"), ("95% interval", "right")):
            table.add_column(col, justify=just, no_wrap=True)
        shown = [g for g in groups if g.tally.judged or g.tally.unsure]
        for g in (*shown, score.sample):
            e, t = g.estimate, g.tally
            table.add_row(Text(_flat(g.name)), str(t.right), str(t.wrong), str(t.unsure), str(t.unjudged),
                          _fraction(e.precision), f"[{_fraction(e.low)}, {_fraction(e.high)}]" if e.precision is not None else "–")
        console.print(table)
        if len(shown) < len(groups):
            console.print(f"({len(groups) - len(shown)} more with nothing judged yet; --format csv lists them all)", style="dim")
    s = score.scan
    if s.precision is None:
        console.print("Scan-wide precision: nothing judged right or wrong yet.")
    else:
        console.print(f"Scan-wide precision (citation-weighted over {score.strata} strata, {score.covered} of "
                      f"{score.citations} citations covered): {s.precision:.3f}, 95% interval [{s.low:.3f}, {s.high:.3f}]; "
                      f"{score.sample.tally.unsure} unsure and {score.sample.tally.unjudged} unjudged rows left out.")
    print_notes(console, list(score.notes))
