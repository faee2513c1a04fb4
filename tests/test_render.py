"""The HTML page: self-contained, offline, and inert with hostile article text. Examples are made up."""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import stat
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citetrack.errors import OutputError
from citetrack.graph import build_graph, outlet_counts
from citetrack.models import ArticleInfo, Citation, Outlet
from citetrack.render import LARGE_GRAPH, TYPE_COLOURS, json_for_script, outlet_size, render_html

HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \"dq\" 'sq' back\\slash \u2028 & <!--"

OUTLETS = {
    "herald": Outlet("herald", "Evening Herald", "newspaper", "IE"),
    "radio": Outlet("radio", "Radio Coastline", "broadcaster", "NZ"),
    "evil": Outlet("evil", "Evil " + HOSTILE, "site", "", known=False),
}
ARTICLES = [
    ArticleInfo("in/one.txt", "in/one.txt", "Ferry timetable changes", "2022-03-04", "https://example.org/1"),
    ArticleInfo("in/two.txt", "in/two.txt", "Title " + HOSTILE, "2022-03-05", "javascript:alert(1)"),
    ArticleInfo("in/three.txt", "in/three.txt", "Nobody quoted here"),
]


def cite(article: str, outlet: str, kind: str, sentence: str) -> Citation:
    o = OUTLETS[outlet]
    return Citation(article, article, o.name, o.id, o.known, o.name, 0, len(o.name), kind, "said", "test", sentence)


CITATIONS = [
    cite("in/one.txt", "herald", "report", "The Evening Herald reported fares would rise."),
    cite("in/one.txt", "radio", "interview", "The skipper told Radio Coastline the route was safe."),
    cite("in/two.txt", "herald", "report", "Evidence " + HOSTILE),
    cite("in/two.txt", "evil", "report", "Evil site said " + HOSTILE),
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def render(tmp_path: Path, articles=ARTICLES, citations=CITATIONS, outlets=OUTLETS, title="Test page") -> str:
    graph = build_graph(articles, citations, outlets)
    path = render_html(graph, outlet_counts(citations, outlets), tmp_path / "out" / "network.html", title=title)
    assert path == tmp_path / "out" / "network.html"
    return path.read_text(encoding="utf-8")


def page_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="citetrack-data">(.*?)</script>', page, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


@pytest.fixture
def page(tmp_path) -> str:
    return render(tmp_path, title="Report " + HOSTILE)


def test_page_written(tmp_path, page):
    path = tmp_path / "out" / "network.html"
    assert path.stat().st_size > 100_000
    assert path.stat().st_mode & stat.S_IRGRP or os.umask(0o022) & stat.S_IRGRP  # ordinary permissions
    assert [p.name for p in path.parent.iterdir()] == ["network.html"]  # no temp file left
    assert page.startswith("<!DOCTYPE html>")


def test_vis_network_is_inline(page):
    parser = Tags()
    parser.feed(page)
    scripts = [a for t, a in parser.tags if t == "script"]
    assert scripts and all("src" not in a for a in scripts)
    assert not [a for t, a in parser.tags if t == "link"]
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert any("vis-network" in s and "DataSet" in s for s in inline)
    assert "stabilizationIterationsDone" in page and "physics: false" in page


def test_nothing_off_machine(page):
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:|//)", page, re.I)
    assert not re.search(r"@import", page, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:|//)", page, re.I)
    assert "bootstrap" not in page.lower()


def test_hostile_text_only_escaped(page):
    assert "<img src=x" not in page
    assert "alert(1)</script>" not in page
    assert "\u2028" not in page
    block = re.search(r'<script type="application/json" id="citetrack-data">(.*?)</script>', page, re.S).group(1)
    assert not re.search("[<>&\u2028\u2029]", block)
    # the page has exactly its own three script blocks: data, vis-network, the page's script
    parser = Tags()
    parser.feed(page)
    assert [a.get("type") for t, a in parser.tags if t == "script"] == ["application/json", None, None]
    assert page.count("</script>") == 3
    assert not [t for t, a in parser.tags if t in ("img", "iframe", "object", "embed")]
    data = page_json(page)
    assert data["title"] == "Report " + HOSTILE
    assert data["info"]["outlet:evil"]["name"] == "Evil " + HOSTILE
    assert data["info"]["article:in/two.txt"]["title"] == "Title " + HOSTILE
    evidence = {e for link in data["links"] for e in link[4]}
    flat = " ".join(HOSTILE.split())  # evidence has its whitespace (U+2028 too) collapsed
    assert "Evidence " + flat in evidence and "Evil site said " + flat in evidence
    assert any(n["title"].startswith("Evil " + HOSTILE) for n in data["nodes"])
    assert "<title>Report &lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert "back\\slash &amp; &lt;!--</title>" in page


def test_json_for_script_round_trips():
    value = {"a": HOSTILE, "b": ["\u2029", "\\u003c", "&amp;"], "c": 1}
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_count_table_and_summary(page):
    data = page_json(page)
    assert [c["outlet"] for c in data["counts"]] == ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"]
    herald = data["counts"][0]
    assert (herald["citations"], herald["articles"], herald["report"], herald["node"]) == (2, 2, 2, "outlet:herald")
    assert data["summary"] == {"articles": 3, "citations": 4, "outlets": 3}
    assert {t["type"] for t in data["types"]} == {"newspaper", "broadcaster", "site"}


def test_nodes_styled(page):
    data = page_json(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    herald = nodes["outlet:herald"]
    assert herald["size"] == pytest.approx(12 + 6 * math.sqrt(2), abs=0.01)
    assert herald["color"] == TYPE_COLOURS["newspaper"] and herald["shape"] == "dot"
    assert herald["title"].splitlines() == [
        "Evening Herald (newspaper, IE)", "2 citations in 2 articles", "report 2 · interview 0 · staff 0 · credit 0"
    ]
    article = nodes["article:in/one.txt"]
    assert article["shape"] == "square"
    assert article["title"].splitlines() == ["Ferry timetable changes", "2022-03-04 · in/one.txt", "2 citations"]
    assert "article:in/three.txt" in nodes  # uncited articles are drawn
    assert all(e["arrows"] == "to" and e["width"] >= 1 for e in data["edges"])
    assert data["options"]["physics"]["enabled"] is True and data["large"] is False
    assert outlet_size(0) == 12


def test_empty_graph_renders(tmp_path):
    page = render(tmp_path, [], [], {})
    data = page_json(page)
    assert data["nodes"] == [] and data["counts"] == [] and data["summary"]["citations"] == 0


def test_large_graph_has_positions_and_no_physics(tmp_path):
    outlets = {f"o{i}": Outlet(f"o{i}", f"Outlet {i}", "newspaper") for i in range(40)}
    articles = [ArticleInfo(f"a{i}.txt", f"a{i}.txt", f"Story {i}") for i in range(LARGE_GRAPH + 200)]
    citations = [
        Citation(a.file, a.id, f"Outlet {i % 40}", f"o{i % 40}", True, "x", 0, 1, "report", "said", "t", "Made up.")
        for i, a in enumerate(articles) if i % 3
    ]
    start = time.perf_counter()
    page = render(tmp_path, articles, citations, outlets)
    assert time.perf_counter() - start < 30
    data = page_json(page)
    assert data["large"] is True and data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], (int, float)) and isinstance(n["y"], (int, float)) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.95 * len(data["nodes"])


def test_unwritable_path_raises_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    graph = build_graph(ARTICLES, CITATIONS, OUTLETS)
    with pytest.raises(OutputError):
        render_html(graph, [], blocker / "network.html")


def test_overwrites_existing_file(tmp_path):
    target = tmp_path / "out" / "network.html"
    target.parent.mkdir()
    target.write_text("old")
    render(tmp_path)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# The page's own script, run in node against a tiny DOM stub (innerHTML throws) and a stub vis.
DOM_HARNESS = r"""
const fs = require("fs");
const page = fs.readFileSync(process.argv[2], "utf8");
const dataText = page.match(/<script type="application\/json" id="citetrack-data">([\s\S]*?)<\/script>/)[1];
const blocks = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(m => m[1]);
class El {
  constructor(tag, id) { Object.assign(this, {tagName: tag, id: id || "", children: [], _text: "", attrs: {},
    style: {}, listeners: {}, className: "", hidden: false, value: "", disabled: false}); }
  get firstChild() { return this.children[0] || null; }
  appendChild(c) { this.children.push(c); return c; }
  removeChild(c) { this.children.splice(this.children.indexOf(c), 1); return c; }
  set textContent(v) { this.children = []; this._text = String(v); }
  get textContent() { return this._text + this.children.map(c => c.textContent).join(""); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  get innerHTML() { throw new Error("innerHTML used"); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  removeAttribute(k) { delete this.attrs[k]; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  fire(t) { (this.listeners[t] || []).forEach(f => f({})); }
}
const ids = {};
const document = {
  getElementById(id) { return id === "citetrack-data" ? {textContent: dataText} : (ids[id] = ids[id] || new El("div", id)); },
  createElement(tag) { return new El(tag); },
};
const calls = [];
let net = null;
class Network {
  constructor(c, d, o) { net = this; this.h = {}; calls.push(["new", d.nodes.items.length, d.edges.items.length]); }
  on(e, f) { this.h[e] = f; } once(e, f) { this.h[e] = f; }
  setOptions(o) { calls.push(["setOptions", o]); } selectNodes(n) { calls.push(["select", n]); }
  focus() {} fit() {} getScale() { return 1; }
}
class DataSet { constructor(items) { this.items = items; } }
new Function("document", "vis", blocks[blocks.length - 1])(document, {Network, DataSet});
const out = {summary: ids.summary.textContent, status0: ids.status.textContent, details: {}, calls};
if (net) {
  net.h.stabilizationIterationsDone();
  out.physicsButton = ids.physics.textContent;
  ids.physics.fire("click");
  const data = JSON.parse(dataText);
  for (const id of Object.keys(data.info)) { net.h.click({nodes: [id]}); out.details[id] = ids.details.textContent; }
}
const rows = () => ids["counts-body"].children.map(tr => tr.children[0].textContent);
out.rows = rows();
ids["counts-head"].children[0].children[0].fire("click");
out.rowsByName = rows();
ids.filter.value = "radio"; ids.filter.fire("input");
out.filtered = rows();
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("empty", [False, True])
def test_page_script_runs_with_text_only(tmp_path, empty):
    render(tmp_path, *(([], [], {}) if empty else ()))
    harness = tmp_path / "harness.js"
    harness.write_text(DOM_HARNESS, encoding="utf-8")
    done = subprocess.run(["node", str(harness), str(tmp_path / "out" / "network.html")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    if empty:
        assert out["summary"] == "0 articles · 0 citations · 0 outlets" and out["rows"] == []
        return
    assert out["summary"] == "3 articles · 4 citations · 3 outlets"
    assert out["status0"].startswith("Laying out")
    assert ["setOptions", {"physics": False}] in out["calls"]
    assert ["setOptions", {"physics": {"enabled": True}}] in out["calls"]  # the toggle button
    herald = out["details"]["outlet:herald"]
    assert "Evening Herald" in herald and "The Evening Herald reported fares would rise." in herald
    assert "Evidence " + " ".join(HOSTILE.split()) in herald and "Ferry timetable changes" in herald
    one = out["details"]["article:in/one.txt"]
    assert "Radio Coastline" in one and "The skipper told Radio Coastline the route was safe." in one
    assert "No outlet citations" in out["details"]["article:in/three.txt"]
    assert out["rows"] == ["Evening Herald", "Evil " + HOSTILE, "Radio Coastline"]
    assert out["rowsByName"][0] == "Evening Herald" and out["filtered"] == ["Radio Coastline"]
