#!/usr/bin/env python3
"""Hostile inputs against ordinary news text: every pattern must stay linear in the input.

    python benchmarks/adversarial.py              # 1 MB per case (the issue's figure)
    python benchmarks/adversarial.py --mb 0.2     # smaller, for CI

Each case is extracted as one article of the given size; the time is compared with the same
amount of ordinary news text (articles of ../shared/corpus/reuters-1987.jsonl joined, or a
generated news-like text when the shared folder is missing). Prints a table of seconds and the
ratio to ordinary text (goal: at most about 3). It prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citetrack.automaton import lowered  # noqa: E402
from citetrack.extract import extract  # noqa: E402
from citetrack.outlets import load_gazetteer  # noqa: E402
from citetrack.rules import load_rules  # noqa: E402


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _nested(size: int) -> str:
    half = size // 2
    return _fill("([{\"“‘'", half) + _fill("'’”\"}])", size - half)


@lru_cache(maxsize=2)
def _names(plain: bool) -> tuple[str, ...]:
    """2,000 distinct outlet names of the gazetteer; ``plain``: only those with no word of the cue
    lexicon or of the rule templates in them, and no punctuation (fewer than 2,000)."""
    gaz, rs = load_gazetteer(), load_rules()
    cue = {w.lower() for words in rs.lexicon.words.values() for form in words for w in re.findall(r"\w+", form)}
    cue |= {w.lower() for r in rs.rules for _, t in r.templates for w in re.findall(r"[A-Za-z]{2,}", t)}
    out: dict[str, None] = {}
    for s in gaz.surfaces:
        name = s.outlet.name
        if s.ambiguous or lowered(name) is None or "(" in name:
            continue  # special characters would take every text with them off the automaton
        if plain and (re.search(r"[^\w ]", name) or any(w.lower() in cue for w in re.findall(r"\w+", name))):
            continue
        out[name] = None
    return tuple(out)[:2000]


def _list(sep: str, upper: bool = False, plain: bool = True):
    return lambda n: _fill((sep.join(_names(plain)) + sep).upper() if upper else sep.join(_names(plain)) + sep, n)


def _table(n: int) -> str:
    names = _names(True)
    return _fill("".join(f"| {' | '.join(names[i:i + 4])} |\n" for i in range(0, len(names), 4)), n)


CASES = {
    "told the told the ...": lambda n: _fill("told the ", n),
    "capitalised words in a row": lambda n: _fill("Alpha Beta Gamma Delta Epsilon Zeta ", n),
    "nested brackets and quotes": _nested,
    "one line of non-space characters": lambda n: _fill("x", n),
    "according to according to ...": lambda n: _fill("according to ", n),
    "The Times News Post Journal ...": lambda n: _fill("The Times News Post Journal ", n),
    # issue 12 ("Also"): walls of outlet names with no cue within reach
    "The New York Times Post Journal Herald ...": lambda n: _fill("The New York Times Post Journal Herald ", n),
    "THE NEW YORK TIMES POST JOURNAL HERALD ...": lambda n: _fill("THE NEW YORK TIMES POST JOURNAL HERALD ", n),
    "gazetteer names with no cue word, commas": _list(", "),
    "gazetteer names with no cue word, one a line": _list("\n"),
    "gazetteer names with no cue word, capitals": _list(", ", upper=True),
    "gazetteer names with no cue word, a table": _table,
    "2,000 gazetteer names, commas (some hold cue words)": _list(", ", plain=False),
    "2,000 gazetteer names, one a line": _list("\n", plain=False),
    "outlet names and cues, dense": lambda n: _fill("Reuters reported, told the BBC, according to CNN. ", n),
    "Photo: [AP Photo/] ...": lambda n: _fill("[AP Photo/ Photo: Reuters/ ", n),
    "one line of names, no spaces": lambda n: _fill("Reuters,told,BBC,“CNN”,", n),
    "one sentence of citations": lambda n: _fill("Reuters reported, told the BBC, according to CNN, ", n),
    "names and back-references": lambda n: _fill("Reuters said the paper told the agency ", n),
    "a mention, then ......": lambda n: "Officials told Reuters on Monday" + _fill(".", n),
    "a mention, then ??????": lambda n: "Officials told Reuters on Monday" + _fill("?", n),
    "a mention, then ?!?!?!": lambda n: "Officials told Reuters on Monday" + _fill("?!", n),
}


def ordinary_text(size: int) -> str:
    shared = Path(os.environ.get("CITETRACK_SHARED", ROOT.parent / "shared"))
    corpus = shared / "corpus" / "reuters-1987.jsonl"
    parts, n = [], 0
    if corpus.exists():
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                parts.append(text)
                n += len(text) + 2
                if n >= size:
                    break
    if n < size:  # no corpus: a made-up news text
        unit = ("The minister said on Monday that the budget would be cut, Reuters reported. Officials told "
                "the Financial Times the plan was final. Prices rose 3.5 pct in March from February.\n\n")
        parts.append(_fill(unit, size - n))
    return "\n\n".join(parts)[:size]


def timed(text: str, gaz, rs, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        extract(text, gaz, ruleset=rs)
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of each input in MB (default 1)")
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs (default 2)")
    args = ap.parse_args(argv)
    size = int(args.mb * 1_000_000)
    gaz, rs = load_gazetteer(), load_rules()
    extract("Reuters reported.", gaz, ruleset=rs)  # compile everything first
    base = timed(ordinary_text(size), gaz, rs, args.repeat)
    print(f"| input ({args.mb:g} MB) | seconds | ratio to news text |")
    print("|---|---|---|")
    print(f"| ordinary news text | {base:.3f} | 1.00 |")
    worst = 0.0
    for name, make in CASES.items():
        s = timed(make(size), gaz, rs, args.repeat)
        worst = max(worst, s / base)
        print(f"| {name} | {s:.3f} | {s / base:.2f} |", flush=True)
    print(f"\nworst ratio: {worst:.2f} (goal: about 3 or less)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
