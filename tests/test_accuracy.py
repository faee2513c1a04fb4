"""The accuracy gate: each gold set must stay at or above its floor in benchmarks/floors.toml.

The shared and blind sets need ../shared beside the checkout (skipped with the reason without it);
the team's own small set in tests/gold/team (written and labelled by the team) always runs, so a
plain checkout is gated too.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("ct_accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHARED = accuracy.shared_dir()
FLOORS = tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text())
needs_shared = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason=f"no shared gold sets at {SHARED}")
TEAM = ROOT / "tests" / "gold" / "team"


@pytest.fixture(scope="module")
def scorer():
    return accuracy.load_scorer(SHARED)


@needs_shared
@pytest.mark.parametrize("name", accuracy.SETS)
def test_accuracy_floor(name, scorer):
    row, _ = accuracy.evaluate(name, SHARED, scorer, jobs=1)
    for metric, floor in FLOORS[name].items():
        value = row[metric]
        if metric == "count_error":
            assert value <= floor, f"{name}: {metric} {value:.3f} above the ceiling {floor}"
        else:
            assert value >= floor, f"{name}: {metric} {value:.3f} below the floor {floor}"


def test_accuracy_floor_of_the_team_set():
    """Precision and recall on the team's set, a citation right when its span, outlet and kind are."""
    import json

    import citetrack
    from citetrack.outlets import norm_name

    gold = {row["file"]: row["citations"] for row in map(json.loads, (TEAM / "gold.jsonl").read_text().splitlines())}
    result = citetrack.scan([TEAM / f for f in gold], jobs=1)
    want = {(f, c["start"], c["end"], norm_name(c["outlet"]), c["kind"]) for f, cits in gold.items() for c in cits}
    got = {(Path(c.file).name, c.start, c.end, norm_name(c.outlet), c.kind) for c in result.citations
           if c.kind != "no-comment"}  # non-responses are not citations of the gold sets (GUIDELINES.md)
    precision = len(got & want) / len(got) if got else 1.0
    recall = len(got & want) / len(want)
    floor = FLOORS["team"]
    assert precision >= floor["precision"] and recall >= floor["recall"], (precision, recall, got ^ want)
