"""The streamed scan (``citetrack scan``): the same outputs as the in-memory library path, and
memory that does not grow with the articles that cite nothing."""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import networkx as nx
import pytest

import citetrack
from citetrack.models import ReportOptions, ScanOptions
from citetrack.narrow import narrow
from citetrack.stream import scan_to_folder
from conftest import invoke

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAME = ("citations.jsonl", "outlets.csv", "articles.csv", "edges-publisher.csv", "edges-cocitation.csv", "reciprocity.csv",
        "graph-outlets.graphml")

VIEWS = {
    "all": ReportOptions(),
    "top-5": ReportOptions(top=5),
    "min-3": ReportOptions(min_citations=3),
    "2024-on": ReportOptions(since="2024-01-01"),
    "until-2023": ReportOptions(until="2023"),
}


@pytest.fixture(scope="module")
def in_memory() -> citetrack.ScanResult:
    return citetrack.scan(EXAMPLES, jobs=1)


@pytest.mark.parametrize("view", list(VIEWS.values()), ids=list(VIEWS))
def test_streamed_outputs_equal_the_in_memory_ones(in_memory, tmp_path, view):
    expected = narrow(in_memory, view)
    citetrack.write_outputs(expected, tmp_path / "memory", options=view)
    result, written = scan_to_folder([EXAMPLES], tmp_path / "stream", ScanOptions(jobs=1), view)
    for name in SAME:
        assert (tmp_path / "stream" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name
    assert result.article_count == len(expected.articles)
    assert [c.to_dict() for c in result.citations] == [c.to_dict() for c in expected.citations]
    assert result.counts == expected.counts
    # the graph: the same outlets and edges; article nodes only for the articles that cite something
    streamed = nx.read_graphml(written["graph.graphml"])
    full = nx.read_graphml(tmp_path / "memory" / "graph.graphml")
    cited = {n for n in full if full.nodes[n]["kind"] == "outlet" or full.out_degree(n) > 0}
    assert set(streamed) == cited
    assert streamed.graph == full.graph
    assert {n: streamed.nodes[n] for n in streamed} == {n: full.nodes[n] for n in cited}
    assert sorted(streamed.edges(data=True)) == sorted(full.edges(data=True))


def test_only_citing_articles_are_kept_the_rest_are_counted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [{"id": f"q{i}", "date": f"2024-03-{1 + i % 3:02d}", "outlet": "Daily Bugle",
             "text": "The council met on Tuesday." if i % 10 else "Officials told Reuters on Monday."}
            for i in range(100)]
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result, written = scan_to_folder([folder], tmp_path / "out", ScanOptions(jobs=1))
    assert len(result.articles) == 10 and result.article_count == 100
    assert sum(result.uncited.values()) == 90
    assert {day for day, _, _ in result.uncited} == {"2024-03-01", "2024-03-02", "2024-03-03"}
    lines = written["articles.csv"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 101 and lines[1].startswith("q0,") and lines[2].startswith("q1,")
    g = nx.read_graphml(written["graph.graphml"])
    assert g.graph["articles"] == 100
    [publisher] = [n for n, d in g.nodes(data=True) if "published" in d]
    assert g.nodes[publisher]["published"] == 100
    page = written["graph.html"].read_text(encoding="utf-8")
    assert '"uncited":[["2024-03-01",30],["2024-03-02",30],["2024-03-03",30]]' in page
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".citetrack-articles-")], \
        "the spool is left behind"


def _corpus(folder: Path, articles: int) -> Path:
    """JSON Lines files of 500 articles (a file's results are gathered whole: 500 bounds that)."""
    folder.mkdir()
    filler = "The council met on Tuesday and agreed the budget for the bridge repairs. " * 4
    for start in range(0, articles, 500):
        with open(folder / f"{start:07d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(start, start + 500):
                text = filler + ("Officials told Reuters on Monday." if i % 50 == 0 else "")
                f.write(json.dumps({"id": f"article-{i:07d}", "title": f"Budget story number {i}", "text": text}) + "\n")
    return folder


def test_memory_does_not_grow_with_uncited_articles(tmp_path):
    """Python allocations at the peak, for 2,000 and for 8,000 articles of which 2% cite: the
    difference (0.6 MB) is the 120 more citing articles, not the 6,000 others (deterministic: no
    timing)."""
    scan_to_folder([_corpus(tmp_path / "warm", 500)], tmp_path / "warm-out", ScanOptions(jobs=1))  # compiled once
    peaks = []
    for n in (2_000, 8_000):
        corpus = _corpus(tmp_path / f"in{n}", n)
        tracemalloc.start()
        scan_to_folder([corpus], tmp_path / f"out{n}", ScanOptions(jobs=1))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # an ArticleInfo plus a graph node per article would add well over 5 MB for 6,000 articles
    assert peaks[1] - peaks[0] < 2_000_000, [p / 1e6 for p in peaks]


def test_an_article_too_dense_to_examine_in_full_is_flagged(tmp_path):
    """A wall of outlet names and cues: the budgets pass over some, and the outputs say so."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wall.txt").write_text("Reuters reported, told the BBC, according to CNN. " * 400, encoding="utf-8")
    (folder / "prose.txt").write_text("Officials told Reuters on Monday that the talks had stalled.", encoding="utf-8")
    result, written = scan_to_folder([folder], tmp_path / "out", ScanOptions(jobs=1))
    assert [Path(p).name for p in result.partial] == ["wall.txt"]
    rows = {Path(r.split(",")[0]).name: r.rsplit(",", 1)[1] for r in
            written["articles.csv"].read_text(encoding="utf-8").splitlines()[1:]}
    assert int(rows["wall.txt"]) > 100 and rows["prose.txt"] == "0"
    shown = invoke(["scan", str(folder), "-o", str(tmp_path / "cli"), "-j", "1"])
    assert shown.exit_code == 0
    assert "1 article was not examined in full" in " ".join(shown.output.split())
