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


def test_rule_ids_unique_and_kinds_valid():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.kind for r in RULES} <= {"report", "interview", "staff", "credit"}


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
