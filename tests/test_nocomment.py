"""Non-responses as records of their own (kind ``no-comment``): "declined to comment to Reuters",
"did not respond to a request for comment from CNN", "Contacted by the BBC, the ministry did not
reply". Counted in their own column everywhere kinds are (outlets.csv, the terminal table, the
page, ``--kind``, the graph); never an interview. All text is made up."""
from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from citetrack.models import KINDS, kind_field
from conftest import invoke, write_corpus

N = "no-comment"

#: (file, text, the (outlet, kind) pairs its scan must give, in text order)
ARTICLES = [
    ("a.txt", "The ministry declined to comment to Reuters on Friday. Reuters reported that talks had stalled.",
     [("Reuters", N), ("Reuters", "report")]),
    ("b.txt", "The harbour board did not respond to a request for comment from the Zorvian Herald.",
     [("Zorvian Herald", N)]),
    ("c.txt", "Contacted by the BBC, the ferry company did not reply. The skipper told the BBC the route was safe.",
     [("BBC", N), ("BBC", "interview")]),
    ("d.txt", "She declined to speak to the BBC about the strike.", [("BBC", N)]),
    ("e.txt", "The mayor declined to comment on a Reuters report about the budget.", []),
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("nocomment")
    corpus = write_corpus(root / "in", {name: text for name, text, _ in ARTICLES})
    res = invoke(["scan", corpus, "-o", root / "out", "-j", "1"])
    assert res.exit_code == 0, res.output
    return root / "out", res.output


def records(out) -> list[dict]:
    return [json.loads(x) for x in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]


def test_kind_is_in_the_table_of_kinds():
    assert N in KINDS and kind_field(N) == "no_comment"


@pytest.mark.parametrize("name,text,expected", ARTICLES, ids=[a[0] for a in ARTICLES])
def test_records_per_article(scanned, name, text, expected):
    out, _ = scanned
    got = [(r["outlet"], r["kind"]) for r in records(out) if r["file"].endswith(name)]
    assert got == expected


def test_outlets_csv_counts_no_comment_in_its_own_column(scanned):
    out, _ = scanned
    rows = {r["outlet"]: r for r in csv.DictReader((out / "outlets.csv").open(encoding="utf-8"))}
    assert "no_comment" in next(iter(rows.values()))
    assert (rows["BBC"]["no_comment"], rows["BBC"]["interview"], rows["BBC"]["citations"]) == ("2", "1", "3")
    assert (rows["Reuters"]["no_comment"], rows["Reuters"]["report"], rows["Reuters"]["citations"]) == ("1", "1", "2")
    for r in rows.values():  # the total counts every record, no-comment included (README: What counts)
        assert int(r["citations"]) == sum(int(r[kind_field(k)]) for k in KINDS)


def test_terminal_table_has_the_column(scanned):
    _, output = scanned
    header = next(line for line in output.splitlines() if "citations" in line and "outlet" in line)
    assert re.search(r"interview\s+staff\s+credit\s+no-comment", header)


@pytest.mark.parametrize("kind,expected", [
    (N, {("Reuters", N), ("Zorvian Herald", N), ("BBC", N)}),
    ("interview", {("BBC", "interview")}),
])
def test_kind_option(tmp_path, kind, expected):
    corpus = write_corpus(tmp_path / "in", {name: text for name, text, _ in ARTICLES})
    res = invoke(["scan", corpus, "-o", tmp_path / "out", "-q", "-j", "1", "--kind", kind])
    assert res.exit_code == 0, res.output
    assert {(r["outlet"], r["kind"]) for r in records(tmp_path / "out")} == expected


def test_counts_json_carries_no_comment(tmp_path):
    corpus = write_corpus(tmp_path / "in", {name: text for name, text, _ in ARTICLES})
    res = invoke(["counts", corpus, "--format", "json", "-j", "1"])
    assert res.exit_code == 0, res.output
    rows = {r["outlet"]: r for r in json.loads(res.stdout)}
    assert rows["Zorvian Herald"]["no_comment"] == 1


def test_page_shows_the_kind(scanned):
    out, _ = scanned
    page = (out / "graph.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="citetrack-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert N in data["kinds"]
    kinds = [data["kinds"][data["cits"][i + 2]] for i in range(0, len(data["cits"]), 5)]
    assert kinds.count(N) == 4  # the page's table and kind filter are made from data["kinds"]


def test_graph_edges_carry_no_comment(scanned):
    out, _ = scanned
    g = nx.read_graphml(out / "graph.graphml")
    herald = [d for _, v, d in g.edges(data=True) if g.nodes[v].get("name") == "Zorvian Herald"]
    assert herald and herald[0][N] == 1 and herald[0]["kinds"] == N
