"""`citetrack audit`: cue frames whose slot holds an outlet-like filler that no citation covers.

All text is made up. The audit must list a miss (an outlet citetrack does not know, in a frame it
does know), leave cited mentions and people out, group by probe and filler with counts, and print
table, CSV and JSON.
"""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from citetrack.audit import audit, load_probes, outlet_like
from citetrack.cli import app
from citetrack.extract import extract
from citetrack.models import Article
from citetrack.outlets import load_gazetteer
from citetrack.rules import load_rules

GAZ = load_gazetteer()
RULES = load_rules()

ARTICLES = [
    "The mayor told the Kresta Network that the bridge would reopen. She had told Mr Smith the same.",
    "Officials told the Kresta Network on Friday that schools would close. Reuters reported the closure.",
    "The council said the Marlow Courier reported the vote first.",
]


def _pairs(texts, rs=RULES):
    for i, t in enumerate(texts):
        a = Article(file=f"a{i}.txt", id=f"a{i}", text=t)
        yield a, extract(a, GAZ, ruleset=rs)


def test_an_unknown_outlet_in_a_known_frame_is_listed_and_counted():
    findings = audit(_pairs(ARTICLES), GAZ, RULES)
    top = findings[0]
    assert (top.probe, top.filler, top.count, len(top.articles)) == ("told X", "Kresta Network", 2, 2)
    assert "[[Kresta Network]]" in top.examples[0][2]


def test_cited_mentions_and_people_are_not_listed():
    fillers = {f.filler for f in audit(_pairs(ARTICLES), GAZ, RULES)}
    assert "Reuters" not in fillers  # cited
    assert "Marlow Courier" not in fillers  # cited (an unknown outlet found by its head word)
    assert not any("Smith" in f for f in fillers)  # a person after a title


def test_outlet_like_fillers():
    assert outlet_like("Kresta Network", GAZ, RULES)
    assert outlet_like("WKOW-TV", GAZ, RULES)
    assert outlet_like("WQZX", GAZ, RULES, "the television station WQZX") and not outlet_like("WQZX", GAZ, RULES, "")
    assert not outlet_like("Smith", GAZ, RULES) and not outlet_like("Television", GAZ, RULES)
    assert outlet_like("Zorvia Clarion Radio", GAZ, RULES)  # a head word


def test_every_probe_compiles_and_has_a_filler_slot():
    probes = load_probes(RULES)
    assert len(probes) >= 10
    assert all("filler" in p.pattern.groupindex for p in probes)


def test_a_rules_file_that_knows_the_outlet_empties_the_audit(tmp_path):
    mine = tmp_path / "outlets.toml"
    mine.write_text('[[outlet]]\nid = "kresta-network"\nname = "Kresta Network"\ntype = "broadcaster"\n', encoding="utf-8")
    runner = CliRunner()
    folder = tmp_path / "news"
    folder.mkdir()
    for i, t in enumerate(ARTICLES):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    before = runner.invoke(app, ["audit", str(folder), "--format", "json"])
    after = runner.invoke(app, ["audit", str(folder), "--format", "json", "--outlets", str(mine)])
    assert before.exit_code == 0 and after.exit_code == 0, before.output + after.output
    assert any(f["filler"] == "Kresta Network" for f in json.loads(before.stdout))
    assert not any(f["filler"] == "Kresta Network" for f in json.loads(after.stdout))


def test_audit_formats(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for i, t in enumerate(ARTICLES):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["audit", str(folder)])
    assert table.exit_code == 0 and "Kresta Network" in table.stdout and "told X" in table.stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["audit", str(folder), "--format", "csv"]).stdout)))
    assert rows[0]["filler"] == "Kresta Network" and rows[0]["count"] == "2"
    data = json.loads(runner.invoke(app, ["audit", str(folder), "-f", "json"]).stdout)
    assert data[0]["examples"][0]["article"].endswith("0.txt")
    bad = runner.invoke(app, ["audit", str(folder), "--format", "xml"])
    assert bad.exit_code == 2 and "unknown format" in bad.output
