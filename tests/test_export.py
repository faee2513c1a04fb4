"""Tests for citetrack.export: CSV, JSON Lines, GraphML/GEXF, atomic writes, CSV injection."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest

from citetrack import export
from citetrack.errors import OutputError
from citetrack.export import (
    ARTICLE_COLUMNS,
    OUTLET_COLUMNS,
    counts_text,
    csv_cell,
    scalar,
    scalar_graph,
    write_articles_csv,
    write_citations_jsonl,
    write_gexf,
    write_graphml,
    write_outlets_csv,
)
from citetrack.models import ArticleInfo, Citation, OutletCount


def citation(article_id="a1", outlet="Daily Planet", start=0, file="news/a.txt", **kw) -> Citation:
    base = dict(file=file, article_id=article_id, outlet=outlet, outlet_id=outlet.lower().replace(" ", "-"),
                known=True, mention=outlet, start=start, end=start + len(outlet), kind="report",
                cue="reported", rule="r1", sentence=f"{outlet} reported it.")
    base.update(kw)
    return Citation(**base)


COUNTS = [
    OutletCount("Daily Planet", "daily-planet", "newspaper", "US", True, 3, 2, report=2, interview=1,
                domains=("dailyplanet.com", "planet.news")),
    OutletCount("=HYPERLINK(\"http://evil\")", "evil", "unknown", "", False, 1, 1, credit=1),
    OutletCount("Café Ünïcode", "cafe-unicode", "site", "FR", True, 0, 0),
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# -- CSV --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-3, -3),
        (2.5, 2.5),
        (True, "true"),
        (False, "false"),
        (None, ""),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "plain", "inner-equals", "negative-int", "float",
         "true", "false", "none"],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_outlets_csv_round_trip(tmp_path):
    path = tmp_path / "outlets.csv"
    write_outlets_csv(COUNTS, path)
    rows = read_csv(path)
    assert list(rows[0]) == list(OUTLET_COLUMNS)
    assert rows[0] == {"outlet": "Daily Planet", "citations": "3", "articles": "2", "report": "2", "interview": "1",
                       "staff": "0", "credit": "0", "no_comment": "0", "self_citations": "0", "wire_copy": "0", "type": "newspaper", "country": "US", "known": "true",
                       "outlet_id": "daily-planet", "domains": "dailyplanet.com; planet.news"}
    assert rows[1]["outlet"] == "'=HYPERLINK(\"http://evil\")" and rows[1]["known"] == "false"
    assert rows[2]["outlet"] == "Café Ünïcode"
    assert no_temp_files(tmp_path)


def test_articles_csv(tmp_path):
    articles = [
        ArticleInfo("news/a.txt", "a1", "Title, with comma", "2023-05-12", url="-http://x", chars=120),
        ArticleInfo("news/b.txt", "b1", publisher="Pub", chars=40),
        # the same id in another file is another article
        ArticleInfo("news/c.jsonl", "a1", "Multi\nline", chars=10),
    ]
    cits = [citation(outlet="Wire Service", start=50), citation(start=5), citation(outlet="Wire Service", start=90),
            citation(article_id="a1", file="news/c.jsonl", outlet="Evening Star")]
    path = tmp_path / "articles.csv"
    write_articles_csv(articles, cits, path)
    rows = read_csv(path)
    assert list(rows[0]) == list(ARTICLE_COLUMNS)
    assert [(r["article_id"], r["citations"], r["outlets"]) for r in rows] == [
        ("a1", "3", "Wire Service; Daily Planet"), ("b1", "0", ""), ("a1", "1", "Evening Star")]
    assert rows[0]["title"] == "Title, with comma" and rows[0]["url"] == "'-http://x" and rows[0]["chars"] == "120"
    assert rows[1]["title"] == "" and rows[1]["publisher"] == "Pub"
    assert rows[2]["title"] == "Multi\nline"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_counts_text(tmp_path, fmt):
    text = counts_text(COUNTS, fmt)
    if fmt == "json":
        data = json.loads(text)
        assert data == [{**c.to_dict(), "domains": list(c.domains)} for c in COUNTS]  # JSON is data: no quoting
        assert "Café" in text
    else:
        write_outlets_csv(COUNTS, tmp_path / "o.csv")
        assert text == (tmp_path / "o.csv").read_text(encoding="utf-8").replace(os.linesep, "\r\n")
        assert list(csv.DictReader(io.StringIO(text)))[0]["outlet"] == "Daily Planet"


def test_counts_text_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        counts_text(COUNTS, "xml")


# -- JSON Lines -------------------------------------------------------------------------------

def test_citations_jsonl(tmp_path):
    cits = [citation(), citation(outlet="Le Monde Diplomatique", quote="« Très »", speaker="Élise")]
    path = tmp_path / "citations.jsonl"
    write_citations_jsonl(cits, path)
    raw = path.read_text(encoding="utf-8")
    assert "« Très »" in raw  # ensure_ascii=False
    assert raw.count("\n") == 2 and "\r" not in raw
    assert [json.loads(line) for line in raw.splitlines()] == [{**c.to_dict(), "date": None} for c in cits]


def test_citations_jsonl_carries_the_article_date_after_article_id(tmp_path):
    """Issue 15 #3: each line carries its article's date, looked up by (file, article id); null when undated."""
    cits = [citation(article_id="a1"), citation(article_id="a2"), citation(article_id="a1", file="other/a.txt")]
    path = tmp_path / "citations.jsonl"
    write_citations_jsonl(cits, path, {("news/a.txt", "a1"): "2023-05-12"})
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["date"] for r in rows] == ["2023-05-12", None, None]
    assert list(rows[0]) == list(export.CITATION_COLUMNS) and export.CITATION_COLUMNS[:3] == ("file", "article_id", "date")


def test_citations_jsonl_accepts_a_generator(tmp_path):
    path = tmp_path / "c.jsonl"
    write_citations_jsonl((citation(start=i) for i in range(3)), path)
    assert len(path.read_text().splitlines()) == 3


# -- atomic writes and errors -----------------------------------------------------------------

def test_atomic_write_replaces_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text("old")
    write_outlets_csv(COUNTS, path)
    assert path.read_text(encoding="utf-8").startswith("outlet,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outlets.csv"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "citations.jsonl"
    path.write_text("old\n")

    def broken():
        yield citation()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_citations_jsonl(broken(), path)
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["citations.jsonl"]


@pytest.mark.parametrize(
    "writer",
    [
        lambda p: write_outlets_csv(COUNTS, p),
        lambda p: write_articles_csv([], [], p),
        lambda p: write_citations_jsonl([], p),
        lambda p: write_graphml(nx.DiGraph(), p),
        lambda p: write_gexf(nx.DiGraph(), p),
    ],
    ids=["outlets", "articles", "citations", "graphml", "gexf"],
)
def test_unwritable_folder_raises_output_error(tmp_path, writer):
    path = tmp_path / "missing-folder" / "out.file"
    with pytest.raises(OutputError, match=r"cannot write .*out\.file: "):
        writer(path)


def test_replace_failure_raises_output_error(tmp_path, monkeypatch):
    def fail(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", fail)
    with pytest.raises(OutputError, match="cannot write .*o.csv: Permission denied"):
        write_outlets_csv(COUNTS, tmp_path / "o.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX umask")
def test_written_files_are_not_private(tmp_path):
    old = os.umask(0o022)
    try:
        write_outlets_csv(COUNTS, tmp_path / "o.csv")
    finally:
        os.umask(old)
    assert (tmp_path / "o.csv").stat().st_mode & 0o044 == 0o044


# -- graphs -----------------------------------------------------------------------------------

class FakeNumpyInt:
    """Stands in for numpy.int64: not an int, but has tolist()."""

    def __init__(self, value):
        self.value = value

    def tolist(self):
        return self.value


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (["a", "b"], "a; b"),
        (("x", 1), "x; 1"),
        ({"b", "a"}, "a; b"),
        ([None, 2], "; 2"),
        ({"k": 1}, '{"k": 1}'),
        (FakeNumpyInt(7), 7),
        (FakeNumpyInt([1, 2]), "1; 2"),
        (Decimal("2.5"), 2.5),
        (Fraction(4, 2), 2),
        (Path("a/b"), "a/b"),
        (True, True),
        (3, 3),
    ],
    ids=["none", "list", "tuple", "set", "list-with-none", "dict", "numpy-int", "numpy-array", "decimal",
         "fraction", "path", "bool", "int"],
)
def test_scalar(value, expected):
    got = scalar(value)
    assert got == expected and type(got) is type(expected)


def messy_graph() -> nx.DiGraph:
    g = nx.DiGraph(articles=2, note=None, tags=["x", "y"])
    g.add_node("article:a1", kind="article", label="A", title=None, date=None, citations=2, tags=["p", "q"])
    g.add_node("article:a2", kind="article", label="B", title="T", date="2023-05-12", citations=FakeNumpyInt(1))
    g.add_node("outlet:planet", kind="outlet", label="Daily Planet", type="newspaper", known=True, citations=3,
               score=None)
    g.add_node("outlet:wire", kind="outlet", label="Wire", type="agency", known=False, citations=1, score=0.5)
    g.add_edge("article:a1", "outlet:planet", weight=2, kinds=("report", "staff"), evidence=None)
    g.add_edge("article:a2", "outlet:planet", weight=1, kinds=["report"], evidence="said so")
    g.add_edge("article:a1", "outlet:wire", weight=FakeNumpyInt(1), kinds=[], mixed=1)
    g.add_edge("article:a2", "outlet:wire", weight=1, kinds="credit", mixed="one")
    return g


def test_scalar_graph_does_not_touch_the_original():
    g = messy_graph()
    s = scalar_graph(g)
    assert g.nodes["article:a1"]["tags"] == ["p", "q"] and s.nodes["article:a1"]["tags"] == "p; q"
    assert g.graph["note"] is None and s.graph["note"] == ""


def test_graphml_round_trip_with_none_and_lists(tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(messy_graph(), path)
    back = nx.read_graphml(path)
    assert isinstance(back, nx.DiGraph) and back.number_of_edges() == 4
    a1 = back.nodes["article:a1"]
    assert a1["title"] == "" and a1["tags"] == "p; q" and a1["citations"] == 2
    assert back.nodes["article:a2"]["citations"] == 1
    # numeric attribute with a None: the None is dropped, the others stay numbers
    assert "score" not in back.nodes["outlet:planet"] and back.nodes["outlet:wire"]["score"] == 0.5
    assert back.nodes["outlet:planet"]["known"] is True
    assert back.edges["article:a1", "outlet:planet"]["kinds"] == "report; staff"
    assert back.edges["article:a1", "outlet:planet"]["evidence"] == ""
    assert back.edges["article:a1", "outlet:wire"]["weight"] == 1
    # an attribute that is int on one edge and str on another becomes str everywhere
    assert back.edges["article:a1", "outlet:wire"]["mixed"] == "1"
    assert back.graph["tags"] == "x; y" and back.graph["articles"] == 2
    assert no_temp_files(tmp_path)


def test_gexf_round_trip_and_outlet_sizes(tmp_path):
    path = tmp_path / "graph.gexf"
    write_gexf(messy_graph(), path)
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == 4 and back.number_of_edges() == 4
    planet, wire = back.nodes["outlet:planet"], back.nodes["outlet:wire"]
    assert planet["viz"]["size"] == export.MAX_SIZE
    assert export.MIN_SIZE < wire["viz"]["size"] < planet["viz"]["size"]
    assert "viz" not in back.nodes["article:a1"] or "size" not in back.nodes["article:a1"].get("viz", {})
    assert back.nodes["article:a1"]["tags"] == "p; q"
    assert no_temp_files(tmp_path)


def test_gexf_size_falls_back_to_weighted_in_degree(tmp_path):
    g = nx.DiGraph()
    g.add_node("o1", kind="outlet")
    g.add_node("o2", kind="outlet")
    g.add_edge("a", "o1", weight=4)
    g.add_edge("a", "o2", weight=1)
    path = tmp_path / "g.gexf"
    write_gexf(g, path)
    back = nx.read_gexf(path)
    assert back.nodes["o1"]["viz"]["size"] == export.MAX_SIZE
    assert back.nodes["o2"]["viz"]["size"] == pytest.approx(export.MIN_SIZE + (export.MAX_SIZE - export.MIN_SIZE) * 0.5)


# -- the README's table of outputs against the registry ---------------------------------------

def _readme_outputs() -> dict[str, str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Outputs"):].split("\n\n")[1]
    rows = {}
    for line in table.splitlines()[2:]:
        names, content = line.strip("|").split("|", 1)
        for name in re.findall(r"`([^`]+)`", names):
            rows[name] = content
    return rows


def test_the_readme_lists_every_output_with_its_columns():
    """Issue 14 #2: the outputs were listed in four places; the README's table follows the registry."""
    from citetrack.export import ARTICLE_COLUMNS, OUTLET_COLUMNS
    from citetrack.models import Citation
    from citetrack.outputs import EVERY
    rows = _readme_outputs()
    assert sorted(rows) == sorted(EVERY)
    from citetrack.timeline import TIMELINE_COLUMNS
    columns = {"outlets.csv": OUTLET_COLUMNS, "articles.csv": ARTICLE_COLUMNS, "timeline.csv": TIMELINE_COLUMNS,
               "citations.jsonl": export.CITATION_COLUMNS}
    assert set(export.CITATION_COLUMNS) == {f.name for f in dataclasses.fields(Citation)} | {"date"}
    for name, cols in columns.items():
        listed = re.search(r"`([a-z_]+(?:, [a-z_]+)+)`", rows[name])[1].split(", ")
        assert listed == list(cols), name


def test_records_to_dict_is_asdict():
    """Citation and ArticleInfo build their dicts from their slots (faster than asdict): the same
    keys, in field order, and the same values."""
    from citetrack import extract
    from citetrack.models import ArticleInfo
    found = extract("Officials told the Financial Times on Monday that the deal was off.\n\n[AP Photo/Jane Doe]")
    assert found
    for record in (*found, ArticleInfo("f.txt", "a1", "Title", "2024-01-02", publisher="BBC", chars=10, wire="Reuters")):
        assert list(record.to_dict().items()) == list(dataclasses.asdict(record).items())
