"""Every rule's own example must fire that rule; its counter-examples must not.

The examples live beside the rules in citetrack/data/rules.toml, so a new rule is tested the
moment it is written. The mention the example is about is marked with {braces}.
"""
from __future__ import annotations

import re

import pytest

from citetrack import extract
from citetrack.errors import RuleError
from citetrack.lexicon import expand, parse_lexicon, word_alternation
from citetrack.rules import load_rules, parse_rules

RULES = load_rules().rules


def _unmark(example: str) -> tuple[str, int, int]:
    m = re.search(r"\{([^{}]+)\}", example)
    assert m, f"example has no {{mention}}: {example!r}"
    text = example[:m.start()] + m.group(1) + example[m.end():]
    return text, m.start(), m.start() + len(m.group(1))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_example_fires_the_rule(rule):
    text, start, end = _unmark(rule.example)
    hits = [c for c in extract(text) if c.start < end and start < c.end]
    assert hits, f"no citation at {text[start:end]!r} in {text!r}"
    assert hits[0].rule.split("+")[0] == rule.id, f"fired {hits[0].rule} instead"
    assert hits[0].kind == rule.kind


COUNTERS = [(r.id, c) for r in RULES for c in r.counter]


@pytest.mark.parametrize("rule_id,text", COUNTERS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(COUNTERS)])
def test_rule_counter_example_is_not_cited_by_it(rule_id, text):
    assert not [c for c in extract(text) if c.rule.split("+")[0] == rule_id]


def test_expand_turns_spaces_into_whitespace_runs():
    assert re.fullmatch(expand("told {X}", {"X": "the"}), "told\n the")


def test_word_alternation_prefers_longest_and_respects_boundaries():
    pat = re.compile(word_alternation(["report", "reported", "has reported"]))
    assert pat.search("it has reported").group(0) == "has reported"
    assert pat.search("unreported") is None


@pytest.mark.parametrize("data,message", [
    ({"rule": [{"id": "x", "kind": "gossip", "before": "a", "example": "e"}]}, "kind must be one of"),
    ({"rule": [{"id": "x", "kind": "report", "example": "e"}]}, "needs a 'before' or an 'after'"),
    ({"rule": [{"id": "x", "kind": "report", "before": "a", "example": "e", "colour": 1}]}, "unknown field"),
    ({"rule": [{"id": "x", "kind": "report", "before": "{NOPE}", "example": "e"}]}, "unknown macro"),
    ({"rule": [{"id": "x", "kind": "report", "before": "(", "example": "e"}]}, "not a valid regex"),
    ({"rule": [{"id": "x", "kind": "report", "before": "a"}]}, "'example' is required"),
    ({"rule": [{"id": "x", "kind": "report", "before": "a", "example": "e"},
               {"id": "x", "kind": "report", "before": "b", "example": "e"}]}, "duplicate id"),
])
def test_bad_rule_records_are_rejected_with_a_reason(data, message):
    lex = parse_lexicon({"lists": {"SAY": ["said"]}})
    with pytest.raises(RuleError, match=message):
        parse_rules(data, lex, "test.toml")


def test_bad_lexicon_is_rejected():
    with pytest.raises(RuleError, match="not a valid regex"):
        parse_lexicon({"patterns": {"BAD": "(unclosed"}})


# ---------------------------------------------------------------- the interpreter and user rule files

from pathlib import Path  # noqa: E402

from citetrack.rules import Window  # noqa: E402


def _window(left="", right="", **kw):
    base = dict(at_sentence_start=True, in_title=False, weak=False, show=False)
    base.update(kw)
    return Window(left=left, right=right, **base)


def test_rule_match_reads_every_field():
    by_id = {r.id: r for r in RULES}
    told = by_id["told"]
    m = told.match(_window("The minister told the ", " on Monday."))
    assert m is not None and m.rule is told and m.cue == "told the"
    assert told.match(_window("He was told the ", " would publish.")) is None  # not_before: a passive
    assert by_id["subject"].match(_window("", " said it.", weak=True)) is None  # not bare: a weak name needs a tight cue
    assert by_id["headline-source-end"].match(_window("Cuts ahead: ", "", in_title=False)) is None  # where = title
    assert by_id["credit-tail"].match(_window("", "\n", text="Caption. ", sentence=9)) is not None  # mid_line
    assert by_id["credit-tail"].match(_window("", "\n", text="\n", sentence=1)) is None


def _example_window(rule, monkeypatch):
    """The window the extractor builds on the rule's own example, where the rule binds it."""
    from citetrack.rules import Rule
    seen, match = [], Rule.match

    def spy(self, w, starts=None):
        got = match(self, w, starts)
        if self is rule and got is not None:
            seen.append(w)
        return got

    monkeypatch.setattr(Rule, "match", spy)
    extract(_unmark(rule.example)[0])
    monkeypatch.undo()
    return seen[0] if seen else None


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_vetoes_are_what_rule_match_checks_first(rule, monkeypatch):
    """rules.VETOES (which the rule filter uses to skip rules unasked) says of each window property
    exactly what Rule.match does: a rule it rules out never binds a window with that property, and
    one it does not rule out binds it as before."""
    from dataclasses import replace
    from citetrack.rules import VETOES
    base = _example_window(rule, monkeypatch)
    assert base is not None, "the example binds no window"
    changed = {"weak": dict(weak=True), "show": dict(show=True), "credit_only": dict(credit_only=True),
               "not_in_title": dict(in_title=False), "not_at_sentence_start": dict(at_sentence_start=False)}
    assert [name for name, _ in VETOES] == [*changed, "cue_before"]  # the order of prefilter.window_flags
    for name, rules_out in VETOES[:-1]:
        got = rule.match(replace(base, **changed[name]))
        if rules_out(rule):
            assert got is None, f"{name} rules {rule.id} out, but it binds"
        elif name != "weak" or rule.bare:  # a weak name may also fail a bare rule's coordination check
            assert got == rule.match(base), f"{name} does not rule {rule.id} out, but changes its match"


def test_rule_match_names_the_journalist():
    m = {r.id: r for r in RULES}["staff-subject"].match(_window("", " business correspondent Simon Hall said so."))
    assert m.person == "Simon Hall" and m.person_at[0] == "right"


def test_sentence_start_is_a_field_not_a_regex_sniff():
    slash_first = {r.id: r for r in RULES}["credit-slash-first"]
    assert slash_first.sentence_start and not slash_first.template("before").startswith("^")
    assert slash_first.match(_window("", "/Jim Roe\n", at_sentence_start=False)) is None


def _user_rules(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "mine.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_user_file_adds_a_verb_in_one_line(tmp_path):
    path = _user_rules(tmp_path, '[verbs]\nkvetch = "subject invert"\n')
    assert extract("The Guardian kvetched that the plan was late.") == []
    rs = load_rules([path])
    (c,) = extract("The Guardian kvetched that the plan was late.", ruleset=rs)
    assert (c.outlet, c.kind, c.rule) == ("Guardian", "report", "subject")
    (c,) = extract("The plan is late, kvetches the Guardian.", ruleset=rs)
    assert c.rule == "inverted"


def test_a_user_rule_is_tried_first_and_one_with_a_packaged_id_replaces_it(tmp_path):
    path = _user_rules(tmp_path, '''
[[rule]]
id = "overheard"
kind = "report"
before = '\\b(?i:overheard on) {DET}'
example = "It was overheard on {CNN} late at night."

[[rule]]
id = "told"
kind = "interview"
before = '\\b(?i:whispered to) {DET}'
example = "She whispered to the {BBC} that it was over."
''')
    rs = load_rules([path])
    assert rs.rules[0].id == "overheard" and [r.id for r in rs.rules].count("told") == 1
    assert [c.rule for c in extract("It was overheard on CNN late at night.", ruleset=rs)] == ["overheard"]
    assert [c.rule for c in extract("She whispered to the BBC that it was over.", ruleset=rs)] == ["told"]
    assert extract("The minister told the Financial Times on Monday.", ruleset=rs) == []  # the packaged told is gone


def test_a_bad_user_rules_file_names_itself(tmp_path):
    with pytest.raises(RuleError, match="mine.toml"):
        load_rules([_user_rules(tmp_path, '[[rule]]\nid = "x"\nkind = "report"\nbefore = "{NOPE}"\nexample = "e"\n')])
    with pytest.raises(RuleError, match="not valid TOML"):
        load_rules([_user_rules(tmp_path, "[[rule]\n")])
