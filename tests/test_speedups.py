"""The speed-ups of the extractor are exact: the sentence index split on demand gives what the whole
split gives, the rule prefilter's window queries give what a scan of the window gives, and the
budgets that keep hostile text cheap (walls of outlet names) leave news prose alone.
"""
from __future__ import annotations

from bisect import bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import importlib
from citetrack.automaton import Budget
from citetrack.extract import extract
from citetrack.outlets import load_gazetteer
from citetrack.prefilter import rule_filter
from citetrack.rules import load_rules
from citetrack.sentences import SentenceIndex, split_sentences

GAZ = load_gazetteer()
extract_module = importlib.import_module("citetrack.extract")  # the module (citetrack.extract is also a function)
RULES = load_rules()

PIECES = ["Mr. Roe", " said", ". ", "? ", "!", "...", "\n", "\n\n", "  ", "\t", '"', "”", "’", "'", ")", "]", " (",
          "[", "The", " he", " a.", " A", "U.S.", "e.g.", " x", "Reuters", "Headline\n\n", " told the BBC"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _whole_split_around(text: str):
    """SentenceIndex as it was: every sentence split first, then a bisection."""
    spans = split_sentences(text)
    starts = [s for s, _ in spans]

    def around(pos: int) -> tuple[int, int]:
        i = bisect_right(starts, pos) - 1
        if i < 0:
            return (0, spans[0][1] if spans else 0)
        s, e = spans[i]
        return (s, max(e, pos))
    return around


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([1, 2, 5, 256]), st.randoms(use_true_random=False))
def test_sentences_on_demand_equal_the_whole_split(text, reach, rnd):
    expected = _whole_split_around(text)
    index = SentenceIndex(text)
    index.reach = reach  # small reaches exercise the widening search for a sentence's start
    order = list(range(len(text)))
    rnd.shuffle(order)  # any order of questions, not only text order
    for pos in order:
        assert index.around(pos) == expected(pos), pos


def test_a_long_sentence_is_split_once():
    text = "Reuters reported, " * 20_000  # one 360,000-character sentence
    index = SentenceIndex(text)
    assert index.around(0) == (0, len(text) - 1)
    assert index.around(len(text) // 2) == (0, len(text) - 1)
    assert len(index._spans) == 1


def _brute_bits(lowered: str, lo: int, hi: int, which: str) -> int:
    rf = rule_filter(RULES)
    bits = rf.left_bits if which == "left" else rf.right_bits
    out = 0
    for end, (n, left, right, _lead) in rf.automaton.iter(lowered):
        if lo <= end - n + 1 and end + 1 <= hi:
            out |= left if which == "left" else right
    assert bits is not None
    return out


WORDS = st.lists(st.sampled_from(["told", "the", "according to", "a", ",", "[", "(", "photo", "said", "reported",
                                  " ", "in an interview with", "of", "x", "citing", "/"]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.integers(0, 200), st.integers(0, 200), st.integers(0, 200))
def test_prefilter_window_queries_equal_a_scan_of_the_window(text, a, b, c):
    low = text.lower()
    lo, hi = sorted((min(a, len(low)), min(b, len(low))))
    cut = min(c, len(low))
    rf = rule_filter(RULES)
    spans = [(0, cut), (cut, len(low))] if 0 < cut < len(low) else None  # occurrences in two spans or one
    if spans is not None and lo < cut < hi:
        lo, hi = lo, cut  # a query never straddles two spans (they are windows around mentions)
    occ = rf.occurrences(low, spans)
    assert occ.bits(lo, hi, occ.left) == _brute_bits(low, lo, hi, "left")
    assert occ.bits(lo, hi, occ.right) == _brute_bits(low, lo, hi, "right")


def test_budget_grants_a_burst_then_a_rate():
    b = Budget(3, 10)
    assert [b.take(0) for _ in range(4)] == [True, True, True, False]
    assert b.take(5) is False and b.take(10) is True and b.take(12) is False
    assert [b.take(100) for _ in range(4)] == [True, True, True, False]  # refilled, up to the burst


def _without_budgets(monkeypatch):
    monkeypatch.setattr(extract_module, "RULE_EVERY", 1e-9)
    monkeypatch.setattr("citetrack.mentions.matcher.CANDIDATE_EVERY", 1e-9)
    monkeypatch.setattr("citetrack.automaton.HIT_EVERY", 1e-9)


OUTLETS = ["CNN", "ABC News", "NBC News", "CBS News", "Fox News", "MSNBC", "the New York Times", "the Washington Post",
           "the Wall Street Journal", "USA Today", "Politico", "Axios", "the BBC", "the Guardian", "Reuters",
           "the Associated Press", "Bloomberg", "the Financial Times"]
LIST = "The claim was reported by " + ", ".join(OUTLETS[:-1]) + " and " + OUTLETS[-1] + ". "
FILLER = "The minister spoke for an hour about the budget and the roads in the north of the country. "
NEWS = ("Officials told the Financial Times on Monday that the plan was final, Reuters reported. "
        "The minister said prices rose 3.5 pct in March, according to Bloomberg.\n\n")


def test_a_long_list_of_outlets_is_cited_in_full():
    assert [c.outlet for c in extract(LIST, GAZ, ruleset=RULES)] == [
        GAZ.lookup(o.removeprefix("the ")).name for o in OUTLETS]


@pytest.mark.parametrize("text", [
    # 18 outlets every 900 characters for 10,800: denser than the densest 1,000 characters measured
    # in the corpora (15 mentions), and kept up ten times as long
    pytest.param((LIST + FILLER * 7) * 12, id="lists-of-18-outlets"),
    pytest.param((NEWS * 700)[:100_000], id="news-100k"),
    pytest.param(" ".join(["Reuters"] * 60), id="sixty-names"),  # within the budgets' bursts
], )
def test_budgets_do_not_change_prose(text, monkeypatch):
    with_budgets = extract(text, GAZ, ruleset=RULES)
    _without_budgets(monkeypatch)
    assert extract(text, GAZ, ruleset=RULES) == with_budgets


def test_a_wall_of_citations_is_looked_at_only_at_the_budgets_rate(monkeypatch):
    wall = "Reuters reported, told the BBC, according to CNN. " * 4_000  # 200,000 characters
    few = extract(wall, GAZ, ruleset=RULES)
    # each mention the rules see is cited here; coordination cannot pass an attribution beyond them
    assert 0 < len(few) <= extract_module.RULE_BURST + len(wall) // extract_module.RULE_EVERY
    _without_budgets(monkeypatch)
    assert len(extract(wall[:20_000], GAZ, ruleset=RULES)) == 3 * 400  # the budget is what cut them
