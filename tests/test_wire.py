"""Wire copy (issue 15 #2): an article that *is* an agency's story gets ``wire`` beside its
``publisher``, and its citations are the agency's (``wire_copy``), not the carrier's.

All texts are made up.
"""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

import citetrack
from citetrack.models import Article
from citetrack.outlets import load_gazetteer
from citetrack.publisher import resolve_source
from citetrack.render import page_data, render_page
from citetrack.wire import find_wire, load_signals
from conftest import invoke, write

GAZ = load_gazetteer()
LONG_BODY = "The council met on Tuesday to discuss the budget for the coming year. " * 20


# -- the packaged signals: each example gives its agency, each counter none ------------------

SIGNALS = load_signals().signals


@pytest.mark.parametrize("signal", SIGNALS, ids=[s.id for s in SIGNALS])
def test_every_signal_example_names_its_agency(signal):
    found = find_wire(signal.example, GAZ)
    assert found is not None and (found.outlet.id, found.signal) == (signal.expect, signal.id)
    for counter in signal.counter:
        assert find_wire(counter, GAZ) is None, counter


def test_every_signal_has_the_strings_it_needs():
    """A signal's regex is searched only where one of its needed strings occurs: each packaged
    signal has such a set (a new one without would be searched in every article: slow, not wrong)."""
    assert all(s.needs for s in SIGNALS), [s.id for s in SIGNALS if not s.needs]
    assert load_signals().get("ap-contributor").needs == {"contributed"}


@pytest.mark.parametrize("signal", SIGNALS, ids=[s.id for s in SIGNALS])
def test_skipping_a_signal_never_loses_a_match(signal):
    """The shortcut is exact: wherever the regex matches, the window holds a needed string, in every
    case of the text (the strings are looked for in the lower-cased window)."""
    texts = [signal.example, *signal.counter, *(t for t, _ in DETECTION)]
    for text in texts:
        for variant in (text, text.upper(), text.lower(), text.title()):
            if signal.pattern.search(variant):
                assert signal.may_match(variant.lower()), (signal.id, variant)


def test_a_sign_off_is_found_from_its_end_as_by_a_whole_search():
    """A fixed agency's sign-off (a regex ending at the text's end) is looked for from its last
    needed string first; whether it matches is what a search of the whole window says."""
    signal = load_signals().get("reuter")
    assert signal.agency and signal.at_end
    body = "Net profit rose 3.1 mln dlrs, Reuters reported. " * 12
    for tail in ("\n REUTER\n&#3;", "\n REUTER", ".   " + " " * 100 + "REUTER", "\nReuters...\n", " Paul Reuter",
                 "\n REUTER\n&#3;" + " " * 90, "reuter"):
        window = (body + tail)[-800:]
        assert bool(signal.any_match(window, window.lower())) == bool(signal.pattern.search(window)), tail


@pytest.mark.parametrize("signal", [s for s in SIGNALS if s.at_line_start], ids=lambda s: s.id)
def test_a_line_anchored_signal_is_tried_at_line_starts_as_a_search_finds_it(signal):
    """A signal whose regex starts with (?m)^ is matched at each line start only: the same matches
    as ``finditer`` over every position, also back to back and after CR LF line ends."""
    texts = [signal.example, *signal.counter, *(t for t, _ in DETECTION),
             "LONDON (Reuters) - x\nPARIS (AFP) - y\n\nBy Kim Lee, AP\n© 2024 Reuters\n",
             "\r\nLONDON (Reuters) -\r\nBy Kim Lee | Reuters\r\n", "(AP) — \n(AP) — \n", ""]
    for text in texts:
        assert [m.span() for m in signal.finditer(text)] == [m.span() for m in signal.pattern.finditer(text)], text


# -- detection: a case table -----------------------------------------------------------------

DETECTION = [
        ("WASHINGTON (AP) -- Shares fell.", "Associated Press"),
        ("Shares fall\n\nMADRID, June 2 (Reuters) – Shares fell.", "Reuters"),
        ("Shares fall\n\nBy KIM LEE and ALEX MORA, Associated Press\n\nShares fell.", "Associated Press"),
        ("By Kim Lee | Reuters\n\nShares fell.", "Reuters"),
        ("By KIM LEE, AP Economics Writer\n\nShares fell.", "Associated Press"),
        ("Shares fell.\n\nThis article was provided by The Associated Press.", "Associated Press"),
        ("Shares fell.\n\n© 2024 Thomson Reuters", "Reuters"),
        ("Shares fell.\n\n(c) Copyright Thomson Reuters 2016. Click for restrictions.", "Reuters"),
        ("Shares fell.\n\nCopyright 2023 The Associated Press. All rights reserved. This material may not be published.",
         "Associated Press"),
        ("Shares fell.\n\n(Additional reporting by Kim Lee in Oslo; Writing by Alex Mora; Editing by Sam Hale)", "Reuters"),
        (LONG_BODY + "\n\nShares fell, the minister said. -- AFP", "Agence France-Presse"),
        ("Shares fell.\n\nTo contact the reporters on this story: Kim Lee in Oslo at klee@example.com", "Bloomberg"),
        ("Net profit 3.1 mln dlrs vs 2.5 mln.\n REUTER\n&#3;", "Reuters"),
        ("Net profit 3.1 mln dlrs vs 2.5 mln.\n reuter...\n&#3;", "Reuters"),
        ("Net profit rose, said Paul Reuter", None),
        # negatives: mentions and credits are not wire copy
        ("Reuters reported on Monday that shares fell, traders told Reuters.", None),
        ("By Kim Lee, Guardian staff\n\nTraders told Reuters that shares fell.", None),
        ("Shares fell. [AP Photo/Kim Lee]", None),
        ("Shares fell.\n\nPhoto: Reuters", None),
        ("Shares fell.\n\nKim Lee / Reuters.", None),
        ("LONDON (BBC) - Shares fell.", None),  # a dateline of an outlet that is no agency
        ("Shares fell.\n\n" + LONG_BODY + "\n\nLONDON (Reuters) - late." + LONG_BODY, None),  # in the body
        ("Shares fell.\n\n(Reporting by Kim Lee; Editing by Sam Hale)\n\n" + LONG_BODY, None),  # not at the bottom
        ("Shares fell.\n\nCopyright 2016 The Washington Post.", None),
        ("Shares fell.\n\nKim Lee contributed reporting from Oslo.", None),
]


@pytest.mark.parametrize(
    "text, agency",
    DETECTION,
    ids=["ap-dateline", "reuters-dateline-en-dash", "ap-byline", "reuters-byline-bar", "ap-writer-byline",
         "provided-by", "copyright-sign", "copyright-c", "ap-copyright", "reuters-sign-off", "afp-dash",
         "bloomberg-contact", "reuter-1987", "reuter-dots", "a-name-at-the-end", "body-mentions", "guardian-byline", "ap-photo-credit",
         "photo-credit", "caption-credit", "bbc-dateline", "dateline-in-body", "sign-off-in-body",
         "newspaper-copyright", "staff-contribution"],
)
def test_wire_detection(text, agency):
    found = find_wire(text, GAZ)
    assert (found.outlet.name if found else None) == agency


# -- publisher and wire together -------------------------------------------------------------

AP_STORY = "SPRINGFIELD, Mo. (AP) — The mayor told The Associated Press that the road would close."


@pytest.mark.parametrize(
    "publisher, url, override, text, expected",
    [
        ("Springfield News-Leader", None, None, AP_STORY, ("Springfield News-Leader", "Associated Press")),
        ("Guardian", None, None, AP_STORY, ("Guardian", "Associated Press")),
        (None, "https://www.theguardian.com/x", None, AP_STORY, ("Guardian", "Associated Press")),
        (None, None, "Daily Planet", AP_STORY, ("Daily Planet", "Associated Press")),
        (None, None, None, AP_STORY, ("Associated Press", "Associated Press")),  # an agency's own story
        (None, None, None, "By Kim Lee, Associated Press\n\nThe mayor spoke.", ("Associated Press", "Associated Press")),
        (None, None, None, "Shares fell.\n\n(Reporting by Kim Lee; Editing by Sam Hale)", ("Reuters", "Reuters")),
        (None, None, None, "LONDON (BBC) - By Kim Lee, Associated Press", ("BBC", None)),
        ("Guardian", None, None, "The mayor told Reuters the road would close.", ("Guardian", None)),
        (None, None, None, "The mayor told Reuters the road would close.", (None, None)),
    ],
    ids=["unknown-carrier-kept", "known-carrier", "carrier-by-url", "carrier-by-option", "agency-own",
         "agency-own-byline", "agency-own-sign-off", "bbc-dateline", "no-wire", "nothing"],
)
def test_publisher_and_wire(publisher, url, override, text, expected):
    found, wire = resolve_source(Article(file="f", id="f", text=text, publisher=publisher, url=url), GAZ, override)
    assert (found.name if found else None, wire.outlet.name if wire else None) == expected


def test_publisher_from_folder_keeps_the_carrier(tmp_path):
    f = write(tmp_path / "guardian" / "a.txt", AP_STORY)
    result = citetrack.scan([f], publisher_from="folder", jobs=1)
    (a,) = result.articles
    assert (a.publisher, a.wire) == ("Guardian", "Associated Press")
    assert [c.wire_copy for c in result.citations] == [True]


# -- wire_copy on the citations ---------------------------------------------------------------

RECORDS = [
    {"id": "carried", "outlet": "Guardian",
     "text": "LONDON (Reuters) - Shares fell on Monday, traders told Reuters. The Guardian reported it first, "
             "according to the BBC.\n\n(Reporting by Kim Lee; Editing by Sam Hale)"},
    {"id": "own", "text": "LONDON (Reuters) - The minister told Reuters on Monday that the bank told the BBC nothing."},
    {"id": "plain", "outlet": "Guardian", "text": "By Kim Lee, Guardian staff\n\nReuters reported on Monday that shares fell."},
]


@pytest.fixture
def records(tmp_path):
    return write(tmp_path / "news.jsonl", "".join(json.dumps(r) + "\n" for r in RECORDS))


def test_citations_in_wire_copy_are_marked(records):
    result = citetrack.scan([records], jobs=1)
    marks = [(c.article_id, c.outlet, c.self, c.wire_copy) for c in result.citations]
    assert marks == [
        ("carried", "Reuters", False, True),   # the agency citing itself: wire copy, not the carrier's self-citation
        ("carried", "Guardian", True, True),   # the agency citing the carrier: both marks
        ("carried", "BBC", False, True),
        ("own", "Reuters", True, False),       # an agency's own story: a self-citation, unmarked
        ("own", "BBC", False, False),
        ("plain", "Reuters", False, False),
    ]
    assert {a.id: (a.publisher, a.wire) for a in result.articles} == {
        "carried": ("Guardian", "Reuters"), "own": ("Reuters", "Reuters"), "plain": ("Guardian", None)}
    counts = {c.outlet: (c.citations, c.self_citations, c.wire_copy) for c in result.counts}
    assert counts == {"Reuters": (3, 1, 1), "BBC": (2, 0, 1), "Guardian": (1, 1, 1)}


def test_no_wire_copy_leaves_them_out(records):
    result = citetrack.scan([records], jobs=1, wire_copy=False)
    assert [(c.article_id, c.outlet) for c in result.citations] == [("own", "Reuters"), ("own", "BBC"), ("plain", "Reuters")]
    assert {a.id: a.wire for a in result.articles}["carried"] == "Reuters"  # the article is still listed


@pytest.mark.parametrize(
    "command, shown, hidden",
    [
        (["counts", "--format", "csv"], ["Reuters,3,3,", "Guardian,1,1,"], []),
        (["counts", "--format", "csv", "--no-wire-copy"], ["Reuters,2,2,"], ["Guardian,"]),
        (["show"], ["wire copy of Reuters", "in wire copy"], []),
        (["show", "--no-wire-copy"], ["wire copy of Reuters", "self-citation"], ["in wire copy"]),
    ],
    ids=["counts", "counts-no-wire-copy", "show", "show-no-wire-copy"],
)
def test_cli_no_wire_copy(records, command, shown, hidden):
    res = invoke([*command, records])
    assert res.exit_code == 0, res.output
    assert [s for s in shown if s not in res.output] == []
    assert [s for s in hidden if s in res.output] == []


def test_scan_writes_wire_columns_and_attributes(records, tmp_path):
    out = tmp_path / "out"
    res = invoke(["scan", records, "-o", out, "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "in wire copy" in res.output and "3 of the citations are in wire copy (1 article: Reuters 1" in res.output
    articles = {r["article_id"]: r for r in csv.DictReader((out / "articles.csv").open(encoding="utf-8"))}
    assert {k: (r["publisher"], r["wire"]) for k, r in articles.items()} == {
        "carried": ("Guardian", "Reuters"), "own": ("Reuters", "Reuters"), "plain": ("Guardian", "")}
    outlets = {r["outlet"]: r for r in csv.DictReader((out / "outlets.csv").open(encoding="utf-8"))}
    assert {k: r["wire_copy"] for k, r in outlets.items()} == {"Reuters": "1", "BBC": "1", "Guardian": "1"}
    lines = [json.loads(line) for line in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [c["wire_copy"] for c in lines] == [True, True, True, False, False, False]
    for graph in (nx.read_graphml(out / "graph.graphml"), nx.read_gexf(out / "graph.gexf")):
        wires = {n: d.get("wire") for n, d in graph.nodes(data=True) if d.get("kind") == "article"}
        assert wires == {"article:carried": "Reuters", "article:own": "Reuters", "article:plain": ""}
        assert int(graph.nodes["outlet:reuters"]["wire_copy"]) == 1


def test_the_page_shows_wire_copy(records):
    result = citetrack.scan([records], jobs=1)
    data = page_data(result)
    cits = [data["cits"][i:i + 5] for i in range(0, len(data["cits"]), 5)]
    assert data["wireCopy"] == [0, 1, 2]  # the carried article's three citations
    assert [data["articles"][a][6] for a, *_ in cits[:1]] == ["Reuters"]
    page = render_page(result)
    assert '["wire", "Wire copy", true]' in page and "in wire copy" in page and "Wire copy of: " in page
    assert "r.wire / r.citations" in page  # the column shows the share of the outlet's citations


def test_the_page_without_wire_copy_has_no_column(tmp_path):
    f = write(tmp_path / "a.txt", "The mayor told Reuters the road would close.")
    data = page_data(citetrack.scan([f], jobs=1))
    assert data["wireCopy"] == [] and data["articles"][0][6] == ""


def test_a_hostile_agency_name_stays_data(tmp_path):
    outlets = write(tmp_path / "evil.toml", '[[outlet]]\nid = "evil"\nname = "<img src=x onerror=alert(1)>"\n'
                                            'type = "agency"\naliases = ["Zed Wire"]\n')
    f = write(tmp_path / "a.jsonl", json.dumps({"id": "1", "outlet": "Guardian",
                                                "text": "By Kim Lee, Zed Wire\n\nThe mayor told the BBC it would close."}) + "\n")
    result = citetrack.scan([f], jobs=1, outlets_files=(outlets,))
    assert result.articles[0].wire == "<img src=x onerror=alert(1)>" and result.citations[0].wire_copy
    page = render_page(result)
    assert "<img src=x" not in page and "\\u003cimg src=x" in page


@pytest.mark.skipif(__import__("cdp").CHROMIUM is None, reason="no chromium on this machine")
def test_the_page_in_a_browser_shows_the_wire_share(records, tmp_path):
    from cdp import Browser
    out = tmp_path / "out"
    assert invoke(["scan", records, "-o", out, "-j", "1", "-q"]).exit_code == 0
    page = out / "graph.html"
    with Browser(tmp_path / "profile") as b:
        b.open(page.as_uri())
        b.wait_for("document.body.getAttribute('data-ready') === '1'")
        heads = b.eval("Array.from(document.querySelectorAll('#counts-head th')).map(function (th) { return th.textContent; })")
        assert heads[-1] == "Wire copy"
        rows = b.eval("""Array.from(document.querySelectorAll('#counts-body tr')).map(function (tr) {
            return [tr.getAttribute('data-outlet'), tr.lastChild.textContent]; })""")
        assert dict(rows) == {"reuters": "1 (33%)", "bbc": "1 (50%)", "guardian": "1 (100%)"}
        b.eval("document.querySelector('#counts-body tr[data-outlet=reuters]').click()")
        details = b.eval("document.getElementById('details').textContent")
        assert "in wire copy1" in details and "wire copy" in details
        assert b.console == [] and b.dialogs == []


def test_wire_and_dateline_are_found_in_one_pass_as_each_alone(monkeypatch):
    """wire_and_dateline (pure Python: the dateline's first match taken as the signal loop meets
    it) gives what find_wire and dateline_name give on their own."""
    from citetrack import wire
    monkeypatch.setattr(wire, "_core_wire", lambda: None)
    texts = [s.example for s in load_signals().signals] + [c for s in load_signals().signals for c in s.counter] + [
        "LONDON (Zorvian Times) - Prices rose.", "PARIS (AFP) - x", "x", "", "(Reuters) - y\n\nBy Jane Doe, AP"]
    for t in texts:
        assert wire.wire_and_dateline(t, GAZ) == (find_wire(t, GAZ), wire.dateline_name(t)), t
