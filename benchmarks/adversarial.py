#!/usr/bin/env python3
"""Hostile inputs against ordinary news text: every pattern must stay linear in the input.

    python benchmarks/adversarial.py              # 1 MB per case (the issue's figure)
    python benchmarks/adversarial.py --mb 0.2     # smaller, for CI
    python benchmarks/adversarial.py --files 100000 --bomb-mb 1024   # and whole scans of hostile folders

Each case is extracted as one article of the given size; the time is compared with the same
amount of ordinary news text (articles of ../shared/corpus/reuters-1987.jsonl joined, or a
generated news-like text when the shared folder is missing). Prints a table of seconds and the
ratio to ordinary text (goal: at most about 3). It prints figures; it asserts nothing.

With ``--bomb-mb`` and ``--files``, whole ``citetrack scan`` runs (one process, ``-j1`` unless
``--jobs``) on hostile folders follow, each printed with its wall time and peak memory: decompression
bombs of each format beside a good article (a small .gz that unpacks to ``--bomb-mb`` MB), one huge
CSV cell, JSON Lines record and WARC record, and a folder of ``--files`` small articles.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
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
    ap.add_argument("--bomb-mb", type=int, default=0, help="also scan decompression bombs unpacking to this many MB")
    ap.add_argument("--files", type=int, default=0, help="also scan a folder of this many small files")
    ap.add_argument("--jobs", type=int, default=1, help="--jobs for the whole scans (default 1)")
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
    if args.bomb_mb or args.files:
        with tempfile.TemporaryDirectory(prefix="citetrack-adversarial-") as tmp:
            folders(Path(tmp), args.bomb_mb, args.files, args.jobs)
    return 0


GOOD = "Council budget\n\nThe minister told the Financial Times on Monday that the budget was final.\n"
# VmHWM (not ru_maxrss, which Linux carries over from the parent across exec): the child's own peak
_PEAK = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('PEAK %s\\n' % next((l.split()[1] "
         "for l in open('/proc/self/status') if l.startswith('VmHWM')), '0'))); "
         "from citetrack.console import main; main()")


def _gzip_stream(path: Path, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    """A gzip file of ``head`` + ``unit`` repeated to ``size`` bytes + ``tail``, written in chunks."""
    block = unit * ((1 << 24) // len(unit))
    with gzip.open(path, "wb", compresslevel=6) as f:
        f.write(head)
        left = size
        while left > 0:
            f.write(block[:left])
            left -= len(block)
        f.write(tail)


def _warc(path: Path, body_bytes: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = ("<html><body><article><p>" + GOOD.replace("\n", " ") * 3 + "</p></article></body></html>").encode()
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for i, body in enumerate([page, b"<html><body><p>" + b"x" * body_bytes + b"</p></body></html>", page]):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{i}", "response",
                                                payload=io.BytesIO(body), http_headers=http))


def hostile_folders(root: Path, bomb_mb: int, files: int) -> dict[str, Path]:
    """name -> a folder holding one hostile file beside a good article (or many small files)."""
    out: dict[str, Path] = {}
    size = bomb_mb << 20

    def folder(name: str) -> Path:
        d = root / name.split(" ")[0].replace("/", "-")
        d.mkdir()
        (d / "good.txt").write_text(GOOD, encoding="utf-8")
        out[name] = d
        return d

    if bomb_mb:
        filler = b"The council met on Tuesday. "
        _gzip_stream(folder("bomb.txt.gz") / "bomb.txt.gz", b"Story\n\n", filler, size, b"\n")
        _gzip_stream(folder("bomb.json.gz") / "bomb.json.gz", b'{"text": "', filler, size, b'"}')
        _gzip_stream(folder("bomb.html.gz") / "bomb.html.gz", b"<html><body><p>", filler, size, b"</p></body></html>")
        _gzip_stream(folder("bomb.jsonl.gz (one record)") / "bomb.jsonl.gz", b'{"text": "', filler, size, b'"}\n')
        cell = min(size, 200 << 20)
        with open(folder(f"csv-cell ({cell >> 20} MB cell)") / "big.csv", "wb") as f:
            f.write(b'id,text\n1,"' + filler * (cell // len(filler)) + b'"\n2,"According to CNN, it rained."\n')
        _warc(folder(f"warc-record ({cell >> 20} MB record)") / "crawl.warc", cell)
    if files:
        d = root / "many"
        d.mkdir()
        for i in range(files):
            sub = d / f"{i // 1000:03d}"
            if i % 1000 == 0:
                sub.mkdir()
            (sub / f"a{i:06d}.txt").write_text(f"Story {i}\n\nThe minister told Reuters on Monday that plan {i} "
                                               "was final, officials said.\n", encoding="utf-8")
        out[f"{files:,} small .txt files"] = d
    return out


def folders(root: Path, bomb_mb: int, files: int, jobs: int) -> None:
    print(f"\n| whole scan (-j{jobs}) | input | seconds | peak memory | exit | read / skipped |")
    print("|---|---|---|---|---|---|")
    t = time.perf_counter()
    made = hostile_folders(root, bomb_mb, files)
    print(f"(inputs written in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
    for name, folder in made.items():
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _PEAK, "scan", str(folder), "-o", str(root / "out"),
                               "-j", str(jobs)], capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - t
        peak = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK ")), 0)
        arts = root / "out" / "articles.csv"
        read = max(0, len(arts.read_text(encoding="utf-8").splitlines()) - 1) if arts.exists() else 0
        found = re.search(r"skipped (\d+) item", proc.stdout)
        skipped = int(found[1]) if found else "?"
        print(f"| {name} | {size / 1e6:,.1f} MB on disk | {seconds:.1f} | {peak / 1024:,.0f} MB | {proc.returncode} "
              f"| {read} read / {skipped} skipped |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
