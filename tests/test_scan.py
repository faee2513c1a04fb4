"""The library API: scan() over files and folders, options, streaming, and parallel = serial."""
from __future__ import annotations

import json

import networkx as nx
import pytest

import citetrack
from citetrack import ScanOptions, scan
from citetrack.errors import GazetteerError, InputError

SENTENCES = [
    "The minister told the Financial Times on {day} that the budget was final.",
    "Reuters reported on {day} that talks had stalled.",
    "According to Bloomberg, the bank will cut {n} jobs.",
    "Fox News host Sam Roe was fired on {day}.",  # bare mention: no citation
    "A BBC spokesman said the documentary would air on {day}.",
    "In an interview with CNN, the governor said {n} schools would close.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _write_corpus(folder, n):
    for i in range(n):
        lines = [SENTENCES[(i + k) % len(SENTENCES)].format(day=DAYS[(i + k) % 5], n=i + k) for k in range(3)]
        (folder / f"a{i:04d}.txt").write_text(f"Story number {i}\n\n" + " ".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    _write_corpus(tmp_path, 6)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (tmp_path / "records.jsonl").write_text(
        json.dumps({"id": "r1", "title": "Wire", "text": "Xinhua reported the launch on Monday."}) + "\n"
        + "{broken json\n", encoding="utf-8")
    return tmp_path


def test_scan_result_has_everything(corpus):
    r = scan(corpus, jobs=1)
    assert len(r.articles) == 7
    assert {s.path.rsplit("/", 1)[-1] for s in r.skipped} >= {"notes.pdf"}
    assert any("records.jsonl:2" in s.path for s in r.skipped)  # the bad line, the good one still read
    assert sum(c.citations for c in r.counts) == len(r.citations)
    assert [c.outlet for c in r.counts][:1] and all(c.citations > 0 for c in r.counts)
    assert isinstance(r.graph, nx.DiGraph)
    assert r.graph.number_of_nodes() == len(r.articles) + len(r.counts)
    assert "Fox News" not in {c.outlet for c in r.citations}
    assert "Xinhua" in {c.outlet for c in r.citations}


def test_counts_are_sorted_and_agree_with_citations(corpus):
    r = scan(corpus, jobs=1)
    assert [c.citations for c in r.counts] == sorted((c.citations for c in r.counts), reverse=True)
    for oc in r.counts:
        cits = [c for c in r.citations if c.outlet_id == oc.outlet_id]
        assert oc.citations == len(cits)
        assert oc.articles == len({c.article_id for c in cits})
        assert oc.report + oc.interview + oc.staff + oc.credit == oc.citations


def test_kind_filter(corpus):
    r = scan(corpus, jobs=1, kinds={"interview"})
    assert r.citations and {c.kind for c in r.citations} == {"interview"}


def test_options_object_and_overrides_agree(corpus):
    a = scan(corpus, ScanOptions(jobs=1, unknown_outlets=False))
    b = scan(corpus, jobs=1, unknown_outlets=False)
    assert a.citations == b.citations


def test_user_outlets_file(corpus, tmp_path_factory):
    extra = tmp_path_factory.mktemp("cfg") / "mine.toml"
    extra.write_text('[[outlet]]\nid = "zorblatt-ledger"\nname = "Zorblatt Ledger"\ntype = "newspaper"\n', encoding="utf-8")
    (corpus / "z.txt").write_text("The mayor told the Zorblatt Ledger that he would run.", encoding="utf-8")
    r = scan(corpus, jobs=1, outlets_files=[extra])
    (c,) = [c for c in r.citations if c.outlet == "Zorblatt Ledger"]
    assert c.known and c.kind == "interview"


def test_bad_outlets_file_fails_before_reading(corpus, tmp_path_factory):
    bad = tmp_path_factory.mktemp("cfg") / "bad.toml"
    bad.write_text('[[outlet]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(GazetteerError, match="bad.toml"):
        scan(corpus, jobs=1, outlets_files=[bad])


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="path not found"):
        scan(tmp_path / "nope")


def test_iter_scan_streams_in_order(corpus):
    seen = [info.id for info, _ in citetrack.iter_scan([corpus], ScanOptions(jobs=1))]
    assert seen == sorted(seen)


def test_parallel_run_equals_serial_run(tmp_path):
    _write_corpus(tmp_path, 1200)  # more than one batch, so the worker pool is used
    serial = scan(tmp_path, jobs=1)
    parallel = scan(tmp_path, jobs=2)
    assert parallel.citations == serial.citations
    assert [a.id for a in parallel.articles] == [a.id for a in serial.articles]
    assert parallel.counts == serial.counts
