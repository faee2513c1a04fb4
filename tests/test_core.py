"""The optional compiled core (citetrack/core.py, core/): found, or refused with the reason; and
wherever it is installed, the same results as the pure-Python reference."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import accepted_names
from hypothesis import given, settings, strategies as st

from citetrack import core as core_mod

CORE = core_mod.core()
needs_core = pytest.mark.skipif(CORE is None, reason=f"no compiled core: {core_mod.status()}")


def _status_with(env: dict) -> str:
    code = "import citetrack.core as c; print(c.status())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_off_switch_forces_python(monkeypatch):
    import os
    env = dict(os.environ, CITETRACK_CORE="off")
    assert _status_with(env) == "pure Python (CITETRACK_CORE=off)"


def test_status_names_the_engine():
    s = core_mod.status()
    assert s.startswith("compiled core ") if CORE is not None else s.startswith("pure Python (")


@needs_core
def test_core_speaks_this_interface():
    assert CORE.api() == core_mod.API


def test_core_of_another_interface_is_not_used(monkeypatch):
    import types
    fake = types.ModuleType("citetrack_core")
    fake.api = lambda: core_mod.API + 1
    monkeypatch.setitem(sys.modules, "citetrack_core", fake)
    monkeypatch.delenv("CITETRACK_CORE", raising=False)
    core_mod._load.cache_clear()
    try:
        assert core_mod.core() is None
        assert f"interface {core_mod.API + 1}" in core_mod.status()
    finally:
        core_mod._load.cache_clear()


# ---------------------------------------------------------------- the automaton's pass (core/src/scan.rs)

def _python_hits(text: str):
    from citetrack.automaton import Folded
    folded = Folded.of(text)
    return None if folded is None else _automaton().hits(folded)


def _gaz_and_lexicon():
    from citetrack.outlets import load_gazetteer
    from citetrack.rules import load_rules
    return load_gazetteer(), load_rules().lexicon


def _automaton():
    from citetrack.mentions.matcher import matcher_for
    return matcher_for(*_gaz_and_lexicon()).automaton


def _same_hits(text: str) -> bool:
    """Whether the core gives what Python gives (or leaves the text to Python only where it must)."""
    got, ref = _automaton().fast_hits(text), _python_hits(text)
    if got is None:
        return _core_may_refuse(text)
    if got[2]:  # the core says the text can have no mention: Python finds none
        assert _no_mentions(text)
    same = got[:2] == ref and list(got[0]) == list(ref[0])  # the same hits, by start in the same order
    return same and _same_names(text) and _same_names(text, burst=3, every=25)


def _same_names(text: str, burst: int | None = None, every: int | None = None) -> bool:
    """Whether the names the core gives (``Automaton.fast_names``) are those ``Hits.names`` yields
    from Python's hits, with the same budget, less only names ``Matcher.spelled_ok`` refuses."""
    from citetrack.automaton import counting_refusals
    from citetrack.mentions import matcher as matcher_module
    matcher = matcher_module.matcher_for(*_gaz_and_lexicon())
    burst = matcher_module.CANDIDATE_BURST if burst is None else burst
    every = matcher_module.CANDIDATE_EVERY if every is None else every
    got, ref = _automaton().fast_names(text, burst, every), _python_hits(text)
    if got is None:
        return _core_may_refuse(text)
    names, anchors, nothing, refused, signs = got
    if nothing:
        return names == [] and refused == 0 and signs == []
    # every place a call sign may start (finders._CALLSIGN: "K" or "W" and two capitals)
    assert signs == [m.start() for m in re.finditer(r"(?=[KW][A-Z][A-Z])", text)]
    saved = matcher_module.CANDIDATE_BURST, matcher_module.CANDIDATE_EVERY
    matcher_module.CANDIDATE_BURST, matcher_module.CANDIDATE_EVERY = burst, every
    try:
        with counting_refusals() as python_refused:
            python = list(matcher_module.Hits(matcher, text, ref[0], ref[1]).names())
    finally:
        matcher_module.CANDIDATE_BURST, matcher_module.CANDIDATE_EVERY = saved
    core = [(s, e, matcher.by_key.get(k, ()), the) for s, e, k, the in names]
    rest = iter([(s, e, the) for s, e, _, the in python])
    return (all((s, e, the) in rest for s, e, _, the in core)  # a subsequence of Python's names
            and accepted_names(matcher, text, core) == accepted_names(matcher, text, python) and anchors == ref[1]
            and refused == python_refused[0])


def _no_mentions(text: str) -> bool:
    from citetrack.mentions import find_mentions_skipping
    from citetrack.outlets import load_gazetteer
    from citetrack.rules import load_rules
    automaton = _automaton()
    scanner = automaton._core
    automaton._core = None  # Python's own finders
    try:
        return find_mentions_skipping(text, load_gazetteer(), load_rules()) == ([], [])
    finally:
        automaton._core = scanner


def _core_may_refuse(text: str) -> bool:
    from citetrack.automaton import Folded, lowered
    from citetrack.reach import DENSE_HITS
    if lowered(text) is None or any(ord(c) >= CORE.TABLE for c in text):
        return True
    return len(_automaton().scan(Folded.of(text))[1]) >= DENSE_HITS


HIT_CASES = {
    "plain": "Reuters reported on Monday that the New York Times and the BBC had said so.",
    "white space runs and tabs": "An official told\tthe  Financial\n\n   Times, and   CNN\r\n  said it.",
    "curly apostrophe": "The Guardian’s editor told Sky News’ reporter and the Times’ one.",
    "accents and non-ASCII space": "Le Monde\u00a0et Süddeutsche\u2009Zeitung, O Estado de S. Paulo, Ñandú TV.",
    "handles, hashtags, domains": "@cnn #BBC www.reuters.com cnn.com .bbc BBC. ok",
    "a key with blanked characters": "AT&T and AT T, U.S. News & World Report and U.S News, OTV (Lebanon) said.",
    "names inside words": "happen apnews unreuters Reutersville",
    "leading and trailing": "BBC",
    "empty": "",
    "only white space": " \n\t ",
    "head words and descriptors": "the Zorvian Daily Gazette, the German daily Bild, the paper, the agency said",
    "Arabic": "قالت صحيفة الأهرام and the BBC",
    "Cyrillic, whose letters re folds specially": "Коммерсантъ and the BBC",
    "Greek, whose letters re folds specially": "Καθημερινή and the BBC",
    "a character re folds specially": "The ſun and the Kelvin K: the BBC said",  # refused: Python folds it
    "a dotted capital I": "İstanbul's Hürriyet told the BBC",
    "beyond the tables": "The 朝日新聞 and the BBC",
    "a wall of names": "BBC CNN Reuters " * 60,
    # a "the" 12 characters before a name is one (THE_BEFORE searches those 12), 13 before is none
    "a 'the' at the edge of its reach": "Shares of the" + " " * 9 + "Times and the" + " " * 10 + "Times rose.",
    "cases of 'the'": "the Times, THE Times, tHe Times, ThE Times, THe Times; the-Times, lathe Times, the\u00a0Times",
    "names in small letters": "the daily yomiuri, al jazeera, al-Qabas, the wall street journal, reuters said",
    "call signs": "WKOW-TV, KWKWK and WWII told the BBC; KKK, WBKO-FM, Kws, xWABC, WAB-TV and KAB",
}


@needs_core
@pytest.mark.parametrize("name", HIT_CASES)
def test_core_hits_are_pythons(name):
    assert _same_hits(HIT_CASES[name])


@needs_core
@pytest.mark.parametrize("name, refused", [("a character re folds specially", True), ("a dotted capital I", True),
                                           ("beyond the tables", True), ("a wall of names", True), ("plain", False),
                                           ("accents and non-ASCII space", False), ("Arabic", False), ("Cyrillic, whose letters re folds specially", True),
                                           ("Greek, whose letters re folds specially", True)])
def test_core_leaves_to_python_only_what_it_must(name, refused):
    assert (_automaton().fast_hits(HIT_CASES[name]) is None) is refused


_ALPHABET = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:'’&@#-()\n\t") + [
    "\u00a0", "\u2009", "\u2028", "é", "É", "ü", "ß", "ſ", "K", "İ", "ı", "Ω", "ω", "ǅ", "\u0301", "·", "—", "“", "”",
    "\u3000", "中", "\x1c", "\x85"]
_WORDS = ["BBC", "bbc", "Reuters", "New York Times", "the Times", "AT&T", "U.S. News", "Daily", "paper", "agency",
          "newspaper", "Le Monde", "Süddeutsche Zeitung", "CNN", "Fox", "Sky", "the Sun", "sun", "AP", "OTV (Lebanon)"]


@needs_core
def test_core_hits_are_pythons_on_generated_text():
    from hypothesis import given, settings, strategies as st

    piece = st.one_of(st.sampled_from(_WORDS), st.text(st.sampled_from(_ALPHABET), max_size=6))

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(piece, max_size=30).map("".join))
    def check(text):
        assert _same_hits(text)

    check()


def _shared_texts():
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not root.is_dir():
        pytest.skip("no ../shared/corpus beside the project")
    for path in sorted(root.glob("*/*.txt")):
        yield path.read_text(encoding="utf-8", errors="replace")
    with open(root / "reuters-1987.jsonl", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


@needs_core
def test_core_hits_are_pythons_on_every_shared_article():
    texts = list(_shared_texts())
    differ = [t[:60] for t in texts if not _same_hits(t)]
    assert not differ, f"{len(differ)} of {len(texts)} differ: {differ[:3]}"


def _citations(paths) -> list[dict]:
    from citetrack.models import ScanOptions
    from citetrack.pipeline import iter_scan
    return [c.to_dict() for _, cites in iter_scan(paths, ScanOptions(jobs=1)) for c in cites]


@needs_core
def test_same_citations_with_and_without_the_core():
    """The issue's test: identical citations (every field) on examples/ and on every shared gold set."""
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    shared = root.parent / "shared" / "corpus"
    paths = [root / "examples"]
    for name in ("bbc", "polnear", "reuters-2017"):
        gold = shared / f"{name}.gold.jsonl"
        if gold.is_file():
            paths += [shared / name / json.loads(line)["file"] for line in gold.read_text().splitlines() if line.strip()]
    automaton = _automaton()
    automaton.fast_hits("")
    scanner, calls = automaton._core, []

    class Counting:  # the core's scanner, counting the texts it is given
        def hits(self, text, full=True):
            calls.append(1)
            return scanner.hits(text, full)

        def names(self, text, burst, every):
            calls.append(1)
            return scanner.names(text, burst, every)

    automaton._core = Counting()
    with_core = _citations(paths)
    assert len(calls) >= len(paths)  # the core did the automaton's pass of every article
    automaton._core = None
    try:
        without = _citations(paths)
    finally:
        automaton._core = scanner
    assert with_core == without
    assert len(with_core) > 200


# ---------------------------------------------------------------- texts that can have no mention

NO_MENTION_CASES = {  # text, whether the core may say there is no mention (Python must agree)
    "no name at all": ("The cocoa harvest rose five percent in the week to Friday.", True),
    "names only as words": ("Sales in the west rose this week, the national bank said, three times over.", True),
    "a name": ("Reuters said.", False),
    "a The-name after its the": ("It was in the Week that the figures came out.", False),
    "a back-reference": ("The paper said so.", False),
    "a back-reference after 'the same'": ("As the same paper said.", False),
    "a back-reference noun without a determiner": ("Paper prices rose.", True),
    "a descriptor before a capital": ("the German daily Zorvian Bugle said", False),
    "a descriptor before lower case": ("a daily newspaper column on prices", True),
    "an unknown name before its head word": ("the Zorvian Gazette said", False),
    "a head word after lower case": ("prices in the gazette rose", True),
    "a call sign": ("WBKO said", False),
    "a one-word name before a capitalised word": ("Shares of National Westminster and Standard Oil rose.", True),
    "... in capitals": ("Shares of REUTERS Holdings rose.", False),
    "... before an extension word": ("He said on National Radio that shares rose.", False),
    "... before a place (an edition)": ("Prices in the National Florida market rose.", False),
    "... after 'the' and a line break": ("Shares of the\nNational Westminster rose.", False),
    "a one-word name after a capitalised word": ("Shares of Acme Standard rose.", True),
    "... at a sentence's start": ("It rose. Acme Standard fell.", False),
    "... after a stop word": ("Shares rose. Then Standard fell.", False),
    "... after a possessive": ("Shares of Japan's Standard fell.", False),
    "a channel abbreviation": ("MUTV showed it", False),
}


@needs_core
@pytest.mark.parametrize("name", NO_MENTION_CASES)
def test_core_tells_texts_with_no_mention(name):
    text, none = NO_MENTION_CASES[name]
    got = _automaton().fast_hits(text)
    assert got is not None and got[2] is none
    if none:  # the finders' own call leaves the hits out
        assert _automaton().fast_hits(text, full=False) == ({}, {2: [], 4: [], 8: []}, True)
    assert _same_hits(text)  # and when it says so, Python finds none


@needs_core
def test_core_is_used_after_the_start_cache_is_loaded(tmp_path):
    """The matcher comes out of the start cache (a pickle) without the core's scanner: it is
    built again in the process that loads it, from the inputs the cache keeps."""
    import os
    code = ("from citetrack.startcache import warm; how = warm(); "
            "from citetrack.mentions.matcher import matcher_for; from citetrack.outlets import load_gazetteer; "
            "from citetrack.rules import load_rules; "
            "from citetrack import wire; "
            "a = matcher_for(load_gazetteer(), load_rules().lexicon).automaton; "
            "kept = '_core_args' in a.__dict__ and bool(wire._CORE_ARGS); "
            "print(how, a.fast_hits('Cocoa rose.'), a.fast_hits('Reuters said.')[2], kept)")
    env = dict(os.environ, CITETRACK_CACHE_DIR=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]  # cold (built and written), warm (loaded)
    assert any(tmp_path.iterdir())
    # the inputs of the core's scanner and wire matcher come with the cache (not made again)
    assert runs[0] == "built ({}, {2: [], 4: [], 8: []}, True) False True\n"
    assert runs[1] == "loaded ({}, {2: [], 4: [], 8: []}, True) False True\n"


# ---------------------------------------------------------------- wire signals (core/src/wire.rs)

def _wire_both(texts):
    """find_wire with the core, and in pure Python, on each text."""
    from citetrack import wire
    from citetrack.outlets import load_gazetteer
    gaz = load_gazetteer()
    assert wire._core_wire() is not None
    fast = [wire.wire_and_dateline(t, gaz) for t in texts]
    real = wire._core_wire
    wire._core_wire = lambda: None
    try:
        slow = [(wire.find_wire(t, gaz), wire.dateline_name(t)) for t in texts]
    finally:
        wire._core_wire = real
    return fast, slow


WIRE_CASES = [
    "WASHINGTON (Reuters) - Prices rose.\n\nMore text.\n Reuter\n",
    "LONDON (AP) — The bank said.",
    "By JANE DOE, Associated Press\n\nThe bank said so.",
    "Text.\n\n(Reporting by Jane Doe; Editing by John Roe)",
    "Prices rose. -- AFP",
    "Prices rose. — Agence France-Presse",
    "This story was provided by Reuters. Prices rose.",
    "Copyright 2017 The Associated Press. All rights reserved.",
    "Ça a monté, dit l’AFP.\n— AFP",  # a window beyond ASCII: left to Python
    "This story was provided by Reuters. " + "x " * 400 + "Prices rose. -- AFP",  # two windows, both ASCII
    "İstanbul (Reuters) - Prices rose.",  # a lower case of two characters: left to Python
    "PARIS (Zorvian Times) - Prices rose.",  # a dateline naming no agency
    "",
    "LONDON\u00a0(Reuters)\u00a0\u2014 Prices \u201crose\u201d by \u00a33.\n\u2014 Reuters",  # plain extras: the core
    "Prices rose. \u2013 AFP\n\u00a9 2017 The Associated Press\u2026",
    "By JANE DOE\u2019S DESK, Associated\u00a0Press\n\nThe bank said so.",
    "Text.\n\n(Reporting by Jane \u2018Doe\u2019; Editing by John Roe)",
]


@needs_core
def test_core_wire_is_pythons_on_cases():
    fast, slow = _wire_both(WIRE_CASES)
    assert fast == slow
    assert sum(w is not None for w, _ in slow) >= 6 and sum(d is not None for _, d in slow) >= 3


@needs_core
def test_core_wire_is_pythons_on_every_shared_article():
    texts = list(_shared_texts())
    fast, slow = _wire_both(texts)
    differ = [t[-60:] for t, a, b in zip(texts, fast, slow) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} differ: {differ[:3]}"
    assert sum(w is not None for w, _ in slow) > 10_000 and sum(d is not None for _, d in slow) > 1_000


@needs_core
def test_core_wire_refuses_a_lower_case_table_unlike_asciis():
    """The core lower-cases its (ASCII) windows as ASCII: it is made only where Python's table agrees."""
    from citetrack import wire
    rows, top, bottom, near, lower, extras = wire.core_args()
    assert CORE.Wire(rows, top, bottom, near, lower, extras) is not None
    odd = list(lower)
    odd[ord("K")] = ord("x")
    with pytest.raises(ValueError, match="ASCII"):
        CORE.Wire(rows, top, bottom, near, odd, extras)
    with pytest.raises(ValueError, match="lower case"):  # an extra character must be its own lower case
        CORE.Wire(rows, top, bottom, near, lower, extras + "\u00c9")


@needs_core
def test_ascii_only_translation_is_exact_on_ascii_text():
    """regexport.translate_for_ascii (\\b and \\Z as the regex crate's own, classes cut to ASCII):
    the same matches as re on ASCII text, for the wire signals and boundary-heavy patterns."""
    import re
    from citetrack.regexport import translate_for_ascii
    from citetrack.wire import load_signals
    patterns = [s.pattern for s in load_signals().signals] + [
        re.compile(r"\bthe\b"), re.compile(r"\w+\Z"), re.compile(r"(?i)\bREUTERS?\b"), re.compile(r"[^\W\d]+\b"),
        re.compile(r"(?m)^\s*By\s+(\w+)$")]
    texts = WIRE_CASES[:9] + ["the_theme the\tthe\nthe", "abc 123 x_y", "By Jane\nBy Bob\n", "REUTER reuters Reuters.",
                              "  -- AP\n", "a\x1cb\x1fc d"]
    for p in patterns:
        core = CORE.Pattern(translate_for_ascii(p))
        for t in texts:
            if t.isascii():  # the first match, from the text's start (what core/src/wire.rs takes)
                assert core.find_all(t)[:1] == [m.span() for m in p.finditer(t)][:1], (p.pattern, t)


@needs_core
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["By", " ", "\n", "\u00a0", "\u2019", "\u201c", "\u201d", "\u2014", "\u2013", "\u00a3",
                                 "(Reuters)", "AP", "--", "Reuter", "the", "Jane", ",", ".", "\u00a9", "Copyright",
                                 "2017", "\u2026", "\t", "|", "Associated Press", "writer"]), max_size=25).map("".join))
def test_translation_for_plain_extras_is_exact_on_their_text(text):
    """translate_for_ascii(also=wire.CORE_EXTRAS): the same first match as re on text of ASCII
    and those characters (the no-break space is white space to both, curly quotes no word)."""
    from citetrack.regexport import plain_extras, translate_for_ascii
    from citetrack.wire import CORE_EXTRAS, load_signals
    extras = plain_extras(CORE_EXTRAS)
    for s in load_signals().signals:
        core = CORE.Pattern(translate_for_ascii(s.pattern, also=extras))
        assert core.find_all(text)[:1] == [m.span() for m in s.pattern.finditer(text)][:1], (s.id, text)


def test_only_plain_characters_are_extras():
    from citetrack.regexport import TranslateError, plain_extras, translate_for_ascii
    assert plain_extras("\u00a0\u2019\u2014\u00a3") == "\u00a0\u2019\u2014\u00a3"
    assert plain_extras("\u00e9\u0130\u00b2\u2028_\u203f\u0301a") == ""  # letters, digits, line breaks, connectors, marks
    with pytest.raises(TranslateError):
        translate_for_ascii(r"\w", also="\u00e9")


@needs_core
@pytest.mark.xfail(strict=True, reason="regex 1.7.1 (Debian's, under fancy-regex) takes the position a later search "
                                       "starts at for a line start: Pattern.find_all's second match differs from re's")
def test_later_search_sees_the_text_before_it():
    import re
    from citetrack.regexport import translate
    p = re.compile(r"(?m)^\s*By\s+(\w+)$")
    text = "By Jane\nBy Bob\n"
    assert CORE.Pattern(translate(p)).find_all(text) == [m.span() for m in p.finditer(text)]


def test_core_that_fails_to_load_is_not_used(tmp_path):
    """A core built for another system (its import raises) leaves citetrack in pure Python, with
    the reason."""
    import os
    (tmp_path / "citetrack_core").mkdir()
    (tmp_path / "citetrack_core" / "__init__.py").write_text("raise ImportError('wrong ELF class')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    env.pop("CITETRACK_CORE", None)
    assert _status_with(env) == "pure Python (the compiled core does not load: wrong ELF class)"


# ---------------------------------------------------------------- the rule filter's pass (core/src/factors.rs)

@needs_core
def test_core_rule_filter_is_pythons_on_shared_articles():
    """RuleFilter.occurrences from the core: the same lists, in the same order, as pyahocorasick's
    pass in Python, over the windows around the mentions of 3,000 shared articles."""
    from itertools import islice
    from citetrack.automaton import lowered
    from citetrack.extract import _windows
    from citetrack.mentions import find_mentions_skipping
    from citetrack.outlets import load_gazetteer
    from citetrack.prefilter import rule_filter
    from citetrack.rules import load_rules
    rules, gaz = load_rules(), load_gazetteer()
    rfilter = rule_filter(rules)
    cases = []
    for text in islice(_shared_texts(), 3000):
        low = lowered(text)
        mentions = find_mentions_skipping(text, gaz, rules)[0] if low is not None else []
        if mentions:
            cases.append((low, _windows(mentions, len(text))))
    cases.append(("the bbc said – ’told’ reuters", [(0, 5), (8, 29)]))  # beyond ASCII, two spans
    core = rfilter._core_factors()
    assert core is not None
    fast = [rfilter.occurrences(low, spans) for low, spans in cases]
    rfilter._core = None
    try:
        slow = [rfilter.occurrences(low, spans) for low, spans in cases]
    finally:
        rfilter._core = core
    assert [tuple(o.lists()) for o in fast] == [tuple(o.lists()) for o in slow]
    assert len(cases) > 500
    # and the rules each mention's window leaves to try, with where their cues start, for every flag
    asked = 0
    for (low, spans), f, s in zip(cases, fast, slow):
        for lo, hi in spans[:3]:
            for start in range(lo, hi, 37):
                end, flags = min(hi, start + 9), (start * 7 + lo) % 64
                among = None if start % 5 else (start * 2654435761) % (1 << len(rules.rules))
                assert f.candidates(lo, start, end, hi, among, flags) == s.candidates(lo, start, end, hi, among, flags)
                asked += 1
    assert asked > 10_000


SENTENCE_PIECES = ["Mr. Roe", " said", ". ", "? ", "!", "...", "\n", "\n\n", "  ", "\t", "\x0b", "\u2029", '"', "”", "“",
                   "’", "‘", "'", ")", "]", " (", "[", "The", " he", " a.", " A", " é", " É", "U.S.", "e.g.", " x.",
                   "Reuters", "Headline\n\n", " \n \n", "K.", "\u212a.", "İ.", "ß.", "Ǆ.", " ǅ", " 1.", "_.", "x" * 260,
                   " told the BBC", "Inc.", " NO.", "Ω.", " ω"]


@needs_core
@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=40).map("".join))
def test_core_sentences_are_pythons(text):
    """The core's split_sentences: the same spans, or None (then Python splits)."""
    from citetrack import sentences
    fast = sentences._core_splitter().split(text)
    assert fast is None or fast == sentences.split_sentences(text)


@needs_core
def test_core_sentences_are_pythons_on_every_shared_article():
    from citetrack import sentences
    splitter = sentences._core_splitter()
    texts = list(_shared_texts())
    differ = [t[:60] for t in texts if (s := splitter.split(t)) is not None and s != sentences.split_sentences(t)]
    assert not differ, f"{len(differ)} of {len(texts)} differ: {differ[:3]}"
    assert sum(splitter.split(t) is None for t in texts) < len(texts) // 100  # refused: characters beyond the tables


@needs_core
@pytest.mark.parametrize("text", [*("Go. Now" + "H" * (k - 7) + "\n \nBody. Text." for k in range(247, 253)),
                                  *("a." + "b" * k + ". Next one. And" for k in range(35, 45)),
                                  *(" " * k + "\n\nBody" for k in range(3)), " \n\nBody", "\n", "", "   ",
                                  "Title\n\t\x0b\nBody. more", "He said. \u201cquote\u201d. \u2018x", "x.\u2029Y", "e.g. So"])
def test_core_sentences_at_the_edges_of_the_rules(text):
    """The headline's longest line and the reach of the word before a full stop, at their edges."""
    from citetrack import sentences
    assert sentences._core_splitter().split(text) == sentences.split_sentences(text)


# ---------------------------------------------------------------- counting lines (core/src/lines.rs)

@needs_core
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"\n", b"{", b"\n{", b"x", b"\r\n", b"\xff", b"{\n", b"\n\n{"]), max_size=40).map(b"".join))
def test_core_counts_line_ends_as_bytes_count(block):
    """What the parent counts to cut a JSON Lines file into parts: the same from the core as from
    ``bytes.count`` (a line end at the block's end, "{" at its start, blank lines)."""
    from citetrack.core import core
    assert core().count_lines(block) == (block.count(b"\n"), block.count(b"\n{"))
