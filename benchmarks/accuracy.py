#!/usr/bin/env python3
"""Accuracy of citetrack on the gold sets, scored with ../shared/eval/score.py.

    python benchmarks/accuracy.py                 # the table
    python benchmarks/accuracy.py --errors        # plus every miss and false alarm, with context
                                                  # (not the test set's: --show-test-errors)
    python benchmarks/accuracy.py --check         # exit 1 if any set falls below benchmarks/floors.toml

Sets: the three shared gold sets (bbc, polnear, reuters-2017: ../shared/corpus/<set>.gold.jsonl)
``blind``, 100 unlabelled articles of ../shared/corpus drawn with a fixed seed
(benchmarks/gold/sample.py) and labelled blind by readers who did not write the rules
(benchmarks/gold/blind.gold.jsonl; see benchmarks/gold/README.md), ``heldout``, 60 more
labelled the same way (a second dev set), ``test``, 60 more labelled after the rules were
final and scored once (spent: the rules changed after it), ``blind2``, 120 more (a third dev set,
its errors read after its first score), ``test2``, 80 more (a test set), ``blind3``, 100 more
(a fourth dev set, its errors read after its first score) and ``test3``, 80 more, the latest test
set. The errors of the test sets are not to be read (only their scores are looked at). The texts of these sets are written to a
temporary folder from the shared corpus when they are scored, never kept here.

Only the labelled articles of each set are scanned (the gold file lists them). The shared folder
is found beside the checkout (../shared) or at $CITETRACK_SHARED.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import citetrack  # noqa: E402
from citetrack.export import write_citations_jsonl  # noqa: E402

SETS = ("bbc", "polnear", "reuters-2017", "blind", "heldout", "blind2", "blind3", "test", "test2", "test3")
#: sets whose errors --errors keeps to itself: they are scored, never read (--show-test-errors reads them)
WITHHELD = ("test", "test2", "test3")
GOLD = ROOT / "benchmarks" / "gold"
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("ct_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_set(name: str, shared: Path, scratch: Path) -> tuple[Path, Path]:
    """(folder of the articles, gold file) of a set; the blind set's texts are written to ``scratch``."""
    if (GOLD / f"{name}.gold.jsonl").exists():
        spec = importlib.util.spec_from_file_location("ct_sample", GOLD / "sample.py")
        sample = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sample)
        folder = scratch / name
        if not folder.exists():
            sample.write(folder, shared, which=name)
        return folder, GOLD / f"{name}.gold.jsonl"
    return shared / "corpus" / name, shared / "corpus" / f"{name}.gold.jsonl"


_SCRATCH = tempfile.TemporaryDirectory(prefix="citetrack-accuracy-")


def evaluate(name: str, shared: Path, scorer, *, jobs: int = 0) -> tuple[dict, list[str]]:
    corpus, gold_file = gold_set(name, shared, Path(_SCRATCH.name))
    gold_rows = scorer.load_jsonl(gold_file)
    files = [corpus / r["file"] for r in gold_rows]
    t0 = time.perf_counter()
    result = citetrack.scan(files, jobs=jobs)
    seconds = time.perf_counter() - t0
    gold = {r["file"]: [c for c in r["citations"] if not c.get("optional")] for r in gold_rows}
    optional = {r["file"]: [c for c in r["citations"] if c.get("optional")] for r in gold_rows}
    pred: dict[str, list[dict]] = {}
    for c in result.citations:
        if c.kind in getattr(scorer, "NOT_SCORED", ()):
            continue  # non-responses ("declined to comment to Reuters") are not citations in the gold sets
        g = scorer.resolve(c.file, list(gold))
        if g is not None:
            pred.setdefault(g, []).append(c.to_dict())
    tp = fp = fn = kind_ok = 0
    cg, cp = Counter(), Counter()
    errors: list[str] = []
    for file, gcits in gold.items():
        pcits = [p for p in pred.get(file, [])
                 if not any(min(o["end"], p["end"]) > max(o["start"], p["start"]) for o in optional[file])]
        t, n, p, confused = scorer.match(gcits, pcits)
        tp, fn, fp = tp + len(t), fn + len(n), fp + len(p)
        kind_ok += sum(1 for i, j in t if gcits[i].get("kind") == pcits[j]["kind"])
        for c in gcits:
            cg[scorer.norm_outlet(c["outlet"])] += 1
        for c in pcits:
            cp[scorer.norm_outlet(c["outlet"])] += 1
        conf_g = dict(confused)
        for i in sorted(set(n)):
            c = gcits[i]
            why = f"found as {pcits[conf_g[i]]['outlet']!r}" if i in conf_g else "missed"
            errors.append(f"MISS  {name}/{file}:{c['start']} {c['outlet']!r} [{c.get('kind')}] ({why}) :: "
                          f"{scorer.context(corpus, file, c['start'], c['end'])}")
        conf_p = {j for _, j in confused}
        for j in sorted(set(p) - conf_p):
            c = pcits[j]
            errors.append(f"FALSE {name}/{file}:{c['start']} {c['outlet']!r} [{c['kind']} by {c['rule']}] :: "
                          f"{scorer.context(corpus, file, c['start'], c['end'])}")
        for i, j in t:
            if gcits[i].get("kind") != pcits[j]["kind"]:
                errors.append(f"KIND  {name}/{file}:{gcits[i]['start']} {gcits[i]['outlet']!r} gold {gcits[i].get('kind')} "
                              f"found {pcits[j]['kind']} by {pcits[j]['rule']} :: "
                              f"{scorer.context(corpus, file, gcits[i]['start'], gcits[i]['end'])}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    count_error = sum(abs(cg[o] - cp[o]) for o in set(cg) | set(cp)) / max(1, sum(cg.values()))
    row = {
        "set": name, "articles": len(gold_rows), "gold": tp + fn, "found": tp + fp, "tp": tp, "fp": fp, "fn": fn,
        "precision": precision, "recall": recall, "f1": f1, "count_error": count_error,
        "kind_accuracy": kind_ok / tp if tp else 0.0, "seconds": seconds,
    }
    return row, errors


def cross_check(name: str, shared: Path, jobs: int) -> str:
    """The official scorer's last line, run as a separate process on a citations.jsonl we write."""
    import subprocess
    corpus, gold_file = gold_set(name, shared, Path(_SCRATCH.name))
    gold_rows = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
    result = citetrack.scan([corpus / r["file"] for r in gold_rows], jobs=jobs)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "citations.jsonl"
        write_citations_jsonl(result.citations, pred)
        proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold",
                               str(gold_file), "--pred", str(pred)],
                              capture_output=True, text=True, check=False)
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list every miss, false alarm and wrong kind")
    ap.add_argument("--show-test-errors", action="store_true",
                    help=f"with --errors, also list the errors of {', '.join(WITHHELD)} (which spends it as a test set)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a set is below its floor in benchmarks/floors.toml")
    ap.add_argument("--sets", nargs="*", default=list(SETS))
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--official", action="store_true", help="also print score.py's own last line for each set")
    args = ap.parse_args()
    shared = shared_dir()
    if not (shared / "eval" / "score.py").exists():
        print(f"accuracy: no shared folder at {shared} (set CITETRACK_SHARED)", file=sys.stderr)
        return 2
    scorer = load_scorer(shared)
    rows, all_errors = [], []
    for name in args.sets:
        row, errors = evaluate(name, shared, scorer, jobs=args.jobs)
        rows.append(row)
        if name in WITHHELD and not args.show_test_errors:
            errors = [f"({name}: {len(errors)} errors not listed: a test set is scored, not read)"] if errors else []
        all_errors.extend(errors)
    if args.errors:
        print("\n".join(all_errors))
        print()
    cols = ("set", "articles", "gold", "found", "precision", "recall", "f1", "count_error", "kind_accuracy", "seconds")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols) + " |")
    if args.official:
        for name in args.sets:
            print(f"score.py {name}: {cross_check(name, shared, args.jobs)}")
    if args.check:
        floors = tomllib.loads((ROOT / "benchmarks" / "floors.toml").read_text())
        bad = []
        for r in rows:
            for metric, floor in floors.get(r["set"], {}).items():
                value = r[metric]
                worse = value > floor if metric == "count_error" else value < floor
                if worse:
                    bad.append(f"{r['set']}: {metric} {value:.3f} is worse than the floor {floor}")
        if bad:
            print("\n".join(["ACCURACY BELOW FLOOR:"] + bad), file=sys.stderr)
            return 1
        print("accuracy floors: all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
