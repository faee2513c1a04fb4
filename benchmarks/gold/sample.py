#!/usr/bin/env python3
"""The blind dev set's sample: which unlabelled articles of ../shared/corpus it holds.

    python benchmarks/gold/sample.py                 # print the sample (one article a line)
    python benchmarks/gold/sample.py --write DIR     # also write each article's text under DIR

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
ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared")).resolve()


def _labelled(corpus: Path, name: str) -> set[str]:
    gold = corpus / f"{name}.gold.jsonl"
    if not gold.exists():
        return set()
    return {json.loads(line)["file"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}


def sample(shared: Path | None = None) -> list[tuple[str, str]]:
    """(name, text) of every sampled article, in sample order; name is ``set/file``."""
    corpus = (shared or shared_dir()) / "corpus"
    rng = random.Random(SEED)
    out: list[tuple[str, str]] = []
    for name, n in STRATA:
        if name == "reuters-1987":
            with (corpus / "reuters-1987.jsonl").open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh if line.strip()]
            for r in rng.sample(records, n):
                out.append((f"{name}/{r['id']}.txt", r["text"]))
            continue
        labelled = _labelled(corpus, name)
        files = sorted(p.name for p in (corpus / name).glob("*.txt") if p.name not in labelled)
        for f in rng.sample(files, n):
            out.append((f"{name}/{f}", (corpus / name / f).read_text(encoding="utf-8")))
    return out


def write(dest: Path, shared: Path | None = None) -> list[Path]:
    """Write the sampled texts under ``dest`` (``dest/set/file``), exactly as citetrack reads them."""
    paths = []
    for name, text in sample(shared):
        p = dest / name
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        paths.append(p)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", type=Path, help="write the sampled texts under this folder")
    args = ap.parse_args()
    if args.write:
        write(args.write)
    for name, text in sample():
        print(f"{name}\t{len(text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
