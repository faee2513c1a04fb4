"""The report page's data and HTML: self-contained, offline, inert with hostile article text, and
narrowed as the CLI options ask. The page in a real browser is tested in test_browser.py.
Examples are made up."""
from __future__ import annotations

from dataclasses import replace

import json
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from citetrack.cli import app
from citetrack.errors import CitetrackError, OutputError
from citetrack.graph import build_graph, outlet_counts
from citetrack.models import KINDS, ArticleInfo, Citation, Outlet, ReportOptions, ScanResult
from citetrack.narrow import iso_day, narrow
from citetrack.render import EVIDENCE_ALL, EVIDENCE_PER_OUTLET, TYPE_COLOURS, json_for_script, page_data, render_html
from conftest import invoke

HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \"dq\" 'sq' back\\slash \u2028 & <!--"

OUTLETS = {
    "herald": Outlet("herald", "Evening Herald", "newspaper", "IE"),
    "radio": Outlet("radio", "Radio Coastline", "broadcaster", "NZ"),
    "evil": Outlet("evil", "Evil " + HOSTILE, "site", "", known=False),
}
ARTICLES = [
    ArticleInfo("in/one.txt", "in/one.txt", "Ferry timetable changes", "2022-03-04", "https://example.org/1",
                publisher="Evening Herald"),
    ArticleInfo("in/two.txt", "in/two.txt", "Title " + HOSTILE, "2022-05-05", "javascript:alert(1)", publisher="Tide Post"),
    ArticleInfo("in/three.txt", "in/three.txt", "Nobody quoted here"),
]


def cite(article: str, outlet: str, kind: str, sentence: str) -> Citation:
    o = OUTLETS[outlet]
    start = max(sentence.find(o.name), 0)
    return Citation(article, article, o.name, o.id, o.known, o.name, start, start + len(o.name), kind, "said", "test",
                    sentence)


CITATIONS = [
    replace(cite("in/one.txt", "herald", "report", "The Evening Herald reported fares would rise."), self=True),
    cite("in/one.txt", "radio", "interview", "The skipper told Radio Coastline the route was safe."),
    cite("in/two.txt", "herald", "report", "Evidence " + HOSTILE + " in the Evening Herald"),
    cite("in/two.txt", "evil", "report", "The site Evil " + HOSTILE + " said so"),
]


def result_of(articles=ARTICLES, citations=CITATIONS, outlets=OUTLETS) -> ScanResult:
    return ScanResult(list(articles), list(citations), outlet_counts(citations, outlets), dict(outlets),
                      build_graph(articles, citations, outlets), [])


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def page_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="citetrack-data">(.*?)</script>', page, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


@pytest.fixture
def page(tmp_path) -> str:
    path = render_html(result_of(), tmp_path / "out" / "graph.html", ReportOptions(title="Report " + HOSTILE))
    assert path == tmp_path / "out" / "graph.html"
    return path.read_text(encoding="utf-8")


def test_page_written_atomically(tmp_path, page):
    path = tmp_path / "out" / "graph.html"
    assert path.stat().st_size > 100_000 and path.stat().st_mode & stat.S_IRUSR
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]  # no temp file left
    assert page.startswith("<!DOCTYPE html>")


def test_nothing_off_machine(page):
    parser = Tags()
    parser.feed(page)
    assert all("src" not in a for t, a in parser.tags if t == "script")
    assert not [a for t, a in parser.tags if t == "link"]
    assert not re.search(r"@import|url\(\s*[\"']?\s*(https?:|//)", page, re.I)
    assert "bootstrap" not in page.lower()
    csp = [a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "connect-src 'none'" in csp[0]
    assert any("vis-network" in s and "DataSet" in s for s in re.findall(r"<script>(.*?)</script>", page, re.S))


def test_hostile_text_only_escaped(page):
    assert "<img src=x" not in page and "alert(1)</script>" not in page and "\u2028" not in page
    block = re.search(r'<script type="application/json" id="citetrack-data">(.*?)</script>', page, re.S).group(1)
    assert not re.search("[<>&\u2028\u2029]", block)
    parser = Tags()
    parser.feed(page)
    assert [a.get("type") for t, a in parser.tags if t == "script"] == ["application/json", None, None]
    assert page.count("</script>") == 3
    assert "innerHTML" not in page.split("<script>")[-1]  # the page's own script builds DOM nodes only
    data = page_json(page)
    assert data["title"] == "Report " + HOSTILE
    assert [o["name"] for o in data["outlets"]] == ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"]
    assert data["articles"][1][1] == "Title " + HOSTILE
    assert "<title>Report &lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_json_for_script_round_trips():
    value = {"a": HOSTILE, "b": ["\u2029", "\\u003c", "&amp;"], "c": 1}
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_page_data_citations_and_evidence():
    data = page_data(result_of())
    cits = [data["cits"][i:i + 5] for i in range(0, len(data["cits"]), 5)]
    assert len(cits) == len(CITATIONS)
    names = [o["name"] for o in data["outlets"]]
    for (a, o, k, _self, e), c in zip(cits, CITATIONS):
        assert data["articles"][a][4] == c.file and names[o] == c.outlet and KINDS[k] == c.kind
        sentence, start, end, _score = data["evidence"][e]
        assert sentence[start:end] == " ".join(c.mention.split())  # the highlight marks exactly the mention
    assert data["outlets"][0]["colour"] == TYPE_COLOURS["newspaper"]
    assert data["pos"]["articles"][2] is None  # uncited: not placed


def test_page_data_cocite_positions():
    """Issue 13 #3: the co-citation view's layout is computed when the page is written; an outlet
    never cited together with another gets no position (the page lists it beside the network)."""
    outlets = {**OUTLETS, "ledger": Outlet("ledger", "Lonely Ledger", "newspaper")}
    articles = [*ARTICLES, ArticleInfo("in/four.txt", "in/four.txt", "Solo")]
    sentence = "The Lonely Ledger said the pier was closed."
    cits = [*CITATIONS, Citation("in/four.txt", "in/four.txt", "Lonely Ledger", "ledger", True, "Lonely Ledger", 4, 17,
                                 "report", "said", "test", sentence)]
    data = page_data(result_of(articles, cits, outlets))
    pos = {o["id"]: p for o, p in zip(data["outlets"], data["pos"]["cocite"])}
    assert pos["ledger"] is None
    assert all(len(pos[k]) == 2 for k in ("herald", "radio", "evil"))
    assert page_data(result_of(articles, cits, outlets))["pos"] == data["pos"]  # deterministic


@pytest.mark.parametrize("sentence, mention, expect", [
    pytest.param("Émile told the Evening Herald so.", "Evening Herald", "Evening Herald", id="accent-before"),
    pytest.param("\U0001F4F0 The Evening Herald reported.", "Evening Herald", "Evening Herald", id="astral-char"),
    pytest.param("No name here.", "Evening Herald", None, id="mention-missing"),
])
def test_mention_offsets_are_javascript_offsets(sentence, mention, expect):
    c = Citation("x.txt", "x.txt", "Evening Herald", "herald", True, mention, 0, 1, "report", "", "t", sentence)
    data = page_data(result_of([ArticleInfo("x.txt", "x.txt")], [c]))
    text, start, end, _ = data["evidence"][0]
    utf16 = text.encode("utf-16-le")
    got = utf16[2 * start:2 * end].decode("utf-16-le") if start >= 0 else None
    assert got == expect


def test_self_citation_flag_reaches_the_page():
    data = page_data(result_of())
    selfs = [data["cits"][i + 3] for i in range(0, len(data["cits"]), 5)]
    assert selfs == [1, 0, 0, 0]  # Evening Herald article citing the Evening Herald
    pubs = {p["name"]: p["outlet"] for p in data["publishers"]}
    assert pubs == {"Evening Herald": 0, "Tide Post": -1}


def test_evidence_capped_per_outlet_for_big_corpora():
    n = EVIDENCE_ALL + 10
    arts = [ArticleInfo(f"a{i}", f"a{i}") for i in range(n)]
    cits = [Citation(f"a{i}", f"a{i}", "Evening Herald", "herald", True, "Evening Herald", 0, 14,
                     "report" if i % 2 else "credit", "", "t", "Evening Herald said so.") for i in range(n)]
    data = page_data(result_of(arts, cits))
    assert data["evidenceLimited"] and len(data["evidence"]) == EVIDENCE_PER_OUTLET
    assert all(e[3] == data["evidence"][0][3] for e in data["evidence"])  # the strongest kind kept


def test_empty_result_renders(tmp_path):
    page = render_html(result_of([], [], {}), tmp_path / "g.html").read_text(encoding="utf-8")
    data = page_json(page)
    assert data["outlets"] == [] and data["cits"] == [] and data["articles"] == []


def test_unwritable_path_raises_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError):
        render_html(result_of(), blocker / "graph.html")


# -- narrowing before rendering --------------------------------------------------------------

@pytest.mark.parametrize("options, outlets, articles", [
    pytest.param(ReportOptions(), ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"], 3, id="nothing"),
    pytest.param(ReportOptions(top=1), ["Evening Herald"], 3, id="top-1"),
    pytest.param(ReportOptions(min_citations=2), ["Evening Herald"], 3, id="min-2"),
    pytest.param(ReportOptions(since="2022-04-01", undated="drop"), ["Evening Herald", "Evil " + HOSTILE], 1,
                 id="since"),
    pytest.param(ReportOptions(until="2022-03", undated="drop"), ["Evening Herald", "Radio Coastline"], 1,
                 id="until-month"),
    pytest.param(ReportOptions(since="2022", until="2022", undated="drop"),
                 ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"], 2, id="year-drops-undated"),
    pytest.param(ReportOptions(since="2022", until="2022"),
                 ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"], 3, id="year-keeps-undated"),
    pytest.param(ReportOptions(since="2022-04-01"), ["Evening Herald", "Evil " + HOSTILE], 2, id="since-keeps-undated"),
])
def test_narrow(options, outlets, articles):
    got = narrow(result_of(), options)
    assert [c.outlet for c in got.counts] == outlets
    assert len(got.articles) == articles
    assert {c.outlet for c in got.citations} == set(outlets)
    assert got.graph.graph["citations"] == len(got.citations) == sum(c.citations for c in got.counts)


@pytest.mark.parametrize("text", ["2024-13", "yesterday", "2024-02-30"])
def test_bad_dates_are_user_errors(text):
    with pytest.raises(CitetrackError, match="YYYY-MM-DD"):
        iso_day(text)


def test_cli_narrowing_options(tmp_path):
    ex = Path(__file__).resolve().parent.parent / "examples"
    runner = CliRunner(env={"COLUMNS": "250"})
    done = runner.invoke(app, ["scan", str(ex), "-o", str(tmp_path / "o"), "-j", "1", "--top", "3",
                               "--since", "2020-01-01", "--undated", "drop", "--max-nodes", "50"])
    assert done.exit_code == 0, done.output
    data = page_json((tmp_path / "o" / "graph.html").read_text(encoding="utf-8"))
    assert len(data["outlets"]) == 3 and data["maxNodes"] == 50
    assert data["narrowed"] == {"top": 3, "since": "2020-01-01", "undated": "drop"}
    assert all(a[2] >= "2020-01-01" for a in data["articles"])
    lines = (tmp_path / "o" / "outlets.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # the exports agree with the page
    bad = runner.invoke(app, ["scan", str(ex), "-o", str(tmp_path / "p"), "--since", "2024", "--until", "2023"])
    assert bad.exit_code == 2 and "error:" in bad.output and "after --until" in bad.output


@pytest.mark.parametrize("top", [0, 1], ids=["all", "narrowed"])
def test_a_publisher_from_a_user_outlets_file_keeps_its_type(tmp_path, top):
    """Issue 14 #4: the page resolved publishers again against the packaged gazetteer only, so a
    publisher from --outlets showed as `outlet: -1, type: unknown` (and narrowing lost its type)."""
    mine = tmp_path / "mine.toml"
    mine.write_text('[[outlet]]\nid = "kresta-gazette"\nname = "Kresta Gazette"\ntype = "magazine"\n', encoding="utf-8")
    recs = tmp_path / "recs.jsonl"
    recs.write_text("".join(json.dumps({"id": f"r{i}", "outlet": "Kresta Gazette", "text": t}) + "\n" for i, t in
                            enumerate(["Officials told Reuters that the plan was final.",
                                       "Officials told Reuters that the port would close.",
                                       "The mayor told the Kresta Gazette that it rained."])), encoding="utf-8")
    out = tmp_path / "out"
    res = invoke(["scan", str(recs), "-o", str(out), "-j1", "--outlets", str(mine), "--top", str(top)])
    assert res.exit_code == 0, res.output
    data = page_json((out / "graph.html").read_text(encoding="utf-8"))
    [pub] = data["publishers"]
    assert pub["name"] == "Kresta Gazette" and pub["type"] == "magazine"
    assert pub["outlet"] == (-1 if top == 1 else [o["id"] for o in data["outlets"]].index("kresta-gazette"))
    graph = nx.read_graphml(out / "graph.graphml")
    assert graph.nodes["outlet:kresta-gazette"]["type"] == "magazine"
