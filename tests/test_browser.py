"""The report as a person sees it: built from examples/ and from a generated 5,000-article corpus,
opened in headless Chromium (Debian's package; .ci/run installs it) through the DevTools protocol.

Each test checks what is drawn and listed, switches views and filters as a user would (changing the
form controls, clicking rows), and fails on any console message, uncaught error, dialog or network
request. Screenshots are kept as artefacts: in $CITETRACK_ARTEFACTS when set, else in pytest's
temporary folder (the path is printed; see it with ``pytest -s``).
"""
from __future__ import annotations

import datetime
import json
import os
import random
from collections import defaultdict
from pathlib import Path

import pytest
from cdp import CHROMIUM, Browser

import citetrack
from citetrack.models import KINDS, ArticleInfo, Citation, Outlet, ReportOptions, ScanResult, kind_field
from citetrack.graph import build_graph, outlet_counts
from conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
READY = "document.body.getAttribute('data-ready') === '1'"


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CITETRACK_ARTEFACTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(tmp_path_factory.mktemp("profile")) as b:
        yield b


def open_page(b: Browser, page: Path) -> None:
    b.console.clear()
    b.requests.clear()
    b.open(page.as_uri())
    b.wait_for(READY)


def assert_clean(b: Browser, page: Path) -> None:
    """No console output, no errors, no dialogs, and no request beyond the page itself."""
    assert b.console == [] and b.dialogs == []
    assert [u for u in b.requests if u != page.as_uri() and not u.startswith("data:")] == []


def table(b: Browser) -> dict[str, list]:
    """The outlet table as shown: outlet id -> [name, citations, articles, one count per kind]."""
    rows = b.eval("""Array.from(document.querySelectorAll('#counts-body tr')).map(function (tr) {
        return [tr.getAttribute('data-outlet')].concat(Array.from(tr.children).map(function (td) { return td.textContent; }));
    })""")
    return {r[0]: [r[1], int(r[3].replace(",", "")), int(r[4].replace(",", "")),
                   *(int(x.replace(",", "")) for x in r[6:6 + len(KINDS)])] for r in rows}


def expected_table(counts) -> dict[str, list]:
    return {c.outlet_id: [c.outlet, c.citations, c.articles, *(getattr(c, kind_field(k)) for k in KINDS)] for c in counts}


def shown(b: Browser) -> dict:
    return b.eval("JSON.parse(JSON.stringify(window.citetrack.shown))")


def set_control(b: Browser, element_id: str, value) -> None:
    """Change a form control the way a user does: set it, then fire its change event."""
    b.eval(f"""(function () {{ var e = document.getElementById({json.dumps(element_id)});
        if (e.type === 'checkbox') {{ e.checked = {json.dumps(bool(value))}; }} else {{ e.value = {json.dumps(str(value))}; }}
        e.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()""")
    b.wait_for(READY)


def canvas_ink(b: Browser) -> int:
    """How many sampled canvas pixels are not blank: a drawn network, not an empty box."""
    return b.eval("""(function () { var c = document.querySelector('#network canvas'); if (!c) { return 0; }
        var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
        for (var i = 0; i < d.length; i += 4 * 7) { if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) { n++; } }
        return n; })()""")


def label_overlaps(b: Browser) -> list:
    """Pairs of drawn node labels whose boxes overlap."""
    return b.eval("""(function () { var net = window.citetrack.network(), boxes = [];
        Object.keys(net.body.nodes).forEach(function (id) { var n = net.body.nodes[id];
          if (n.options.label && n.labelModule && n.labelModule.size.width) { var s = n.labelModule.size;
            boxes.push([id, s.left, s.top, s.left + s.width, s.top + s.height]); } });
        var out = [];
        for (var i = 0; i < boxes.length; i++) { for (var j = i + 1; j < boxes.length; j++) { var p = boxes[i], q = boxes[j];
          if (p[1] < q[3] && q[1] < p[3] && p[2] < q[4] && q[2] < p[4]) { out.push([p[0], q[0]]); } } }
        return out; })()""")


# -- examples/ ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    result = citetrack.scan(ROOT / "examples", jobs=1)
    out = tmp_path_factory.mktemp("examples")
    citetrack.write_outputs(result, out)
    return result, out / "graph.html"


def test_examples_page_as_drawn(browser, examples, artefacts):
    result, page = examples
    open_page(browser, page)
    cited = {c.article_id for c in result.citations}
    s = shown(browser)
    assert s["view"] == "articles" and s["nodes"] == len(result.counts) + len(cited)
    assert s["edges"] == len({(c.article_id, c.outlet_id) for c in result.citations})
    assert canvas_ink(browser) > 2000
    assert table(browser) == expected_table(result.counts)
    assert label_overlaps(browser) == []
    assert browser.eval("document.getElementById('bars').querySelectorAll('rect').length") == min(15, len(result.counts))
    browser.screenshot(artefacts / "examples-1280x800.png")
    assert_clean(browser, page)


def test_examples_views_and_filters(browser, examples, artefacts):
    result, page = examples
    open_page(browser, page)
    set_control(browser, "f-view", "cocite")
    pairs = set()
    per_article = defaultdict(set)
    for c in result.citations:
        per_article[c.article_id].add(c.outlet_id)
    for outlets in per_article.values():
        pairs |= {(x, y) for x in outlets for y in outlets if x < y}
    together = {o for pair in pairs for o in pair}  # outlets cited alone are listed, not drawn
    assert shown(browser)["view"] == "cocite" and shown(browser)["nodes"] == len(together)
    assert shown(browser)["alone"] == len(result.counts) - len(together)
    assert shown(browser)["edges"] == len(pairs)
    browser.screenshot(artefacts / "examples-cocite.png")
    set_control(browser, "f-view", "whom")
    assert shown(browser)["view"] == "whom"
    set_control(browser, "f-view", "articles")

    for kind in (k for k in KINDS if k != "credit"):  # only credits
        set_control(browser, f"f-kind-{kind}", False)
    credits = [c for c in result.citations if c.kind == "credit"]
    assert table(browser) == expected_table(outlet_counts(credits, result.outlets))
    assert shown(browser)["nodes"] == len({c.outlet_id for c in credits}) + len({c.article_id for c in credits})
    browser.eval("document.getElementById('reset').click()")
    browser.wait_for(READY)
    assert table(browser) == expected_table(result.counts)

    dated = sorted(a.date for a in result.articles if a.date)
    lo = dated[len(dated) // 2]
    set_control(browser, "f-from", lo)
    keep = {a.id for a in result.articles if a.date and a.date >= lo}
    assert table(browser) == expected_table(outlet_counts([c for c in result.citations if c.article_id in keep],
                                                          result.outlets))
    set_control(browser, "f-from", "")
    set_control(browser, "f-min", 3)
    assert table(browser) == {k: v for k, v in expected_table(result.counts).items() if v[1] >= 3}

    set_control(browser, "f-min", 0)
    top = result.counts[0]
    set_control(browser, "f-outlet", top.outlet)
    with_top = {c.article_id for c in result.citations if c.outlet_id == top.outlet_id}
    assert table(browser) == expected_table(outlet_counts([c for c in result.citations if c.article_id in with_top],
                                                          result.outlets))
    # clicking the outlet's row shows its evidence, the mention marked
    browser.eval(f"document.querySelector('#counts-body tr[data-outlet=\"{top.outlet_id}\"]').click()")
    details = browser.eval("document.getElementById('details').textContent")
    assert top.outlet in details and "Strongest evidence" in details and "Articles citing it" in details
    marks = browser.eval("Array.from(document.querySelectorAll('#details mark')).map(function (m) { return m.textContent; })")
    mentions = {" ".join(c.mention.split()) for c in result.citations if c.outlet_id == top.outlet_id}
    assert marks and set(marks) <= mentions
    # then an article from the list: its citations, each with its sentence
    browser.eval("document.querySelector('#details .cites li .linklike').click()")
    assert browser.eval("document.querySelectorAll('#details .cites li').length") >= 1
    browser.screenshot(artefacts / "examples-filtered.png")
    # sorting by name, then searching
    browser.eval("document.querySelector('#counts-head th button').click()")
    names = browser.eval("Array.from(document.querySelectorAll('#counts-body td.name')).map(function (t) { return t.textContent; })")
    assert names == sorted(names, key=str.casefold) or names == sorted(names)
    assert_clean(browser, page)


# -- a generated corpus of 5,000 articles -------------------------------------------------------

PUBLISHERS = ["Harbour Gazette", "BBC", "Guardian", "Valley Courier", ""]
CITED = ["Reuters", "the BBC", "the Financial Times", "Bloomberg", "CNN", "the Guardian", "Al Jazeera",
         "the Economist", "Agence France-Presse", "Politico", "the Washington Post", "NHK"]


def synthetic_corpus(path: Path, n: int = 5000, seed: int = 6) -> Path:
    """``n`` short made-up articles as JSON Lines, over two years, with publishers."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            parts = [f"The council of district {i % 97} met on a wet evening to discuss the harbour wall."]
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                o = rng.choice(CITED)
                parts.append(rng.choice((
                    f"{o[0].upper() + o[1:]} reported that repairs to section {i % 13} had been delayed.",
                    f"A spokesperson told {o} that the budget would be reviewed in spring.",
                    f"According to {o}, the contractor has asked for more time.",
                )))
            parts.append("Residents said they had not been consulted.")
            day = 1 + (i * 7) % 700
            record = {"id": f"gen-{i}", "title": f"Harbour wall update {i}", "publisher": rng.choice(PUBLISHERS),
                      "date": f"{2023 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}", "text": " ".join(parts)}
            f.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    result = citetrack.scan(synthetic_corpus(folder / "corpus.jsonl"), jobs=2)
    assert len(result.articles) == 5000
    citetrack.write_outputs(result, folder / "out")
    return result, folder / "out" / "graph.html"


def test_big_corpus_starts_aggregated(browser, big, artefacts):
    result, page = big
    open_page(browser, page)
    cited = {c.article_id for c in result.citations}
    assert len(cited) + len(result.counts) > 2000
    s = shown(browser)
    assert s["view"] == "cocite" and s["nodes"] == len(result.counts)
    assert browser.eval("document.getElementById('notice').hidden") is False
    assert "--max-nodes" in browser.eval("document.getElementById('notice').textContent")
    assert table(browser) == expected_table(result.counts)
    assert canvas_ink(browser) > 2000 and label_overlaps(browser) == []
    assert "per month" in browser.eval("document.getElementById('time-title').textContent")
    assert browser.eval("document.querySelectorAll('#timeline polyline').length") == 5
    browser.screenshot(artefacts / "big-cocite.png")

    set_control(browser, "f-view", "articles")
    s = shown(browser)
    assert s["nodes"] == 2000 and s["limited"] == len(cited)
    assert canvas_ink(browser) > 2000
    set_control(browser, "f-view", "whom")
    s = shown(browser)
    publishers = {p for p in PUBLISHERS if p}
    assert s["view"] == "whom" and len(publishers) <= s["nodes"] <= len(result.counts) + len(publishers)
    browser.screenshot(artefacts / "big-whom.png")
    # self-citations: a BBC article citing the BBC, shown in the table's Self column
    self_col = browser.eval("""Array.from(document.querySelectorAll('#counts-body tr[data-outlet="bbc"] td')).map(function (t) { return t.textContent; })""")
    pubs = {a.id: a.publisher for a in result.articles}
    assert int(self_col[-1]) == sum(1 for c in result.citations if c.outlet_id == "bbc" and pubs[c.article_id] == "BBC") > 0
    assert_clean(browser, page)


# -- hostile text stays text ----------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'</textarea>"


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    outlets = {"herald": Outlet("herald", "Evening Herald", "newspaper")}
    articles = [ArticleInfo("a.txt", "a.txt", "Title " + HOSTILE, "2024-01-02", "javascript:alert(3)", HOSTILE)]
    sentence = f"{HOSTILE} the Evening Herald reported {HOSTILE}"
    start = sentence.index("Evening Herald")
    cits = [Citation("a.txt", "a.txt", "Evening Herald", "herald", True, "Evening Herald", start, start + 14,
                     "report", "reported", "t", sentence)]
    result = ScanResult(articles, cits, outlet_counts(cits, outlets), outlets, build_graph(articles, cits, outlets), [])
    page = citetrack.render.render_html(result, tmp_path / "graph.html", ReportOptions(title=HOSTILE))
    open_page(browser, page)
    browser.eval("document.querySelector('#counts-body tr').click()")
    browser.eval("document.querySelector('#details .cites li .linklike').click()")
    details = browser.eval("document.getElementById('details').textContent")
    assert "Title " + HOSTILE in details and HOSTILE in details
    assert browser.eval("document.querySelectorAll('img, iframe, object, embed, textarea').length") == 0
    assert browser.eval("document.querySelectorAll('script').length") == 3
    assert browser.eval("document.querySelectorAll('#details a').length") == 0  # javascript: is not a link
    assert browser.eval("document.querySelector('#details mark').textContent") == "Evening Herald"
    assert_clean(browser, page)
    assert page.as_uri() in browser.requests  # the recorder saw the page load itself


def test_an_impossible_date_never_reaches_the_page(browser, tmp_path, artefacts):
    """Issue 12 #5: a record dated 2023-05-32 stopped the page (RangeError in weekStart): neither the
    network nor the timeline was drawn. The date is dropped at reading; the page draws both."""
    f = tmp_path / "recs.jsonl"
    rows = [("2023-05-01", "Officials told Reuters on Monday that talks had stalled."),
            ("2023-05-32", "According to the BBC, the bridge will reopen in June."),
            ("2023-06-10", "The minister told the Financial Times that the budget was final."),
            ("2023-06-17", "Officials told Reuters that the port would close.")]
    f.write_text("".join(json.dumps({"id": f"r{i}", "date": d, "text": t}) + "\n" for i, (d, t) in enumerate(rows)),
                 encoding="utf-8")
    out = tmp_path / "out"
    res = invoke(["scan", str(f), "-o", str(out), "-j1"])
    assert res.exit_code == 0, res.output
    assert "1 article gave a date that is not a real day" in res.output
    page = out / "graph.html"
    open_page(browser, page)
    browser.screenshot(artefacts / "impossible-date.png")
    assert_clean(browser, page)
    assert canvas_ink(browser) > 0
    assert browser.eval("document.getElementById('time-wrap').hidden") is False
    assert browser.eval("document.querySelectorAll('#timeline svg polyline, #timeline svg circle').length") > 0
    assert "2023-05-32" not in page.read_text(encoding="utf-8")


# -- the page reads at 1280x800 on a real corpus (issue 13 #3) ---------------------------------------

BBC = ROOT.parent / "shared" / "corpus" / "bbc"
TOP_LABEL = """(function (id) { var net = window.citetrack.network(); net.redraw();
    var top = net.body.nodes[id], s = top.labelModule.size, box = [s.left, s.top, s.left + s.width, s.top + s.height];
    var over = [], articleLabels = 0, ids = net.body.nodeIndices;
    ids.forEach(function (k) { var n = net.body.nodes[k], b = n.shape.boundingBox;
      if (k.charAt(0) === 'a' && n.options.label) { articleLabels++; }
      if (k !== id && b.left < box[2] && box[0] < b.right && b.top < box[3] && box[1] < b.bottom) { over.push(k); } });
    var lastArticle = -1, firstOutlet = ids.length;
    ids.forEach(function (k, i) { if (k.charAt(0) === 'a') { lastArticle = i; } else if (firstOutlet === ids.length) { firstOutlet = i; } });
    // the label as drawn: dark text pixels inside its box on the canvas
    var c = document.querySelector('#network canvas'), r = window.devicePixelRatio || 1;
    var p = net.canvasToDOM({ x: box[0], y: box[1] }), q = net.canvasToDOM({ x: box[2], y: box[3] });
    var x0 = Math.max(0, Math.floor(p.x * r)), y0 = Math.max(0, Math.floor(p.y * r));
    var w = Math.min(c.width, Math.ceil(q.x * r)) - x0, h = Math.min(c.height, Math.ceil(q.y * r)) - y0, ink = 0;
    if (w > 0 && h > 0) { var d = c.getContext('2d').getImageData(x0, y0, w, h).data;
      for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 200 && d[i] < 90 && d[i + 1] < 90 && d[i + 2] < 90) { ink++; } } }
    return { label: top.options.label, overlapping: over, articleLabels: articleLabels, ink: ink,
      px: top.labelModule.fontOptions.size * net.getScale(), onScreen: p.x >= 0 && p.y >= 0 && q.x <= c.clientWidth && q.y <= c.clientHeight,
      outletsLast: lastArticle < firstOutlet }; })"""


@pytest.fixture(scope="module")
def bbc(tmp_path_factory):
    """The BBC corpus (2,225 articles, published by the BBC), when ../shared is there."""
    if not BBC.is_dir():
        pytest.skip("../shared/corpus/bbc is missing")
    result = citetrack.scan(BBC, jobs=2, publisher="BBC")
    out = tmp_path_factory.mktemp("bbc")
    citetrack.write_outputs(result, out)
    return result, out / "graph.html"


def test_bbc_views_read_at_1280x800(browser, bbc, artefacts):
    """Issue 13 #3: the top outlet's label was buried under article squares, and the co-citation view
    opened on tiny labels with most outlets as isolated dots. In every view the top outlet's label is
    drawn, readable and clear of every other node; the co-citation view lists the outlets cited alone."""
    result, page = bbc
    open_page(browser, page)
    top = result.counts[0]
    per_article = defaultdict(set)
    for c in result.citations:
        per_article[c.article_id].add(c.outlet_id)
    together = {o for outlets in per_article.values() if len(outlets) > 1 for o in outlets}
    alone = sorted((c for c in result.counts if c.outlet_id not in together), key=lambda c: (-c.citations, c.outlet))
    assert top.outlet_id in together and len(alone) > 20
    for view in ("articles", "whom", "cocite"):
        set_control(browser, "f-view", view)
        s = shown(browser)
        assert s["view"] == view and s["nodes"] > 0
        browser.screenshot(artefacts / f"bbc-{view}-1280x800.png")
        t = browser.eval(TOP_LABEL + "('o0')")
        assert t["label"] == top.outlet and t["onScreen"], (view, t)
        assert t["overlapping"] == [], (view, t)
        assert t["px"] >= 11 and t["ink"] >= 20, (view, t)  # readable, and drawn on top
        assert t["articleLabels"] == 0 and t["outletsLast"], (view, t)
        assert label_overlaps(browser) == [], view
    # co-citation: only outlets cited together are drawn, from a precomputed layout, fitted to them
    s = shown(browser)
    assert s["nodes"] == len(together) and s["physics"] is False
    listed = browser.eval("Array.from(document.querySelectorAll('#alone button')).map(function (b) { return b.textContent; })")
    assert listed == [f"{c.outlet} ({c.citations:,})" for c in alone]
    assert browser.eval("document.getElementById('alone').hidden") is False
    assert "Cited alone" in browser.eval("document.getElementById('alone').textContent")
    spread = browser.eval("""(function () { var net = window.citetrack.network(), c = document.querySelector('#network canvas');
        var xs = [], ys = []; net.body.nodeIndices.forEach(function (k) { var p = net.canvasToDOM(net.getPosition(k)); xs.push(p.x); ys.push(p.y); });
        return [Math.min.apply(null, xs), Math.max.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, ys), c.clientWidth, c.clientHeight]; })()""")
    x0, x1, y0, y1, w, h = spread
    assert 0 <= x0 and x1 <= w and 0 <= y0 and y1 <= h  # all drawn...
    assert x1 - x0 > 0.6 * w or y1 - y0 > 0.6 * h  # ...and zoomed to them
    # an outlet cited alone opens like a table row
    browser.eval("document.querySelector('#alone button').click()")
    assert alone[0].outlet in browser.eval("document.getElementById('details').textContent")
    assert_clean(browser, page)


# -- the chart over time leaves out empty periods -------------------------------------------------

def period(day: str, unit: str) -> str:
    """The chart's period of an ISO day: the Monday of its week, or its month."""
    d = datetime.date.fromisoformat(day)
    return (d - datetime.timedelta(days=d.weekday())).isoformat() if unit == "week" else day[:7]


SAYS = ["Officials told Reuters on Monday that talks had stalled.",
        "According to the BBC, the bridge will reopen in June.",
        "The minister told the Financial Times that the budget was final."]


@pytest.mark.parametrize("days, unit, periods, gaps", [
    # four busy weeks in March, then May: five empty weeks left out, marked once
    (["2023-03-06", "2023-03-08", "2023-03-14", "2023-03-21", "2023-05-02", "2023-05-10"], "week",
     ["2023-03-06", "2023-03-13", "2023-03-20", "2023-05-01", "2023-05-08"], ["5 weeks"]),
    # 40 busy weeks in 2022, then two days in 2024: per month, 16 empty months left out
    ([(datetime.date(2022, 1, 3) + datetime.timedelta(weeks=w)).isoformat() for w in range(40)] + ["2024-03-04", "2024-03-05"],
     "month", [f"2022-{m:02d}" for m in range(1, 11)] + ["2024-03"], ["16 months"]),
])
def test_timeline_leaves_out_empty_periods(browser, tmp_path, artefacts, days, unit, periods, gaps):
    """Issue 13 #3: the chart ran flat through every empty week between busy ones. Periods with no
    citation are left out of the axis; a dashed break marks each gap and says how much it leaves out."""
    f = tmp_path / "recs.jsonl"
    f.write_text("".join(json.dumps({"id": f"r{i}", "date": d, "text": SAYS[i % 3]}) + "\n" for i, d in enumerate(days)),
                 encoding="utf-8")
    result = citetrack.scan(f, jobs=1)
    citetrack.write_outputs(result, tmp_path / "out")
    page = tmp_path / "out" / "graph.html"
    open_page(browser, page)
    browser.screenshot(artefacts / f"timeline-{unit}.png", 1100)

    def chart() -> tuple[str, list, list]:
        return (browser.eval("document.getElementById('time-title').textContent"), shown(browser)["periods"],
                browser.eval("Array.from(document.querySelectorAll('#timeline .gap title')).map(function (t) { return t.textContent; })"))

    title, got, marks = chart()
    assert f"per {unit}" in title and got == periods
    assert len(marks) == len(gaps) and all(m.startswith(g) for m, g in zip(marks, gaps)), marks
    assert browser.eval("document.getElementById('time-note').hidden") is False
    # filters: up to the first gap, nothing is left out; one outlet, only its periods
    set_control(browser, "f-to", "2023-03-31" if unit == "week" else "2022-12-31")
    title, got, marks = chart()
    assert got == periods[:3] if unit == "week" else got == periods[:-1]
    assert marks == [] and browser.eval("document.getElementById('time-note').hidden") is True
    set_control(browser, "f-to", "")
    set_control(browser, "f-outlet", "Financial Times")
    ft = [d for i, d in enumerate(days) if i % 3 == 2]
    ft_unit = "week" if len({period(d, "week") for d in ft}) <= 26 else "month"  # per week when 26 weeks or fewer
    title, got, _ = chart()
    assert f"per {ft_unit}" in title and got == sorted({period(d, ft_unit) for d in ft})
    assert_clean(browser, page)


# -- the chart over time: outlets picked by the user -----------------------------------------------

# made-up sentences, one outlet each, most cited first: 7 outlets, so one is outside the top 5
PICK = [("Reuters", "The harbour master told Reuters that the quay would close."),
        ("BBC", "According to the BBC, the orchard festival drew a record crowd."),
        ("Financial Times", "The treasurer told the Financial Times that the levy was settled."),
        ("Bloomberg", "The broker told Bloomberg that the fund had closed."),
        ("Guardian", "According to the Guardian, the pier will reopen in May."),
        ("Sky News", "The coach told Sky News that the squad was ready."),
        ("Al Jazeera", "The envoy told Al Jazeera that talks would resume.")]


def test_timeline_outlets_can_be_picked(browser, tmp_path, artefacts):
    """Issue 15 #3: the chart showed the top 5 outlets only. A list under it picks others (a search box
    finds them), unchecking one takes it out, and Top 5 goes back; the page follows --period."""
    recs = []
    for i, (_, text) in enumerate(PICK):
        for k in range(len(PICK) - i):  # Reuters 7 articles ... Al Jazeera 1
            recs.append({"id": f"r{i}-{k}", "date": f"2023-0{1 + k % 3}-1{k % 9}", "text": text})
    f = tmp_path / "recs.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    result = citetrack.scan(f, jobs=1)
    citetrack.write_outputs(result, tmp_path / "out", options=ReportOptions(period="month"))
    page = tmp_path / "out" / "graph.html"
    open_page(browser, page)
    top5 = [name for name, _ in PICK[:5]]
    assert shown(browser)["series"] == top5
    assert "per month" in browser.eval("document.getElementById('time-title').textContent")  # --period month
    assert shown(browser)["periods"] == ["2023-01", "2023-02", "2023-03"]

    def box_of(name: str) -> str:
        return browser.eval(f"""Array.from(document.querySelectorAll('#time-outlets label')).filter(function (l) {{
            return l.textContent.indexOf({json.dumps(name)}) === 0; }}).map(function (l) {{ return l.querySelector('input').id; }})[0] || ''""")

    browser.eval("var s = document.getElementById('time-search'); s.value = 'jazeera'; s.dispatchEvent(new Event('input'));")
    labels = browser.eval("Array.from(document.querySelectorAll('#time-outlets label')).map(function (l) { return l.textContent; })")
    assert labels == [f"{n} ({len(PICK) - i})" for i, n in enumerate(top5)] + ["Al Jazeera (1)"]
    set_control(browser, box_of("Al Jazeera"), True)
    assert shown(browser)["series"] == top5 + ["Al Jazeera"]
    assert browser.eval("document.querySelectorAll('#timeline svg polyline, #timeline svg circle').length") >= 6
    assert "picked" in browser.eval("document.getElementById('time-title').textContent")
    browser.screenshot(artefacts / "timeline-picked.png", 1100)
    set_control(browser, box_of("Reuters"), False)
    assert shown(browser)["series"] == top5[1:] + ["Al Jazeera"]
    # a filter keeps the choice: the kinds filter leaves the interviews (no BBC, no Guardian)
    set_control(browser, "f-kind-report", False)
    assert shown(browser)["series"] == ["Financial Times", "Bloomberg", "Al Jazeera"]
    set_control(browser, "f-kind-report", True)
    browser.eval("document.getElementById('time-top').click()")
    assert shown(browser)["series"] == top5
    assert "top outlets" in browser.eval("document.getElementById('time-title').textContent")
    assert_clean(browser, page)
