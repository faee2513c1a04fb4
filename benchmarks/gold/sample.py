#!/usr/bin/env python3
"""The blind sets' samples: which unlabelled articles of ../shared/corpus they hold.

    python benchmarks/gold/sample.py                 # print the blind dev set's sample
    python benchmarks/gold/sample.py --set heldout   # the held-out test set's sample
    python benchmarks/gold/sample.py --write DIR     # also write each article's text under DIR

Two sets: ``blind`` (the dev set, 100 articles) and ``heldout`` (60 more, drawn with another
seed from what is left, labelled the same way, and never used to find misses: its errors are not
read, only its scores, so it measures whether fixes made elsewhere carry over).

The sample is drawn once with a fixed seed from the articles that no shared gold file labels,
stratified by set (30 bbc, 30 polnear, 25 reuters-2017, 15 records of reuters-1987.jsonl), so it
can be drawn again anywhere the shared folder is. A reuters-1987 record is named
``reuters-1987/<id>.txt``: its text is the record's ``text`` field, which is what citetrack
extracts from the record (offsets in ``blind.gold.jsonl`` index it). Texts are never copied into
the project: ``benchmarks/accuracy.py`` writes them to a temporary folder when it scores the set.
"""
from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

SEED = 20261202
STRATA = (("bbc", 30), ("polnear", 30), ("reuters-2017", 25), ("reuters-1987", 15))
#: set name -> (seed, strata); a later set leaves out the articles of the sets before it
SETS = {"blind": (SEED, STRATA),
        "heldout": (20261203, (("bbc", 20), ("polnear", 20), ("reuters-2017", 12), ("reuters-1987", 8))),
        "test": (20261204, (("bbc", 20), ("polnear", 24), ("reuters-2017", 12), ("reuters-1987", 4))),
        "blind2": (20261205, (("bbc", 30), ("polnear", 50), ("reuters-2017", 30), ("reuters-1987", 10))),
        "test2": (20261206, (("bbc", 20), ("polnear", 36), ("reuters-2017", 16), ("reuters-1987", 8))),
        "blind3": (20261207, (("bbc", 25), ("polnear", 35), ("reuters-2017", 20), ("reuters-1987", 20))),
        "test3": (20261208, (("bbc", 20), ("polnear", 30), ("reuters-2017", 15), ("reuters-1987", 15)))}
ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def _labelled(corpus: Path, name: str) -> set[str]:
    gold = corpus / f"{name}.gold.jsonl"
    if not gold.exists():
        return set()
    return {json.loads(line)["file"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}


def sample(shared: Path | None = None, which: str = "blind") -> list[tuple[str, str]]:
    """(name, text) of every sampled article of set ``which``, in sample order; name is ``set/file``."""
    corpus = (shared or shared_dir()) / "corpus"
    taken: set[str] = set()
    for set_name, (seed, strata) in SETS.items():
        rng = random.Random(seed)
        out: list[tuple[str, str]] = []
        for name, n in strata:
            if name == "reuters-1987":
                with (corpus / "reuters-1987.jsonl").open(encoding="utf-8") as fh:
                    records = [json.loads(line) for line in fh if line.strip()]
                records = [r for r in records if f"{name}/{r['id']}.txt" not in taken]
                for r in rng.sample(records, n):
                    out.append((f"{name}/{r['id']}.txt", r["text"]))
                continue
            labelled = _labelled(corpus, name)
            files = sorted(p.name for p in (corpus / name).glob("*.txt")
                           if p.name not in labelled and f"{name}/{p.name}" not in taken)
            for f in rng.sample(files, n):
                out.append((f"{name}/{f}", (corpus / name / f).read_text(encoding="utf-8")))
        if set_name == which:
            return out
        taken |= {n for n, _ in out}
    raise KeyError(which)


def write(dest: Path, shared: Path | None = None, which: str = "blind") -> list[Path]:
    """Write the sampled texts under ``dest`` (``dest/set/file``), exactly as citetrack reads them."""
    paths = []
    for name, text in sample(shared, which):
        p = dest / name
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        paths.append(p)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", type=Path, help="write the sampled texts under this folder")
    ap.add_argument("--set", default="blind", choices=sorted(SETS))
    args = ap.parse_args()
    if args.write:
        write(args.write, which=args.set)
    for name, text in sample(which=args.set):
        print(f"{name}\t{len(text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
