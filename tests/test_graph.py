"""The citation graph: schema, counts, evidence, GraphML. All examples are made up."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citetrack.graph import (
    EVIDENCE_CHARS,
    MAX_EVIDENCE,
    article_label,
    build_graph,
    outlet_counts,
    trim_sentence,
)
from citetrack.models import KINDS, ArticleInfo, Citation, Outlet

OUTLETS = {
    "wire": Outlet("wire", "Daily Wire Service", "agency", "GB"),
    "tv": Outlet("tv", "Channel Nine News", "broadcaster", "US"),
    "zine": Outlet("zine", "The Pamphlet", "unknown", "", known=False),
}
ARTICLES = [
    ArticleInfo("news/a.txt", "news/a.txt", "Council votes on bridge", "2023-05-01", "https://example.org/a", "Town Gazette", 900),
    ArticleInfo("news/b.txt", "news/b.txt", None, None, None, None, 400),
    ArticleInfo("news/c.txt", "news/c.txt", "Quiet day at the harbour", "2023-05-02", None, None, 300),
]


def cite(article: str, outlet: str, kind: str, sentence: str) -> Citation:
    o = OUTLETS[outlet]
    return Citation(
        file=article, article_id=article, outlet=o.name, outlet_id=o.id, known=o.known, mention=o.name,
        start=0, end=len(o.name), kind=kind, cue="said", rule="test", sentence=sentence,
    )


CITATIONS = [
    cite("news/a.txt", "wire", "report", "Daily Wire Service reported the vote was close."),
    cite("news/a.txt", "wire", "interview", "The mayor told Daily Wire Service she was pleased."),
    cite("news/a.txt", "wire", "report", "Daily Wire Service reported the vote was close."),
    cite("news/a.txt", "tv", "staff", "Channel Nine News reporter Sam Lee wrote that\n  the bridge   was late."),
    cite("news/b.txt", "wire", "credit", "Photo: Daily Wire Service"),
    cite("news/b.txt", "zine", "report", "The Pamphlet noted the cost."),
]


@pytest.fixture
def graph() -> nx.DiGraph:
    return build_graph(ARTICLES, CITATIONS, OUTLETS)


def assert_scalar_attributes(g: nx.DiGraph) -> None:
    for key, value in g.graph.items():
        assert isinstance(value, (str, int, float, bool)), ("graph", key, value)
    for n, d in g.nodes(data=True):
        for key, value in d.items():
            assert isinstance(value, (str, int, float, bool)), (n, key, value)
    for s, t, d in g.edges(data=True):
        for key, value in d.items():
            assert isinstance(value, (str, int, float, bool)), (s, t, key, value)


def test_node_ids_and_kinds(graph):
    assert set(graph.nodes) == {
        "article:news/a.txt", "article:news/b.txt", "article:news/c.txt",
        "outlet:wire", "outlet:tv", "outlet:zine",
    }
    assert {d["kind"] for n, d in graph.nodes(data=True) if n.startswith("article:")} == {"article"}
    assert {d["kind"] for n, d in graph.nodes(data=True) if n.startswith("outlet:")} == {"outlet"}
    assert all(s.startswith("article:") and t.startswith("outlet:") for s, t in graph.edges)
    assert graph.is_directed()


def test_all_attributes_are_scalars(graph):
    assert_scalar_attributes(graph)


def test_article_attributes(graph):
    a = graph.nodes["article:news/a.txt"]
    assert a == {
        "kind": "article", "label": "Council votes on bridge", "title": "Council votes on bridge",
        "date": "2023-05-01", "file": "news/a.txt", "publisher": "Town Gazette", "wire": "",
        "url": "https://example.org/a", "citations": 4,
    }
    b = graph.nodes["article:news/b.txt"]
    assert b["label"] == "b.txt" and b["title"] == "" and b["date"] == "" and b["url"] == ""
    assert b["citations"] == 2


def test_outlet_attributes_and_counts(graph):
    wire = graph.nodes["outlet:wire"]
    assert wire == {
        "kind": "outlet", "label": "Daily Wire Service", "name": "Daily Wire Service", "type": "agency",
        "country": "GB", "known": True, "citations": 4, "articles": 2,
        "report": 2, "interview": 1, "staff": 0, "credit": 1, "no-comment": 0, "self_citations": 0, "wire_copy": 0,
    }
    zine = graph.nodes["outlet:zine"]
    assert zine["known"] is False and zine["country"] == "" and zine["citations"] == 1


def test_edges(graph):
    e = graph.edges["article:news/a.txt", "outlet:wire"]
    assert e["weight"] == 3
    assert e["kinds"] == "interview; report"
    assert (e["report"], e["interview"], e["staff"], e["credit"]) == (2, 1, 0, 0)
    # the repeated sentence is kept once
    assert e["evidence"].split("\n") == [
        "Daily Wire Service reported the vote was close.",
        "The mayor told Daily Wire Service she was pleased.",
    ]
    staff = graph.edges["article:news/a.txt", "outlet:tv"]
    assert staff["evidence"] == "Channel Nine News reporter Sam Lee wrote that the bridge was late."
    assert sum(d["weight"] for _, _, d in graph.edges(data=True)) == len(CITATIONS)


def test_uncited_articles(graph):
    c = graph.nodes["article:news/c.txt"]
    assert c["citations"] == 0 and graph.degree("article:news/c.txt") == 0
    g = build_graph(ARTICLES, CITATIONS, OUTLETS, include_uncited=False)
    assert "article:news/c.txt" not in g
    assert "article:news/a.txt" in g
    assert g.graph["articles"] == 3  # still counts every article scanned
    assert g.graph["citations"] == len(CITATIONS)


def test_evidence_is_capped_and_trimmed():
    long = "Word " * 200 + "Daily Wire Service reported it. " + "tail " * 100
    cits = [cite("news/a.txt", "wire", "report", f"Sentence {i} by Daily Wire Service.") for i in range(5)]
    cits.append(cite("news/a.txt", "wire", "report", long))
    g = build_graph(ARTICLES[:1], cits, OUTLETS)
    ev = g.edges["article:news/a.txt", "outlet:wire"]["evidence"].split("\n")
    assert len(ev) == MAX_EVIDENCE
    trimmed = trim_sentence(long, "Daily Wire Service")
    assert len(trimmed) <= EVIDENCE_CHARS + 1
    assert "Daily Wire Service reported it." in trimmed
    assert trimmed.startswith("…") and trimmed.endswith("…")
    assert trim_sentence("x " * 400).endswith("…") and len(trim_sentence("x " * 400)) <= EVIDENCE_CHARS


def test_labels():
    assert article_label(ArticleInfo("dir/x.json", "dir/x.json#3")) == "x.json#3"
    assert article_label(ArticleInfo("C:\\news\\y.txt", "C:\\news\\y.txt")) == "y.txt"
    assert article_label(ArticleInfo("dump.jsonl", "rec-17")) == "dump.jsonl [rec-17]"
    assert article_label(ArticleInfo("z.txt", "z.txt", "  Two\n lines ")) == "Two lines"


def test_missing_article_and_outlet_are_still_nodes():
    stray = Citation("other.txt", "other.txt", "Mystery Times", "mystery", False, "Mystery Times", 0, 13,
                     "report", "said", "test", "Mystery Times said so.")
    g = build_graph([], [stray], {})
    assert g.nodes["article:other.txt"]["label"] == "other.txt"
    assert g.nodes["outlet:mystery"]["name"] == "Mystery Times"
    assert g.nodes["outlet:mystery"]["known"] is False
    assert_scalar_attributes(g)


def test_empty():
    g = build_graph([], [], {})
    assert g.number_of_nodes() == 0 and g.graph == {"articles": 0, "citations": 0}
    assert outlet_counts([], {}) == []


def test_outlet_counts_sorted():
    counts = outlet_counts(CITATIONS, OUTLETS)
    assert [c.outlet_id for c in counts] == ["wire", "tv", "zine"]  # 4, then 1 and 1 by name
    wire = counts[0]
    assert (wire.citations, wire.articles, wire.report, wire.interview, wire.staff, wire.credit) == (4, 2, 2, 1, 0, 1)
    assert wire.type == "agency" and wire.country == "GB" and wire.known
    assert counts[2].outlet == "The Pamphlet" and counts[2].known is False


def test_graphml_round_trip(graph, tmp_path):
    path = tmp_path / "graph.graphml"
    nx.write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert back.is_directed()
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(s, t): d for s, t, d in back.edges(data=True)} == {(s, t): d for s, t, d in graph.edges(data=True)}
    nx.write_gexf(graph, tmp_path / "graph.gexf")  # GEXF takes the same attributes


# any text, with extra control characters, lone surrogates and HTML/JSON specials mixed in
nasty = st.text(alphabet=st.characters() | st.sampled_from("\x00\x01\x0b\x1b\ud800\udcff\u2028<>&\"'\\"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["wire", "tv", "zine"]), st.sampled_from(KINDS), nasty),
        max_size=30,
    )
)
def test_counts_are_consistent(picks, tmp_path_factory):
    articles = [ArticleInfo(f"f{i}.txt", f"f{i}.txt", None if i % 2 else f"Title {i}") for i in range(4)]
    citations = [cite(f"f{a}.txt", o, k, s) for a, o, k, s in picks]
    g = build_graph(articles, citations, OUTLETS)
    assert_scalar_attributes(g)
    assert g.number_of_nodes() == 4 + len({o for _, o, _, _ in picks})
    assert sum(d["weight"] for _, _, d in g.edges(data=True)) == len(citations)
    for k in KINDS:
        n = sum(1 for c in citations if c.kind == k)
        assert sum(d[k] for _, _, d in g.edges(data=True)) == n
        assert sum(d.get(k, 0) for _, d in g.nodes(data=True) if d["kind"] == "outlet") == n
    for s, t, d in g.edges(data=True):
        assert d["weight"] == sum(d[k] for k in KINDS)
        assert d["kinds"] == "; ".join(sorted(k for k in KINDS if d[k]))
        assert len(d["evidence"].split("\n")) <= MAX_EVIDENCE
    counts = outlet_counts(citations, OUTLETS)
    assert [(c.citations, c.outlet) for c in counts] == sorted(
        ((c.citations, c.outlet) for c in counts), key=lambda x: (-x[0], x[1].casefold())
    )
    path = tmp_path_factory.mktemp("gml") / "g.graphml"
    nx.write_graphml(g, path)
    assert nx.read_graphml(path).number_of_nodes() == g.number_of_nodes()


def test_graphml_survives_control_characters_and_surrogates(tmp_path):
    odd = ArticleInfo("bad\udcff\x01name.txt", "bad\udcff\x01name.txt", "Title\x00 with\x07 controls")
    cits = [cite(odd.id, "zine", "report", "The Pamphlet\x0e said \x1b[31m so.")]
    g = build_graph([odd], cits, OUTLETS)
    path = tmp_path / "odd.graphml"
    nx.write_graphml(g, path)
    back = nx.read_graphml(path)
    (article,) = [n for n in back if n.startswith("article:")]
    assert back.nodes[article]["title"] == "Title\ufffd with\ufffd controls"
    assert "\ufffd" in back.edges[article, "outlet:zine"]["evidence"]
