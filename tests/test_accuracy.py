"""The accuracy gate: each shared gold set must stay at or above its floor in benchmarks/floors.toml.

Skipped (with the reason) only when ../shared is not beside the checkout.
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
pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason=f"no shared gold sets at {SHARED}")


@pytest.fixture(scope="module")
def scorer():
    return accuracy.load_scorer(SHARED)


@pytest.mark.parametrize("name", accuracy.SETS)
def test_accuracy_floor(name, scorer):
    row, _ = accuracy.evaluate(name, SHARED, scorer, jobs=1)
    for metric, floor in FLOORS[name].items():
        value = row[metric]
        if metric == "count_error":
            assert value <= floor, f"{name}: {metric} {value:.3f} above the ceiling {floor}"
        else:
            assert value >= floor, f"{name}: {metric} {value:.3f} below the floor {floor}"
