#!/usr/bin/env python3
"""The references citetrack's speed is read against, measured on the same text in the same run.

    python benchmarks/baselines.py FILE.jsonl [FOLDER_OF_TXT]     # prints a table

Each is one pass over the text, in MB per CPU-second of the process doing it (so a loaded machine
changes the figures little):

- ``grep -c -E`` with the cue words (every single-word verb and noun form of the packaged cue
  lexicon, ``citetrack/data/cues.toml``, and "according to"): one DFA pass, the physical floor of
  "look for the cues";
- hyperscan (``pip install hyperscan``) over every name and alias of the gazetteer, literal and
  case-sensitive, each match reported to a Python callback: what a compiled multi-pattern matcher
  does for "find the outlet names";
- Python ``re`` with the same cue alternation (a trie, as citetrack builds its macros), counting
  matches article by article: what one regex pass costs in Python.

citetrack does both of the first two jobs and then binds names to cues sentence by sentence, so it
is slower than any of them; :mod:`throughput` prints these beside citetrack's figures.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cue_words() -> list[str]:
    from citetrack.rules import load_rules

    words: set[str] = {"according to"}
    for name, forms in load_rules(()).lexicon.words.items():
        if name.startswith(("V_", "N_")):
            words |= {w for w in forms if " " not in w}
    return sorted(words)


def outlet_names() -> list[str]:
    from citetrack.outlets import load_gazetteer

    gaz = load_gazetteer(())
    return sorted({n for o in gaz.outlets.values() for n in o.names if n.strip()})


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def grep_cpu(paths: list[Path], words: list[str]) -> float | None:
    """CPU seconds of ``grep -c -E`` with the cue alternation over ``paths`` (recursive)."""
    if shutil.which("grep") is None:
        return None
    import re
    with tempfile.NamedTemporaryFile("w", suffix=".re", delete=False) as f:
        f.write(r"\b(" + "|".join(re.escape(w).replace(r"\ ", " ") for w in words) + r")\b" + "\n")
    try:
        before = _children_cpu()
        subprocess.run(["grep", "-r", "-c", "-E", "-f", f.name, *map(str, paths)], stdout=subprocess.DEVNULL, check=False)
        return _children_cpu() - before
    finally:
        os.unlink(f.name)


def hyperscan_cpu(texts: list[bytes], names: list[str]) -> float | None:
    """CPU seconds of one hyperscan block scan per text over every outlet name, each match reported
    to Python as citetrack would need it (None: no hyperscan)."""
    try:
        import hyperscan
    except ImportError:
        return None
    import re
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    pats = [re.escape(n).encode() for n in names]
    db.compile(expressions=pats, ids=list(range(len(pats))), elements=len(pats), flags=[0] * len(pats))
    count = [0]

    def on_match(*_):
        count[0] += 1

    t0 = time.process_time()
    for t in texts:
        db.scan(t, match_event_handler=on_match)
    return time.process_time() - t0


def re_cpu(texts: list[str], words: list[str]) -> float:
    """CPU seconds of a Python ``re`` cue alternation (a trie) counted over each text."""
    import re

    from citetrack.lexicon import trie_alternation
    pattern = re.compile(r"\b(?:" + trie_alternation(words) + r")\b")
    t0 = time.process_time()
    for t in texts:
        sum(1 for _ in pattern.finditer(t))
    return time.process_time() - t0


def jsonl_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line).get("text") or "" for line in f if line.strip()]


def measure(jsonl: Path, txt_folder: Path | None = None) -> list[tuple[str, float | None, int]]:
    """(label, CPU seconds or None, bytes) per reference."""
    texts = jsonl_texts(jsonl)
    raw = [t.encode("utf-8") for t in texts]
    size = sum(map(len, raw))
    words, names = cue_words(), outlet_names()
    rows = [(f"grep -c -E, {len(words):,} cue words, the JSONL", grep_cpu([jsonl], words), jsonl.stat().st_size)]
    if txt_folder is not None:
        txt_bytes = sum(p.stat().st_size for p in txt_folder.rglob("*.txt"))
        rows.append((f"grep -r -c -E, {len(words):,} cue words, the .txt files", grep_cpu([txt_folder], words), txt_bytes))
    rows.append((f"hyperscan, {len(names):,} outlet names, every match to Python", hyperscan_cpu(raw, names), size))
    rows.append((f"Python re, {len(words):,} cue words (trie)", re_cpu(texts, words), size))
    return rows


def print_table(rows: list[tuple[str, float | None, int]]) -> None:
    print("| reference | CPU s | MB per CPU-second |")
    print("|---|---|---|")
    for label, cpu, size in rows:
        if cpu is None:
            print(f"| {label} | n/a | not installed |")
        else:
            print(f"| {label} | {cpu:.2f} | {size / 1e6 / max(cpu, 1e-9):.1f} |")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    print_table(measure(Path(args[0]), Path(args[1]) if len(args) > 1 else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
