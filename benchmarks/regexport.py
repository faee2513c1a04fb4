#!/usr/bin/env python3
"""The regex translator (citetrack.regexport) on every pattern citetrack compiles, over real text.

    python benchmarks/regexport.py [--articles N] [--sentences N]

Collects every compiled pattern of the package (module-level ones, and those inside the loaded
gazetteer, rules, matcher and rule filter: :func:`project_patterns`), translates each, and prints
how many translate and why the others do not. Then, over the shared corpora's sentences
(/work/shared/corpus: reuters-1987.jsonl and the .txt folders), it compares for each pattern what
Python's ``re`` finds with what the translated source finds: compiled by ``re`` itself, and run by
the compiled core's ``Pattern`` where one is installed (``citetrack.core.core()``).
Every difference is printed; the last line says how many comparisons were made and how many differed.

Compared: non-overlapping matches (``finditer`` / ``find_all``) of each pattern that cannot match the
empty string, and for every pattern the match at the start of the sentence and at a few word
starts (``match`` / ``match_at``; at 20 for the patterns that can match the empty string).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import json
import pkgutil
import re
import sys
import time
from pathlib import Path

CORPUS = Path("/work/shared/corpus")


def project_patterns() -> list[re.Pattern]:
    """Every distinct str pattern citetrack compiles: each module's, everything reachable from the
    loaded gazetteer, rules (templates and lexicon), matcher and rule filter once examples/ has
    been analysed, and the literal patterns of ``re.match(r"...")``-style calls."""
    import citetrack
    from citetrack.mentions.matcher import matcher_for
    from citetrack.outlets import load_gazetteer
    from citetrack.prefilter import rule_filter
    from citetrack.rules import load_rules

    modules = []
    for info in pkgutil.walk_packages(citetrack.__path__, "citetrack."):
        if info.name.endswith("__main__"):
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except ImportError:  # an optional dependency (dask, pyarrow) not installed
            pass
    gaz, rules = load_gazetteer(), load_rules()
    _analyse_examples()  # the patterns built on first use (per rule set, per page) get built
    roots = [vars(m) for m in modules] + [gaz, rules, matcher_for(gaz, rules.lexicon), rule_filter(rules)]
    found: dict[tuple, re.Pattern] = {}
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, re.Pattern):
            if isinstance(obj.pattern, str):
                found.setdefault((obj.pattern, obj.flags), obj)
            continue
        if isinstance(obj, (str, bytes, int, float, type(None), type)) or type(obj).__name__ == "module":
            continue
        module = getattr(type(obj), "__module__", "") or ""
        if isinstance(obj, (dict, list, tuple, set, frozenset)) or module.startswith("citetrack"):
            stack.extend(gc.get_referents(obj))
        elif callable(obj) and getattr(obj, "__module__", "") and str(obj.__module__).startswith("citetrack"):
            stack.extend(gc.get_referents(obj))  # functions: closures, defaults, memo tables
    for p in inline_patterns(Path(citetrack.__file__).parent):
        found.setdefault((p.pattern, p.flags), p)
    return sorted(found.values(), key=lambda p: (p.pattern, p.flags))


_RE_CALLS = {"compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
             "sub": 4, "subn": 4}  # the position of the flags argument


def inline_patterns(package: Path) -> list[re.Pattern]:
    """The patterns written as literals in a call of ``re`` (``re.match(r"...", s, re.I)``):
    compiled where they are used (from re's own cache), they are held by no object."""
    import ast

    out = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_CALLS and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            flags = next((k.value for k in node.keywords if k.arg == "flags"), None)
            if flags is None and len(node.args) > _RE_CALLS[node.func.attr]:
                flags = node.args[_RE_CALLS[node.func.attr]]
            try:
                value = eval(compile(ast.Expression(flags), str(path), "eval"), {"re": re}) if flags is not None else 0
                out.append(re.compile(node.args[0].value, value))
            except Exception:  # noqa: BLE001 - flags that are a variable: that call is not collected
                pass
    return out


def _analyse_examples() -> None:
    from citetrack.analyse import analyse_item
    from citetrack.models import ScanOptions

    from citetrack.readers.registry import read_items

    examples = Path(__file__).resolve().parent.parent / "examples"
    for path in sorted(examples.rglob("*")):
        if path.is_file():
            for item in read_items(path, path.name):
                if not hasattr(item, "reason"):
                    analyse_item(item, ScanOptions())


def translations(patterns: list[re.Pattern]) -> tuple[dict[re.Pattern, str], dict[re.Pattern, str]]:
    """The translated source of each pattern, and the reason for each that does not translate."""
    from citetrack.regexport import TranslateError, translate

    done, refused = {}, {}
    for p in patterns:
        try:
            done[p] = translate(p)
        except TranslateError as exc:
            refused[p] = str(exc)
    return done, refused


def corpus_sentences(articles: int, limit: int) -> list[str]:
    """Sentences (and whole short lines) of the shared corpora: up to ``limit``."""
    from citetrack.sentences import split_sentences

    texts = []
    r87 = CORPUS / "reuters-1987.jsonl"
    if r87.exists():
        with r87.open(encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= articles:
                    break
                texts.append(json.loads(line).get("text", ""))
    for folder in ("bbc", "polnear", "reuters-2017"):
        for path in sorted((CORPUS / folder).rglob("*.txt"))[: articles // 3]:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    out = []
    for text in texts:
        for start, end in split_sentences(text):
            out.append(text[start:end])
            if len(out) >= limit:
                return out
    return out


def compare(pattern: re.Pattern, source: str, texts: list[str], engine) -> tuple[int, list[str]]:
    """Comparisons made and differences found between ``re`` and ``engine`` (a callable: text ->
    list of spans, or (text, pos) -> span) on ``texts``."""
    from citetrack.regexport import can_match_empty

    nullable = can_match_empty(pattern)
    diffs, n = [], 0
    for text in texts:
        if not nullable:
            want = [m.span() for m in pattern.finditer(text)]
            got = engine("find_all", text)
            n += 1
            if want != got:
                diffs.append(f"{pattern.pattern[:60]!r} on {text[:80]!r}: re {want[:4]} vs {got[:4]}")
        for pos in [0] + [m.start() for m in re.finditer(r"(?<=\s)\S", text)][: 20 if nullable else 4]:
            m = pattern.match(text, pos)
            want = m.span() if m else None
            got = engine("match_at", text, pos)
            n += 1
            if want != got:
                diffs.append(f"{pattern.pattern[:60]!r} at {pos} of {text[:80]!r}: re {want} vs {got}")
    return n, diffs


def python_engine(source: str):
    compiled = re.compile(source)

    def run(kind, text, pos=0):
        if kind == "find_all":
            return [m.span() for m in compiled.finditer(text)]
        m = compiled.match(text, pos)
        return m.span() if m else None
    return run


def core_engine(source: str, core):
    p = core.Pattern(source)

    def run(kind, text, pos=0):
        return p.find_all(text) if kind == "find_all" else p.match_at(text, pos)
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=600, help="articles read from each corpus (default 600)")
    ap.add_argument("--sentences", type=int, default=3000, help="sentences compared (default 3000)")
    args = ap.parse_args(argv)
    from citetrack import core as core_mod
    from citetrack import unitables

    t0 = time.process_time()
    patterns = project_patterns()
    t1 = time.process_time()
    done, refused = translations(patterns)
    t2 = time.process_time()
    print(f"patterns: {len(patterns)} collected ({t1 - t0:.2f} CPU s), {len(done)} translate, {len(refused)} do not "
          f"({t2 - t1:.2f} CPU s; {len(unitables.snapshot())} character sets computed)")
    for p, why in refused.items():
        print(f"  not translated: {p.pattern[:70]!r} (flags {p.flags}): {why}")
    size_in = sum(len(p.pattern) for p in done)
    size_out = sum(len(s) for s in done.values())
    print(f"source size: {size_in:,} characters in, {size_out:,} out")
    if not CORPUS.exists():
        print(f"no {CORPUS}: nothing compared")
        return 0
    texts = corpus_sentences(args.articles, args.sentences)
    core = core_mod.core()
    engines = [("re (translated source)", python_engine)]
    if core is not None and hasattr(core, "Pattern"):
        engines.append(("core", lambda s: core_engine(s, core)))
    else:
        print(f"core: {core_mod.status()}: compared with Python's re only")
    failed = 0
    for label, make in engines:
        n = differ = refusals = 0
        t = time.process_time()
        for p, source in done.items():
            try:
                engine = make(source)
            except Exception as exc:  # noqa: BLE001 - reported, counted
                print(f"  {label}: {p.pattern[:60]!r} does not compile: {exc}")
                differ += 1
                continue
            try:
                count, diffs = compare(p, source, texts, engine)
            except RuntimeError as exc:  # the core refused (fancy-regex's backtracking limit): not a wrong answer
                print(f"  {label}: {p.pattern[:60]!r}: {exc}")
                refusals += 1
                continue
            n += count
            differ += len(diffs)
            for d in diffs[:3]:
                print(f"  {label}: {d}")
        failed += differ
        print(f"{label}: {n:,} comparisons over {len(texts):,} sentences, {differ} different, "
              f"{refusals} patterns refused ({time.process_time() - t:.1f} CPU s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
