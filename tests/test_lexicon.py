"""The cue lexicon: lemmas in, every inflection and auxiliary form out, and the macros built from them.

The lexicon (citetrack/data/cues.toml) lists each verb once, as a lemma with the frames it
takes; citetrack/morphology.py generates its forms. These tests pin the generator on a table of
lemmas (regular, doubling, -y, -e, irregular, multi-word, British -l) and check every lemma of the
packaged lexicon: each yields its base, -s, past, participle and -ing forms, and its auxiliary
groups ("has reported", "was telling", "had been told").
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citetrack.errors import RuleError
from citetrack.lexicon import VERB_FRAMES, merge, parse_lexicon, trie_alternation, word_alternation
from citetrack.morphology import noun_forms, plural, verb_forms
from citetrack.rules import _read_toml, load_rules

LEX = load_rules().lexicon
IRREGULAR = {"say": ("said", "said"), "write": ("wrote", "written"), "tell": ("told", "told"),
             "learn": ("learned|learnt", "learned|learnt"), "sit": ("sat", "sat")}
STRESSED = frozenset({"admit", "refer"})

# lemma -> (third person, past, participle, -ing): regular spelling rules and the irregular table
FORMS = [
    ("report", "reports", "reported", "reported", "reporting"),
    ("note", "notes", "noted", "noted", "noting"),
    ("deny", "denies", "denied", "denied", "denying"),
    ("say", "says", "said", "said", "saying"),
    ("write", "writes", "wrote", "written", "writing"),
    ("chat", "chats", "chatted", "chatted", "chatting"),
    ("quiz", "quizzes", "quizzed", "quizzed", "quizzing"),
    ("admit", "admits", "admitted", "admitted", "admitting"),
    ("refer", "refers", "referred", "referred", "referring"),
    ("visit", "visits", "visited", "visited", "visiting"),
    ("panic", "panics", "panicked", "panicked", "panicking"),
    ("brief", "briefs", "briefed", "briefed", "briefing"),
    ("stress", "stresses", "stressed", "stressed", "stressing"),
    ("tweet", "tweets", "tweeted", "tweeted", "tweeting"),
    ("point out", "points out", "pointed out", "pointed out", "pointing out"),
    ("sit down", "sits down", "sat down", "sat down", "sitting down"),
]


@pytest.mark.parametrize("lemma,third,past,participle,ing", FORMS, ids=[f[0] for f in FORMS])
def test_forms_of_a_lemma(lemma, third, past, participle, ing):
    f = verb_forms(lemma, IRREGULAR, STRESSED)[0]
    assert (f.base, f.third, f.past, f.participle, f.ing) == (lemma, third, past, participle, ing)


def test_auxiliary_groups_are_generated():
    f = verb_forms("tell", IRREGULAR)[0]
    assert {"has told", "had told", "tells", "told", "is telling", "was telling", "had been telling"} <= set(f.active())
    assert {"was told", "has been told", "had been told", "got told"} <= set(f.passive())
    assert "tell" not in f.active()  # the base form after a name is most often a noun ("the AP report")


def test_spelling_variants_are_all_generated():
    assert {"labeled", "labelled", "labeling", "labelling"} <= {w for f in verb_forms("label") for w in f.words}
    assert {"learned", "learnt", "has learnt", "has learned"} <= {
        w for f in verb_forms("learn", IRREGULAR) for w in (*f.words, *f.active())}


@pytest.mark.parametrize("noun,expected", [("report", "reports"), ("story", "stories"), ("analysis", "analyses"),
                                           ("opinion poll", "opinion polls"), ("box", "boxes"), ("data", "data")])
def test_plurals(noun, expected):
    assert plural(noun, {"analysis": "analyses", "data": "data"}) == expected


def test_every_packaged_lemma_yields_its_forms():
    assert len(LEX.verbs) >= 250  # several hundred verbs, not tens
    for lemma, frames in LEX.verbs.items():
        assert frames <= set(VERB_FRAMES), lemma
        for f in LEX.forms[lemma]:
            words = set(f.words)
            assert f.base == lemma and len(words) >= (3 if f.past == f.base else 4), (lemma, words)
            assert all(w[0] == lemma[0] or lemma.split()[0] in IRREGULAR_HEADS for w in words), (lemma, words)
            assert f"has {f.participle}" in f.active() and f"was {f.participle}" in f.passive()


IRREGULAR_HEADS = {"go", "give", "put", "run", "sit", "swear", "say", "tell", "find", "speak", "show", "write",
                   "break", "read", "hear", "lay", "set", "cast", "spell", "understand", "learn", "broadcast",
                   "forecast", "stop", "drop"}


def test_each_frame_macro_holds_the_forms_of_its_lemmas():
    said_on = re.compile(LEX.pattern("{V_ON}"))
    assert said_on.fullmatch("criticised") and said_on.fullmatch("Speaking") and not said_on.fullmatch("fired")
    active = re.compile(LEX.pattern("{V_SUBJECT_ACTIVE}"))
    assert active.fullmatch("has since") is None and active.fullmatch("had been reporting")
    assert active.fullmatch("Reported") is None  # subject verbs follow their subject in lower case
    assert re.compile(LEX.pattern("{V_TELL_PASSIVE}")).fullmatch("had been told")
    assert re.compile(LEX.pattern("{N_CONTENT}")).fullmatch("investigations")


def test_macros_of_generated_words_know_their_words():
    assert {"told", "informs", "briefed"} <= LEX.words["V_TELL"]
    assert "correspondents" in LEX.words["ROLE"] and "spokeswomen" in LEX.words["SPOKES"]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(alphabet="abcde -", min_size=1, max_size=6), min_size=1, max_size=12),
       st.text(alphabet="abcde -", max_size=7))
def test_trie_alternation_matches_exactly_its_words(words, probe):
    words = {w for w in words if w.strip() and w == " ".join(w.split())}
    if not words:
        return
    pattern = re.compile(trie_alternation(sorted(words)))
    assert bool(pattern.fullmatch(probe)) == (probe in words)


def test_word_alternation_respects_word_and_hyphen_boundaries():
    pat = re.compile(word_alternation(["profile", "report"]))
    assert pat.search("a high-profile case") is None
    assert pat.search("unreported") is None
    assert pat.search("the report said").group(0) == "report"


def test_descriptor_table_gives_types_and_derived_lists():
    d = LEX.descriptors
    assert d.type_of("the German daily ") == "newspaper"
    assert d.type_of("the state news agency ") == "agency"
    assert d.type_of("UK magazine ") == "magazine"
    assert d.get("paper").types == ("newspaper",) and d.get("weekly").types == ("newspaper", "magazine")
    assert "paper" in d.with_flag("back") and "television station" in d.with_flag("tail")
    assert "agency" not in d.with_flag("name")  # "Chile development agency Corfo" is no outlet


@pytest.mark.parametrize("table,message", [
    ({"verbs": {"kvetch": "subject gossip"}}, "unknown frame"),
    ({"verbs": {"kvetch": ""}}, "must be a string of frames"),
    ({"irregular": {"go": ["went"]}}, r"\[past, participle\]"),
    ({"roles": {"scribe": "writer"}}, "must be one of"),
    ({"descriptors": {"gazette": "paper name"}}, "TYPE FLAGS"),
    ({"patterns": {"BROKEN": "(unclosed"}}, "not a valid regex"),
])
def test_bad_lexicon_entries_are_rejected_with_a_reason(table, message):
    with pytest.raises(RuleError, match=message):
        parse_lexicon(merge(_read_toml("cues.toml"), table, "mine.toml"))


def test_a_user_table_extends_the_packaged_one():
    merged = merge(_read_toml("cues.toml"), {"verbs": {"kvetch": "subject invert"}, "lists": {"GAPWORD": ["reportedly"]}},
                   "mine.toml")
    lex = parse_lexicon(merged)
    assert {"kvetched", "has kvetched", "is kvetching"} <= {w for f in lex.forms["kvetch"] for w in (*f.words, *f.active())}
    assert "reportedly" in lex.lists["GAPWORD"] and "also" in lex.lists["GAPWORD"]
    with pytest.raises(RuleError, match="unknown table"):
        merge(_read_toml("cues.toml"), {"verb": {}}, "mine.toml")


def test_noun_forms_keep_uncountables():
    assert noun_forms("coverage", {"coverage": "coverage"}) == ("coverage",)
