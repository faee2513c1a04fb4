"""The on-disk citation store (citetrack.citestore): a scan written from it gives the same outputs,
byte for byte, as the in-memory path (the citing articles and citations held in lists, the graph
built with networkx), on the examples and on a generated fixture with the awkward cases; the
GraphML and GEXF read back to the same graph; the store leaves nothing behind."""
from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from citetrack import render
from citetrack.cli import app
from citetrack.models import ReportOptions, ScanOptions
from citetrack.narrow import check_range, narrow
from citetrack.pipeline import collect
from citetrack.report import prepare_folder, write_outputs
from citetrack.stream import scan_stored, scan_to_folder
from conftest import invoke

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

VIEWS = {
    "all": ReportOptions(),
    "top-3": ReportOptions(top=3),
    "min-2": ReportOptions(min_citations=2, period="month"),
    "2024-on": ReportOptions(since="2024-01-01", undated="drop"),
}


def in_memory(paths: list, folder: Path, view: ReportOptions, opts: ScanOptions) -> None:
    """The outputs as the in-memory path writes them (what ``citetrack scan`` ran before the store)."""
    since, until = check_range(view)
    folder = prepare_folder(folder)
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder) as spool:
        result = collect(paths, opts, spool=spool, since=since, until=until, undated=view.undated)
        assert result.store is None and result.graph is not None
        write_outputs(narrow(result, replace(view, since=None, until=None)), folder, options=view)


def fixture(folder: Path) -> Path:
    """Articles of two publishers, some citing nothing, some undated or badly dated, ids repeated
    within a file and across files, quotes, several outlets per article, self-citations, wire copy,
    titles and file names with characters XML and HTML escape."""
    folder.mkdir()
    sentences = [
        'Officials told Reuters on Monday that "the talks had stalled".',
        "The minister said in an interview with the BBC that the plan would go ahead.",
        "According to the Financial Times, the bank will cut 300 jobs.",
        "The Guardian reported that the deal was signed, and CNN said it was delayed.",
        "A spokesman declined to comment to the Associated Press.",
        "The council met on Tuesday and agreed the budget.",
    ]
    for f, (name, outlet) in enumerate((("a & <b>.jsonl", "The Guardian"), ('c "d".jsonl', "Daily Bugle"))):
        with open(folder / name, "w", encoding="utf-8") as out:
            for i in range(60):
                text = " ".join(sentences[(i * k + f) % len(sentences)] for k in (1, 2, 3)[: 1 + i % 3])
                if i % 7 == 0:
                    text = "The council met on Tuesday and agreed the budget."
                if i % 11 == 0:
                    text = "LONDON (Reuters) - " + text
                row = {"id": f"n{i % 25}", "title": f"Story {i} & <more>\n\"quoted\"", "outlet": outlet,
                       "date": ["2023-05-01", "2023-06-15", "2024-02-29", "2023-05-32", ""][i % 5], "text": text}
                out.write(json.dumps(row) + "\n")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return fixture(tmp_path_factory.mktemp("gen") / "in")


def _same_outputs(paths: list, tmp_path: Path, view: ReportOptions) -> None:
    opts = ScanOptions(jobs=1)
    in_memory(paths, tmp_path / "memory", view, opts)
    result, written = scan_to_folder(paths, tmp_path / "stored", opts, view)
    assert result.store is not None and result.graph is None
    for name, path in written.items():
        assert path.read_bytes() == (tmp_path / "memory" / name).read_bytes(), name
    assert not [p.name for p in (tmp_path / "stored").iterdir() if p.name.startswith(".citetrack-store")]


@pytest.mark.parametrize("view", list(VIEWS.values()), ids=list(VIEWS))
def test_stored_outputs_equal_the_in_memory_ones_on_the_examples(tmp_path, view):
    _same_outputs([EXAMPLES], tmp_path, view)


@pytest.mark.parametrize("view", list(VIEWS.values()), ids=list(VIEWS))
def test_stored_outputs_equal_the_in_memory_ones_on_a_generated_corpus(generated, tmp_path, view):
    _same_outputs([generated], tmp_path, view)


def test_the_page_keeps_the_strongest_evidence_above_the_limit_as_before(generated, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "EVIDENCE_ALL", 20)  # the fixture has about 150 citations
    _same_outputs([generated], tmp_path, ReportOptions())
    page = (tmp_path / "stored" / "graph.html").read_text(encoding="utf-8")
    assert '"evidenceLimited":true' in page


def test_the_graph_files_read_back_to_the_graph_networkx_builds(generated, tmp_path):
    """Nodes, edges, attributes and their types, in order: what Gephi and networkx users get."""
    opts, view = ScanOptions(jobs=1), ReportOptions()
    in_memory([generated], tmp_path / "memory", view, opts)
    scan_to_folder([generated], tmp_path / "stored", opts, view)
    for name in ("graph.graphml", "graph.gexf"):
        read = nx.read_graphml if name.endswith("graphml") else nx.read_gexf
        built, streamed = read(tmp_path / "memory" / name), read(tmp_path / "stored" / name)
        assert list(streamed.nodes(data=True)) == list(built.nodes(data=True)), name
        assert list(streamed.edges(data=True)) == list(built.edges(data=True)), name
        assert streamed.graph == built.graph and streamed.is_directed()
        types = {(k, type(v)) for _, d in streamed.nodes(data=True) for k, v in d.items()}
        assert ("known", bool) in types and ("citations", int) in types and ("label", str) in types
        assert any(d["kind"] == "article" for _, d in streamed.nodes(data=True))
        assert any("published" in d for _, d in streamed.nodes(data=True))


def test_counts_reads_from_a_store_and_prints_what_the_in_memory_scan_counts(generated, tmp_path):
    import citetrack
    stored = scan_stored([generated], ScanOptions(jobs=1))
    full = citetrack.scan(generated, jobs=1)
    assert stored.store is not None and stored.counts == full.counts
    assert [c.to_dict() for c in stored.citations] == [c.to_dict() for c in full.citations]
    assert stored.article_count == full.article_count and len(stored.articles) < len(full.articles)
    for args in ([], ["--reciprocity"]):
        shown = invoke(["counts", str(generated), "-j", "1", "--format", "csv", *args])
        assert shown.exit_code == 0, shown.output
    assert app is not None


def test_a_stored_result_can_be_read_again_after_the_scan(generated, tmp_path):
    result, _ = scan_to_folder([generated], tmp_path / "out", ScanOptions(jobs=1))
    first = [c.to_dict() for c in result.citations]
    assert first and first == [c.to_dict() for c in result.citations]
    assert len(result.citations) == len(first) and len(list(result.articles)) == len(result.articles)
