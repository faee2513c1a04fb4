"""The speed-ups of the extractor are exact: the sentence index split on demand gives what the whole
split gives, the rule prefilter's window queries give what a scan of the window gives, and the
budgets that keep hostile text cheap (walls of outlet names) leave news prose alone.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importlib
from citetrack import reach, sentences
from citetrack.automaton import Budget, Folded, blanked
from citetrack.extract import extract
from citetrack.mentions import Form, matcher_for
from citetrack.mentions.finders import _signs
from citetrack.outlets import load_gazetteer
from citetrack.prefilter import Occurrences, rule_filter
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


@pytest.fixture(params=["python", "core"])
def splitter(request, monkeypatch):
    """SentenceIndex found on demand in Python, and from the compiled core's whole split."""
    if request.param == "python":
        monkeypatch.setattr(sentences, "_core_splitter", lambda: None)
    elif sentences._core_splitter() is None:
        pytest.skip("no compiled core")
    return request.param


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS, st.sampled_from([1, 2, 5, 256]), st.randoms(use_true_random=False))
def test_sentences_on_demand_equal_the_whole_split(splitter, text, reach, rnd):
    expected = _whole_split_around(text)
    index = SentenceIndex(text)
    index.reach = reach  # small reaches exercise the widening search for a sentence's start
    order = list(range(len(text)))
    rnd.shuffle(order)  # any order of questions, not only text order
    for pos in order:
        assert index.around(pos) == expected(pos), pos


def test_a_long_sentence_is_split_once(splitter):
    text = "Reuters reported, " * 20_000  # one 360,000-character sentence
    index = SentenceIndex(text)
    assert index.around(0) == (0, len(text) - 1)
    assert index.around(len(text) // 2) == (0, len(text) - 1)
    assert len(index._spans if splitter == "python" else index._split) == 1


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
    occ = Occurrences(*rf.occurrences(low, spans).lists()[:4], rf.longest)  # the Python object, whichever engine found them
    assert occ.bits(lo, hi, occ.left) == _brute_bits(low, lo, hi, "left")
    assert occ.bits(lo, hi, occ.right) == _brute_bits(low, lo, hi, "right")


def _brute_candidates(rf, low: str, lo: int, start: int, end: int, hi: int, among, flags: int) -> list:
    """The rules to try on a mention, straight from the definitions: the rules whose required
    strings (or none) occur in the windows, minus those the window's flags rule out, each with
    where in the left window one of its leading strings starts."""
    left, right = _brute_bits(low, lo, start, "left"), _brute_bits(low, end, hi, "right")
    out = []
    for i, rule in enumerate(rf.rules):
        bit = 1 << i
        if not (rf.left_free | left) & (rf.right_free | right) & bit or (among is not None and not among & bit):
            continue
        if any(flags >> f & 1 and rf.vetoes[f] & bit for f in range(len(rf.vetoes))):
            continue
        if not rf.leading & bit:
            out.append((rule, None))
            continue
        found = {lo + e + 1 - v[0] for e, v in rf.automaton.iter(low[lo:start]) if v[3] & bit} if lo < start else set()
        out.append((rule, sorted(s - lo for s in found)))
    return out


def test_window_flags_are_in_the_order_of_the_vetoes():
    """Bit i of a window's flags is the property VETOES[i] names (each one set alone)."""
    from citetrack.prefilter import window_flags
    from citetrack.rules import VETOES
    plain = dict(weak=False, show=False, credit_only=False, in_title=True, at_sentence_start=True, cue_before=False)
    assert window_flags(**plain) == 0
    for i, (name, _) in enumerate(VETOES):
        prop = name.removeprefix("not_")
        assert window_flags(**{**plain, prop: not plain[prop]}) == 1 << i, name


@pytest.fixture(params=["python", "core"])
def factors(request, monkeypatch):
    """The rule filter's occurrences found in Python, and by the compiled core."""
    rf = rule_filter(RULES)
    if request.param == "python":
        monkeypatch.setattr(rf, "_core", None, raising=False)
    elif rf._core_factors() is None:
        pytest.skip("no compiled core")
    return request.param


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(WORDS, st.integers(0, 200), st.integers(0, 200), st.integers(0, 200), st.integers(0, 63),
       st.one_of(st.none(), st.integers(0, 2 ** 80)))
def test_prefilter_candidates_are_the_rules_a_window_allows(factors, text, a, b, c, flags, among):
    """Which rules a mention's window leaves to try, and where their cues start: the same as worked
    out from the definitions, for any window flags and rule subset, in both engines."""
    low = text.lower()
    lo, start, hi = sorted((min(a, len(low)), min(b, len(low)), min(c, len(low))))
    end = start + (hi - start) // 3  # the name between
    rf = rule_filter(RULES)
    got = rf.occurrences(low).candidates(lo, start, end, hi, among, flags)
    assert [(r.id, s) for r, s in got] == [(r.id, s) for r, s in _brute_candidates(rf, low, lo, start, end, hi, among, flags)]


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


# ---------------------------------------------------------------- sentence candidates, cue reach

_CANDIDATE_AS_IT_WAS = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s)|\n[ \t\r\f\v]*\n\s*")


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 60))
def test_sentence_candidates_are_what_the_look_behind_first_pattern_finds(text, pos):
    """The candidate pattern starts with its first character (so the engine skips to one at C
    speed): the same matches as with the look-behind first, from any position."""
    pos = min(pos, len(text))
    assert [m.span() for m in sentences._CANDIDATE.finditer(text, pos)] == \
        [m.span() for m in _CANDIDATE_AS_IT_WAS.finditer(text, pos)]


CUE_PIECES = ["Reuters", "the BBC", "CNN", "Getty Images", "The New York Times", "Post", "Journal", "told ", "the ",
              "according to ", "polled by ", "Photo: ", "(", ")", "[", "]", "/", ". ", "! ", "\n\n", "\n", ", ",
              " and ", " said", " reported", "in an interview with ", "the paper", "the German daily Süddeutsche Zeitung",
              "WBKO", "’s ", " editor ", "x" * 40, "   ", "cited ", "wrote ", "a report in ", "Talk ", "Times ",
              "| ", "Headline: ", " to ", " on ", "ſaid", "İ"]


def _bound(text: str, monkeypatch) -> list:
    """The mentions a rule binds itself (not through a list), with the rule, as extract finds them."""
    bound: list = []
    coordinate = extract_module._coordinate

    def spy(hits, text, joint):
        bound.extend((m, match.rule) for m, match, _ in hits if match is not None)
        return coordinate(hits, text, joint)
    monkeypatch.setattr(extract_module, "_coordinate", spy)
    extract(text, GAZ, ruleset=RULES)
    monkeypatch.setattr(extract_module, "_coordinate", coordinate)
    return bound


def _assert_reach_keeps(text: str, monkeypatch) -> None:
    """Every mention a rule binds lies where the reach of that rule's cues says it could bind one,
    the whole text taken as dense (so that no stretch is left out)."""
    bound = _bound(text, monkeypatch)
    if not bound:
        return
    monkeypatch.setattr(reach, "_FREQUENT", 0)  # work out where, however frequent the cues
    folded = Folded.of(text) or Folded.loose(text)
    m = matcher_for(GAZ, RULES.lexicon)
    padded, found = m.automaton.scan(folded)
    r = reach.reach_for(RULES)
    if not r._built:
        r._build()
    _, per_rule = reach._Stretch(r, folded, padded, 0, len(folded.folded), m.automaton.longest).live()
    for mention, rule in bound:
        if mention.form is Form.DEFINED:
            continue  # found from the name that defines it, not from a hit
        a = folded.position(mention.start)
        # where its hit may start, for each kind of hit it may come from
        if mention.form is Form.ANAPHOR:
            hits = {reach.BACK: range(a, a + 1)}
        elif mention.form is Form.UNKNOWN:  # a head word ends it, a descriptor stands before it, a call sign
            hits = {reach.HEAD: range(a, folded.position(mention.end) + 1), reach.DESC: range(max(0, a - 48), a + 1),
                    reach.NAME: range(a, a + 1)}
        else:
            hits = {reach.NAME: range(a, a + 5)}
        spans = per_rule.get(RULES.rules.index(rule), [[]] * len(reach.KINDS))
        assert any(lo <= h < hi for kind, where in hits.items() for h in where for lo, hi in spans[kind]), \
            (rule.id, mention, text[max(0, mention.start - 60):mention.end + 60])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=40))
def test_the_reach_of_cues_never_hides_a_bound_name(parts):
    with pytest.MonkeyPatch.context() as mp:
        _assert_reach_keeps("".join(parts), mp)


@pytest.mark.parametrize("text", [
    LIST, NEWS * 3, "Protesters gather outside parliament. [AP Photo/Jane Doe]",
    "The crowd cheered.\n\nJane Doe/AFP/Getty Images\n\nThe mayor spoke next.",
    "Senate campaign arm cuts ties with candidate: Politico\n\nWASHINGTON - The party said on Friday.",
    "The trial opened on Monday.\n\nPolice outside the court. Getty Images\n\nThe judge spoke first.",
    "A big quake haunts the worst nightmares of many insurers and bankers polled by\nReuters.",
    "x" * 11 + "told" + " " * 152 + "the BBC",  # the window before the name starts inside "xtold"
], ids=["list", "news", "bracket", "slash", "headline", "credit", "polled", "cut-word"])
def test_the_reach_of_cues_keeps_the_frames_examples(text, monkeypatch):
    assert _bound(text, monkeypatch)
    _assert_reach_keeps(text, monkeypatch)


def test_every_rule_example_is_within_the_reach_of_its_cues(monkeypatch):
    for rule in RULES.rules:
        _assert_reach_keeps(rule.example.replace("{", "").replace("}", ""), monkeypatch)


def test_a_list_joined_to_a_cited_name_in_a_wall_is_cited_in_full(monkeypatch):
    """In text dense with names, a list joined to a cited name is looked at again in full: the same
    citations as with no name skipped."""
    names = [o.removeprefix("the ") for o in OUTLETS] * 4
    text = ("Officials said the plan was first reported by " + ", ".join(names) + ". "
            + "The New York Times Post Journal Herald " * 400)
    skipping = extract(text, GAZ, ruleset=RULES)
    assert len(skipping) == len(names)
    monkeypatch.setattr(reach, "DENSE_HITS", 10 ** 9)  # nothing is dense: nothing skipped
    assert extract(text, GAZ, ruleset=RULES) == skipping


# ---------------------------------------------------------------- cue words, call signs in dense text

#: Words the rules need as written and in other cases ("Post" is not the verb "post"), white space
#: collapsed, special characters (which fold loosely).
WRITTEN_PIECES = ["Post ", "post ", "POST ", "States ", "states ", "News ", "news ", "TV ", "tv ", "Talk ", "talk ",
                  "Co-host ", "co host ", "Inform ", "inform ", "the ", "The ", "on ", "Boston ", "  ", "\n\n", ", ",
                  "’s ", "ſ", "İ", "Journal ", "x"]


def _brute(text: str, word: str) -> list[int]:
    """Where a word starts (padded offsets) in the blanked folded text, by str.find."""
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WRITTEN_PIECES + CUE_PIECES), max_size=60))
def test_cue_words_found_in_lower_case_are_those_of_the_text_as_written(parts):
    """The cue words of a dense stretch are read off the lower-case text (one automaton pass), those
    matched as written checked against the text: the same starts and counts as a search of the
    blanked text in its own case (what reach did before) and in lower case."""
    text = "".join(parts)
    folded = Folded.of(text) or Folded.loose(text)
    m = matcher_for(GAZ, RULES.lexicon)
    padded, _ = m.automaton.scan(folded)
    r = reach.reach_for(RULES)
    if not r._built:
        r._build()
    cased = f" {blanked(folded.cased())} "
    end = len(padded) - 3  # hits ending after it are kept but not counted
    hits = r.words.scan(padded, folded, 0, end)
    words = [(w, True) for _, w, _ in r.words.keys if w] + [(w, False) for _, _, ws in r.words.keys for w in ws]
    for written, icase in words:
        want = _brute(padded if icase else cased, written)
        assert hits.at(written, icase) == want, (written, icase, text)
        assert hits.count(written, icase) == sum(1 for i in want if i + len(written) <= end), (written, text)


SIGN_CASES = [  # text, stretches looked at
    ("KTLA reported, WXYZ-TV said", [(0, 4)]),
    ("told WKOW-TV and KXAS", [(7, 9)]),  # a stretch inside a call sign: it starts before it
    ("told WKOW-TV and KXAS", [(5, 6), (17, 21)]),
    ("WWKTV-FM", [(1, 8)]),  # overlapping signs end at the same place
    ("the MUTV channel, KAFM radio and ABCTV", [(0, 10), (30, 38)]),
    ("xKTLA yWABC-DT", [(1, 3), (7, 14)]),
    ("KTLA", []),
]


@pytest.mark.parametrize("text,gaps", SIGN_CASES)
def test_call_signs_looked_for_in_stretches_are_those_of_the_whole_text(text, gaps):
    """Call signs are looked for only outside the stretches where names are skipped: exactly those
    of a search of the whole text that start there."""
    def inside(m):
        return any(a <= m.start(1) < b for a, b in gaps)
    whole = [(m.start(), m.end()) for m in _signs(text) if inside(m)]
    assert [(m.start(), m.end()) for m in _signs(text, gaps) if inside(m)] == whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["KTLA", "WKOW-TV", "MUTV", "-", "K", "W", "TV", "FM", "A", "x", " ", ",", "KW",
                                 "WKTV-FM", "ABCFM", ".", "@", "WB-TV"]), max_size=30), st.data())
def test_call_signs_in_random_stretches_are_those_of_the_whole_text(parts, data):
    text = "".join(parts)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    gaps = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    test_call_signs_looked_for_in_stretches_are_those_of_the_whole_text(text, gaps)


def test_refusals_are_counted_in_the_innermost_block():
    """counting_refusals: each block counts what budgets refuse inside it; an outer block goes on
    counting once an inner one is left."""
    from citetrack.automaton import counting_refusals, note_refused
    with counting_refusals() as outer:
        note_refused(2)
        with counting_refusals() as inner:
            note_refused(3)
        note_refused(1)
    note_refused(5)  # outside every block: counted nowhere
    assert (outer, inner) == ([3], [3])


def test_the_rule_filter_looks_for_no_single_letter():
    """A need with a one-letter string ("an?" gives "a") rules nothing out (every window holds one)
    and was a third of the filter's occurrences: such a side is taken as free, not looked for."""
    rf = rule_filter(RULES)
    strings = [s for s, _ in rf.automaton.items()]
    assert strings and not [s for s in strings if len(s) == 1 and s.isalnum()]
    assert any(len(s) == 1 for s in strings)  # punctuation ("[", "(") still is: it does rule rules out
