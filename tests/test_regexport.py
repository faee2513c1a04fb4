"""The regex translator (citetrack.regexport) and the core's Pattern: the same matches as ``re``.

Each class construct is checked on every code point 0..0x10FFFF in one pass: the runs of code
points that ``(?:X)+`` matches in a string of all of them, for the original, for the translated
source compiled by ``re``, and (where the compiled core is installed) for the core's ``Pattern``.
Then every pattern citetrack compiles is translated, and the core's answers compared with ``re``'s
on texts written here. benchmarks/regexport.py does the same over the shared corpora.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from citetrack import core as core_mod
from citetrack import unitables as ut
from citetrack.regexport import TranslateError, can_match_empty, translate

CORE = core_mod.core()
needs_core = pytest.mark.skipif(CORE is None or not hasattr(CORE, "Pattern"),
                                reason=f"no compiled core with Pattern: {core_mod.status()}")
ALL = ut.all_code_points()
#: every code point but the surrogates (a Rust string holds no surrogate), and where each stands
SCALARS = ALL[:0xD800] + ALL[0xE000:]

# (construct, flags): a pattern that matches one character. Python runs a translated class of
# hundreds of ranges beyond the BMP slowly (~0.4 s a pass), so the \w-sized ones are few
CLASSES = [
    (r"\w", 0), (r"\W", 0), (r"[^\W_]", 0), (r"[\w-]", re.I),
    (r"\s", 0), (r"\S", 0), (r"\d", 0), (r"\D", 0), (r"[^\s\d]", 0), (r"[^a]", 0),
    (".", 0), (".", re.S), (r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", 0), ("[^“”]", 0),
    (r"\w", re.A), (r"\s", re.A), (r"\d", re.A), (r"\W", re.A), (r"[^\W\d_]", re.A),
    # IGNORECASE ranges and classes, negated ones, beyond ASCII and the BMP, under re.ASCII
    (r"[a-z]", re.I), (r"[A-Z]", re.I), (r"[^a-z]", re.I), (r"[a-z\d-]", re.I), (r"[à-ÿ]", re.I),
    (r"[\U00010400-\U0001044f]", re.I), (r"[^k]", re.I), (r"[a-z]", re.I | re.A), (r"[:\-–—]", re.I),
    (r"[kK]", re.I), (r"[\d\s]", re.I),
]
# IGNORECASE literals: every ASCII letter (upper case where re folds it specially) and the
# characters re folds specially
LITERALS = [(re.escape(c), re.I) for c in "abcdefghijklmnopqrstuvwxyzIKS"]
LITERALS += [(re.escape(c), re.I) for c in "İıſKßµΣσςǅẞΩθϑ𐐀é1-"] + [(c, re.I | re.A) for c in "ksK"]
# \b and \B where they stand between two characters: every pair of neighbours below U+3400 and
# of every 7th code point beyond (the sets themselves are checked above, on every code point)
BOUNDARIES = [(r"\b(?s:.)", 0), (r"(?s:.)\b", 0), (r"\B(?s:.)", 0), (r"(?s:.)\B", 0),
              (r"\b(?s:.)", re.A), (r"(?s:.)\B", re.A)]
PAIRS = ALL[:0x3400] + "".join(c for c in ALL[0x3400::7] if not 0xD800 <= ord(c) <= 0xDFFF)


def _runs_of(pattern: re.Pattern, text: str = ALL) -> ut.Ranges:
    return ut.merge((m.start(), m.end() - 1) for m in pattern.finditer(text))


def _original(construct: str, flags: int) -> ut.Ranges:
    return ut.without_surrogates(_runs_of(re.compile(f"(?:{construct})+", flags)))


def _scalar_runs(spans) -> ut.Ranges:
    """Spans in SCALARS (code points of that string) as ranges of code points."""
    out = []
    for start, end in spans:
        for lo, hi in ((start, min(end, 0xD800) - 1), (max(start, 0xD800), end - 1)):
            if lo <= hi:
                out.append((lo if lo < 0xD800 else lo + 0x800, hi if hi < 0xD800 else hi + 0x800))
    return ut.merge(out)


@pytest.mark.parametrize("construct, flags", CLASSES + LITERALS)
def test_a_construct_matches_the_same_code_points(construct, flags):
    want = _original(construct, flags)
    source = translate(f"(?:{construct})+", flags)
    assert ut.without_surrogates(_runs_of(re.compile(source))) == want  # (re reads [^...] with surrogates)
    if CORE is not None and hasattr(CORE, "Pattern"):
        assert _scalar_runs(CORE.Pattern(source).find_all(SCALARS)) == want


@pytest.mark.parametrize("construct, flags", BOUNDARIES)
def test_a_boundary_stands_where_res_does(construct, flags):
    want = [m.span() for m in re.compile(construct, flags).finditer(PAIRS)]
    source = translate(construct, flags)
    assert [m.span() for m in re.compile(source).finditer(PAIRS)] == want
    if CORE is not None and hasattr(CORE, "Pattern"):
        assert CORE.Pattern(source).find_all(PAIRS) == want


def test_the_tables_are_res_own():
    assert ut.contains(ut.word(), ord("_")) and ut.contains(ut.word(), ord("²"))  # isalnum: digits beyond Nd
    assert not ut.contains(ut.word(), 0x0301)  # a combining mark: Rust's \w has it, re's not
    assert ut.contains(ut.space(), 0x1C) and not ut.contains(ut.space(), 0x200B)
    assert ut.contains(ut.digit(), ord("٣")) and not ut.contains(ut.digit(), ord("²"))
    assert ut.case_sets("ks")["k"] == ((ord("K"), ord("K")), (ord("k"), ord("k")), (0x212A, 0x212A))
    assert ut.contains(ut.case_sets("s")["s"], ord("ſ"))
    assert ut.word(ascii_only=True) == ((48, 57), (65, 90), (95, 95), (97, 122))


# (pattern, texts): anchors, repeats, alternatives, groups; compared at every position
CASES = [
    (r"a$", ["a", "a\n", "a\n\n", "ab", "a\nb", "\n"]),
    (r"(?m)a$", ["a", "a\n", "a\nb", "ba\na\n"]),
    (r"$", ["", "x", "x\n", "x\n\n"]),
    (r"(?m)^", ["", "a\n", "a\nb\n"]),
    (r"^a", ["a", "ba", "b\na"]), (r"(?m)^a", ["a", "ba", "b\na", "\n\na"]),
    (r"a\Z", ["a", "a\n", "aa"]), (r"\Aa", ["a", "aa"]), (r"\A|\Z", ["", "ab"]),
    (r"\b", ["", "a", " a ", "ab cd", "é-x"]), (r"\B", ["", "a", " ", "ab  cd"]),
    (r"x*+y", ["xxy", "xx", "y"]), (r"(?>x+)x", ["xxx", "x"]), (r"(?>a|ab)c", ["abc", "ac"]),
    (r"(?:|x)y", ["xy", "y"]), (r"(?:x|)y?", ["xy", "y", ""]), (r"x??y", ["xy", "y"]),
    (r"(?<=\bab)c", ["abc", "xabc", "ab c"]), (r"(?<![\w-])said\b", ["said", "unsaid", "-said", "said-so", "ſaid"]),
    (r"(?P<who>\w+) (?:said|told) (\w+)", ["Reuters said x", "ab told cd"]), (r"(?i)(?:the)\s+\Z", ["THE  ", "the\n", "thé "]),
    (r"[^\n]{1,3}\n", ["ab\ncd\n", "\n"]), (r"a{2,3}?", ["aaaa"]), (r"(?:ab){0,2}c", ["ababc", "c"]),
    (r"(?s:.)\Z", ["a\n", "ab"]), (r".\Z", ["a\n", "ab"]), ("\u0130stanbul", ["İstanbul"]), (r"(?i)k\w+", ["Kelvin", "KX"]),
]


def _spans(pattern: re.Pattern, text: str) -> list:
    out = []
    for pos in range(len(text) + 1):
        m = pattern.match(text, pos)
        out.append(None if m is None else (m.span(), m.groups(), m.groupdict()))
    out.append([m.span() for m in pattern.finditer(text)])
    return out


@pytest.mark.parametrize("pattern, texts", CASES)
def test_a_pattern_matches_the_same_everywhere(pattern, texts):
    original = re.compile(pattern)
    source = translate(original)
    translated = re.compile(source)
    assert translated.groupindex == original.groupindex and translated.groups == original.groups
    core = CORE.Pattern(source) if CORE is not None and hasattr(CORE, "Pattern") else None
    nullable = can_match_empty(pattern)
    for text in texts:
        assert _spans(translated, text) == _spans(original, text), text
        if core is None:
            continue
        for pos in range(-1, len(text) + 2):
            m = original.match(text, pos)
            assert core.match_at(text, pos) == (m.span() if m else None), (text, pos)
        if not nullable:
            assert core.find_all(text) == [m.span() for m in original.finditer(text)], text


@pytest.mark.parametrize("pattern, says", [
    (r"(a)\1", "back-reference"), (r"(?P<x>a)(?P=x)", "back-reference"), (r"(a)?(?(1)b|c)", "conditional"),
    (r"(?:a?)*", "empty string"), (r"(?:x|\b)+", "empty string"), (r"(?=a)?", "zero-width"),
    (b"abc", "bytes"), (r"(?P<é>a)", "group name"), (r"(", "not a valid regex"),
])
def test_what_cannot_be_translated_exactly_is_refused_by_name(pattern, says):
    with pytest.raises(TranslateError, match=says):
        translate(pattern)


@needs_core
def test_the_core_refuses_an_empty_match_in_find_all_and_text_with_a_surrogate():
    with pytest.raises(ValueError, match="empty string at 1"):
        CORE.Pattern(translate(r"\b")).find_all(" a")
    with pytest.raises(UnicodeEncodeError):
        CORE.Pattern(translate("a")).find_all("a\ud800")


@needs_core
def test_offsets_are_code_points_and_pos_keeps_the_text_before_it():
    p = CORE.Pattern(translate(r"(?<=é )\w+"))
    assert p.find_all("né é wörld 𝔘 é ok") == [(3, 4), (5, 10), (15, 17)]
    assert p.match_at("é wörld", 2) == (2, 7)
    assert p.match_at("é wörld", 3) is None
    assert CORE.Pattern(translate(r"\bx")).match_at("ax", 1) is None  # \b sees the "a" before pos


def _bench():
    spec = importlib.util.spec_from_file_location("ct_regexport", Path(__file__).resolve().parent.parent / "benchmarks" / "regexport.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def project():
    bench = _bench()
    patterns = bench.project_patterns()
    done, refused = bench.translations(patterns)
    return patterns, done, refused


def test_every_pattern_citetrack_compiles_translates(project):
    patterns, done, refused = project
    assert len(patterns) > 150  # rules, lexicon, matcher, finders, wire, readers ...
    # the only ones that do not: the readers' date patterns, whose back-reference asks for the
    # same separator twice ("5/6/2023", "5-6-2023")
    assert {why.split(" (")[0] for why in refused.values()} <= {"the back-reference to group 2"}
    assert all(p.pattern.lstrip(r"\s*").startswith("(?:(?:mon|tue") for p in refused), list(refused)
    assert len(refused) <= 4


#: sentences written for these tests: cue frames, datelines, credits, and the characters where
#: re and Rust disagree (ſ, İ, K, combining marks, U+001C, no-break space, curly quotes)
FIXTURES = [
    "An official told Reuters on Monday that the talks had stalled.",
    "According to the Financial Times, the bank will cut 200 jobs.",
    "BBC correspondent Simon Hall said the vote was close.",
    "LONDON (Reuters) - Shares fell sharply on Tuesday.",
    "The company declined to comment to the Wall Street Journal.",
    "“We are not worried,” a spokesman told The New York Times.",
    "[AP Photo/John Doe] Crowds gather in the square.",
    "The Journal reported that the deal was off, citing people familiar with the matter.",
    "In an interview with CNN, the minister said he would not resign.",
    "Writing by Jane Roe; Editing by Tom Smith",
    "Bloomberg News first reported the merger last week.",
    "The Guardian's Paris correspondent, Kim Willsher, wrote that ...",
    "ſaid the İstanbul office of the Kelvin Gazette, quoting Agence France-Presse.",
    "Le Monde a rapporté que l’accord était signé — selon l’AFP.",
    "WASHINGTON, May 5 (AP) — The Senate passed the bill 52-48.",
    "Copyright 2023 The Associated Press. All rights reserved.",
    "He told\u00a0the\u2009Washington Post:\x1c“No.”",
    "Sources told ITV News and Sky News on Friday.",
    "A report by the Times of India, which cited officials, said so.",
    "the e\u0301dition of Die Zeit (Hamburg) said\n",
    "Reporting by Max Mustermann in Berlin; additional reporting by the Nikkei\n\n",
    "(Reporting By Ann Saphir) said Politico's Playbook, asked by NPR.",
]


def _texts() -> list[str]:
    """~300 texts: each fixture in 8 forms (cases, spacing, halves), and pairs of them run together."""
    out = []
    for s in FIXTURES:
        out += [s, s.upper(), s.lower(), s.swapcase(), " " + s + " ", s.replace(" ", "  "), s + "\n" + s, s[: len(s) // 2]]
    n = len(FIXTURES)
    out += [FIXTURES[i] + " " + FIXTURES[(i + k) % n] for i in range(n) for k in range(1, 7)]
    return out


@needs_core
def test_the_core_finds_what_re_finds_with_every_project_pattern(project):
    _, done, _ = project
    texts = _texts()
    differences = []
    for pattern, source in done.items():
        core = CORE.Pattern(source)
        if can_match_empty(pattern):
            for text in texts[::4]:
                for pos in [0] + [m.end() for m in re.finditer(r"\s", text)]:
                    m = pattern.match(text, pos)
                    if core.match_at(text, pos) != (m.span() if m else None):
                        differences.append((pattern.pattern[:60], text, pos))
        else:
            for text in texts:
                if core.find_all(text) != [m.span() for m in pattern.finditer(text)]:
                    differences.append((pattern.pattern[:60], text))
    assert differences == []
