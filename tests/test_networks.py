"""Tests for citetrack.networks and its files: edges-publisher.csv, edges-cocitation.csv,
reciprocity.csv, graph-outlets.graphml and ``counts --reciprocity``.

Hand-built results (articles, citations) whose networks are known, then a made-up JSON Lines corpus
of three publishers citing each other, scanned through the command line.
"""
from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import invoke, write

from citetrack import networks
from citetrack.graph import outlet_counts
from citetrack.models import ArticleInfo, Citation, Outlet, ScanResult
from citetrack.netexport import reciprocity_text, write_outlet_graphml
from citetrack.networks import cocitations, outlet_graph, publisher_edges, reciprocity

NAMES = {"a": "Alpha Wire", "b": "Beta News", "c": "Gamma Times", "d": "Delta Radio", "x": "=Xeno"}


def result(articles: list[tuple], citing: dict[str, str]) -> ScanResult:
    """A scan of ``articles`` ((file, id, publisher id or None), ...) where ``citing`` gives each
    article's citations as outlet ids, one letter a citation: ``{"f1#1": "bbc"}``."""
    infos = [ArticleInfo(file=f, id=i, publisher=NAMES.get(p) if p else None, publisher_id=p) for f, i, p in articles]
    own = {(a.file, a.id): a.publisher_id for a in infos}
    citations = []
    for key, outlets in citing.items():
        file, _, aid = key.partition("|")
        for n, oid in enumerate(outlets):
            citations.append(Citation(file=file, article_id=aid, outlet=NAMES.get(oid, oid.upper()), outlet_id=oid,
                                      known=True, mention=oid, start=n, end=n + 1, kind="report", cue="reported",
                                      rule="r", sentence="s", self=own.get((file, aid)) == oid))
    used = {c.outlet_id for c in citations}
    outlets = {o: Outlet(id=o, name=NAMES.get(o, o.upper()), type="newspaper", country="GB") for o in used}
    publishers = {p: Outlet(id=p, name=NAMES[p], type="agency") for _, _, p in articles if p}
    return ScanResult(articles=infos, citations=citations, counts=outlet_counts(citations, outlets), outlets=outlets,
                      graph=None, skipped=[], publishers=publishers)


# Three publishers a, b, c (and an article with none): a and b cite each other, c cites a only.
THREE = result(
    [("f", "1", "a"), ("f", "2", "a"), ("f", "3", "b"), ("f", "4", "c"), ("f", "5", None), ("f", "6", "b")],
    {"f|1": "bbd", "f|2": "b", "f|3": "aaa", "f|4": "ab", "f|5": "ab", "f|6": "b"},
)

PUBLISHER_CASES = {
    "three publishers": (THREE, [
        ("a", "b", 3, 2, False), ("b", "a", 3, 1, False), ("a", "d", 1, 1, False), ("b", "b", 1, 1, True),
        ("c", "a", 1, 1, False), ("c", "b", 1, 1, False)]),
    "no publisher known": (result([("f", "1", None)], {"f|1": "ab"}), []),
    "same id in two files": (result([("x.jsonl", "1", "a"), ("y.jsonl", "1", "a")], {"x.jsonl|1": "b", "y.jsonl|1": "b"}),
                             [("a", "b", 2, 2, False)]),
}


@pytest.mark.parametrize("case", sorted(PUBLISHER_CASES))
def test_publisher_edges(case):
    scan, expected = PUBLISHER_CASES[case]
    rows = publisher_edges(scan)
    assert [(r.source_id, r.target_id, r.citations, r.articles, r.self) for r in rows] == expected
    assert all(r.source == NAMES[r.source_id] and r.target == NAMES[r.target_id] for r in rows)


COCITATION_CASES = {
    # a is cited in articles 3, 4, 5; b in 1, 2, 4, 5, 6; d in 1: a-b in 2 of (3 + 5 - 2) articles
    "three publishers": (THREE, 50, [("a", "b", 2, 3, 5, 0.3333), ("b", "d", 1, 5, 1, 0.2)]),
    "one outlet an article": (result([("f", "1", None), ("f", "2", None)], {"f|1": "a", "f|2": "b"}), 50, []),
    "over the cap adds no pairs": (result([("f", "1", None), ("f", "2", None)], {"f|1": "abc", "f|2": "ab"}), 2,
                                   [("a", "b", 1, 2, 2, 0.3333)]),
    "at the cap adds its pairs": (result([("f", "1", None)], {"f|1": "cba"}), 3,
                                  [("a", "b", 1, 1, 1, 1.0), ("a", "c", 1, 1, 1, 1.0), ("b", "c", 1, 1, 1, 1.0)]),
    "same id in two files is two articles": (result([("x", "1", None), ("y", "1", None)], {"x|1": "a", "y|1": "b"}), 50, []),
}


@pytest.mark.parametrize("case", sorted(COCITATION_CASES))
def test_cocitations(case):
    scan, cap, expected = COCITATION_CASES[case]
    rows = cocitations(scan, max_outlets=cap)
    assert [(r.outlet_a_id, r.outlet_b_id, r.articles, r.articles_a, r.articles_b, r.jaccard) for r in rows] == expected
    assert all(r.outlet_a_id < r.outlet_b_id for r in rows)


@pytest.mark.timing
def test_a_hostile_article_citing_thousands_of_outlets_adds_no_pairs():
    ids = [f"o{i:05d}" for i in range(5000)]  # 12.5 million pairs if it counted
    citations = [Citation("f", "1", i, i, False, i, 0, 1, "report", "c", "r", "s") for i in ids]
    citations += [Citation("f", "2", i, i, False, i, 0, 1, "report", "c", "r", "s") for i in ids[:2]]
    scan = ScanResult(articles=[], citations=citations, counts=[], outlets={}, graph=None, skipped=[])
    start = time.perf_counter()
    rows = cocitations(scan)
    assert time.perf_counter() - start < 2
    assert [(r.outlet_a_id, r.outlet_b_id, r.articles, r.articles_a, r.articles_b) for r in rows] == [
        ("o00000", "o00001", 1, 2, 2)]


RECIPROCITY_CASES = {
    "a and b both ways, c one way": (THREE, [("a", "b", 3, 3, 2, 1)]),
    "self-citations are no pair": (result([("f", "1", "a")], {"f|1": "aa"}), []),
    "one way only": (result([("f", "1", "a"), ("f", "2", "b")], {"f|1": "b", "f|2": "c"}), []),
}


@pytest.mark.parametrize("case", sorted(RECIPROCITY_CASES))
def test_reciprocity(case):
    scan, expected = RECIPROCITY_CASES[case]
    rows = reciprocity(publisher_edges(scan))
    assert [(r.outlet_a_id, r.outlet_b_id, r.a_cites_b, r.b_cites_a, r.a_cites_b_articles, r.b_cites_a_articles)
            for r in rows] == expected


def test_outlet_graphml_has_both_edge_types_with_single_typed_attributes(tmp_path):
    path = tmp_path / "g.graphml"
    write_outlet_graphml(THREE, path)
    text = path.read_text(encoding="utf-8")
    declared = re.findall(r'<key id="[^"]+" for="(\w+)" attr.name="(\w+)" attr.type="(\w+)"', text)
    assert len({(scope, name) for scope, name, _ in declared}) == len(declared)  # one type per attribute
    g = nx.read_graphml(path)
    assert isinstance(g, nx.MultiDiGraph)
    cites = {(u, v): d for u, v, d in g.edges(data=True) if d["type"] == "cites"}
    cocited = {(u, v): d for u, v, d in g.edges(data=True) if d["type"] == "cocited"}
    assert {k: (d["citations"], d["articles"], d["weight"]) for k, d in cites.items()} == {
        ("b", "a"): (3, 1, 3), ("a", "b"): (3, 2, 3), ("a", "d"): (1, 1, 1), ("c", "a"): (1, 1, 1), ("c", "b"): (1, 1, 1)}
    assert {k: (d["articles"], d["jaccard"], d["weight"]) for k, d in cocited.items()} == {
        ("a", "b"): (2, 0.3333, 2), ("b", "d"): (1, 0.2, 1)}
    assert "jaccard" not in cites["a", "b"] and "citations" not in cocited["a", "b"]
    assert g.nodes["b"] == {"label": "Beta News", "name": "Beta News", "type": "newspaper", "country": "GB",
                            "known": True, "citations": 6, "articles": 5, "self_citations": 1, "published": 2}
    assert g.nodes["c"]["citations"] == 0 and g.nodes["c"]["published"] == 1 and g.nodes["c"]["type"] == "agency"


def test_outlet_graph_ids_and_names_are_xml_safe(tmp_path):
    scan = result([("f", "1", None)], {"f|1": ["a\x00b", "c\ud800"]})
    g = outlet_graph(scan)
    assert sorted(g.nodes) == ["a\ufffdb", "c\ufffd"]
    write_outlet_graphml(scan, tmp_path / "g.graphml")
    assert sorted(nx.read_graphml(tmp_path / "g.graphml").nodes) == ["a\ufffdb", "c\ufffd"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_reciprocity_text(fmt):
    rows = reciprocity(publisher_edges(THREE))
    text = reciprocity_text(rows, fmt)
    parsed = list(csv.DictReader(text.splitlines())) if fmt == "csv" else json.loads(text)
    assert [dict(r) for r in parsed] == [{
        "outlet_a": "Alpha Wire", "outlet_a_id": "a", "outlet_b": "Beta News", "outlet_b_id": "b",
        **{k: (str(v) if fmt == "csv" else v) for k, v in
           {"a_cites_b": 3, "b_cites_a": 3, "a_cites_b_articles": 2, "b_cites_a_articles": 1}.items()}}]


# -- through the command line: three publishers in a JSON Lines file ---------------------------

RECORDS = [
    {"id": "r1", "outlet": "Reuters", "text": "The minister told the BBC on Monday that talks would resume. "
                                              "The Guardian reported that a deal was close."},
    {"id": "r2", "outlet": "Reuters", "text": "The mayor told the BBC that the bridge would open in June."},
    {"id": "b1", "outlet": "BBC", "text": "Reuters reported that grain prices fell sharply on Tuesday."},
    {"id": "b2", "outlet": "BBC", "text": "The governor told the BBC that she would not resign."},
    {"id": "g1", "outlet": "Guardian", "text": "According to the BBC, the vote was delayed until spring."},
    {"id": "n1", "text": "The Guardian reported the strike, and the union leader told the BBC it would go on."},
    {"id": "x1", "outlet": "=HYPERLINK(1)", "text": "Reuters reported that the port had closed."},
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("netx")
    corpus = write(folder / "news.jsonl", "".join(json.dumps(r) + "\n" for r in RECORDS))
    out = folder / "out"
    run = invoke(["scan", corpus, "-o", out, "-j", "1", "-q"])
    assert run.exit_code == 0, run.output
    return corpus, out


def read_csv(path: Path) -> list[tuple]:
    with open(path, encoding="utf-8", newline="") as f:
        return [tuple(row) for row in csv.reader(f)]


FILE_CASES = {
    "edges-publisher.csv": [
        networks.PUBLISHER_EDGE_COLUMNS,
        ("Reuters", "reuters", "BBC", "bbc", "2", "2", "false"),
        ("'=HYPERLINK(1)", "hyperlink-1", "Reuters", "reuters", "1", "1", "false"),
        ("BBC", "bbc", "BBC", "bbc", "1", "1", "true"),
        ("BBC", "bbc", "Reuters", "reuters", "1", "1", "false"),
        ("Guardian", "guardian", "BBC", "bbc", "1", "1", "false"),
        ("Reuters", "reuters", "Guardian", "guardian", "1", "1", "false"),
    ],
    "edges-cocitation.csv": [
        networks.COCITATION_COLUMNS,
        ("BBC", "bbc", "Guardian", "guardian", "2", "5", "2", "0.4"),
    ],
    "reciprocity.csv": [
        networks.RECIPROCITY_COLUMNS,
        ("BBC", "bbc", "Reuters", "reuters", "1", "2", "1", "2"),
    ],
}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_scan_writes_the_network_files(scanned, name):
    _, out = scanned
    assert read_csv(out / name) == [tuple(r) for r in FILE_CASES[name]]


def test_scan_writes_the_outlet_graphml(scanned):
    _, out = scanned
    g = nx.read_graphml(out / "graph-outlets.graphml")
    assert sorted((u, v, d["type"]) for u, v, d in g.edges(data=True)) == [
        ("bbc", "guardian", "cocited"), ("bbc", "reuters", "cites"), ("guardian", "bbc", "cites"),
        ("hyperlink-1", "reuters", "cites"), ("reuters", "bbc", "cites"), ("reuters", "guardian", "cites")]
    assert g.nodes["bbc"]["citations"] == 5 and g.nodes["bbc"]["self_citations"] == 1


def test_scan_top_narrows_the_network_files(tmp_path, scanned):
    corpus, _ = scanned
    run = invoke(["scan", corpus, "-o", tmp_path / "out", "-j", "1", "-q", "--top", "1"])
    assert run.exit_code == 0, run.output
    assert read_csv(tmp_path / "out" / "edges-publisher.csv")[1:] == [
        ("Reuters", "reuters", "BBC", "bbc", "2", "2", "false"), ("BBC", "bbc", "BBC", "bbc", "1", "1", "true"),
        ("Guardian", "guardian", "BBC", "bbc", "1", "1", "false")]
    assert read_csv(tmp_path / "out" / "edges-cocitation.csv")[1:] == []
    assert read_csv(tmp_path / "out" / "reciprocity.csv")[1:] == []


COUNTS_CASES = {
    "table": (["--reciprocity"], ["1 of 1 publisher pairs citing each other", "BBC", "Reuters"]),
    "csv": (["--reciprocity", "--format", "csv"],
            [",".join(networks.RECIPROCITY_COLUMNS), "BBC,bbc,Reuters,reuters,1,2,1,2"]),
    "json": (["--reciprocity", "--format", "json"], ['"a_cites_b": 1', '"b_cites_a": 2', '"outlet_b_id": "reuters"']),
    "one publisher: no pairs": (["--reciprocity", "--publisher", "BBC"],
                                  ["No two publishers cite each other"]),
}


@pytest.mark.parametrize("case", sorted(COUNTS_CASES))
def test_counts_reciprocity(scanned, case):
    corpus, _ = scanned
    args, needles = COUNTS_CASES[case]
    run = invoke(["counts", corpus, "-j", "1", *args])
    assert run.exit_code == 0, run.output
    for needle in needles:
        assert needle in run.stdout


def test_readme_lists_the_network_files_with_their_columns():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Outputs"):].split("\n\n")[1]
    for name, cols in (("edges-publisher.csv", networks.PUBLISHER_EDGE_COLUMNS),
                       ("edges-cocitation.csv", networks.COCITATION_COLUMNS),
                       ("reciprocity.csv", networks.RECIPROCITY_COLUMNS)):
        row = next(line for line in table.splitlines() if f"`{name}`" in line)
        assert f"`{', '.join(cols)}`" in row, name
    assert f"at most {networks.MAX_COCITED} distinct outlets" in readme

