"""Find outlet mentions in a text: gazetteer names, short forms, back-references, unknown outlets.

A mention is only a candidate: :mod:`citetrack.extract` keeps those that an attribution frame binds.
The work is split in three:

- :mod:`.matcher`: one automaton pass finds every gazetteer name (checked for case and context)
  and the anchor words of the finders;
- :mod:`.finders`: outlets the gazetteer does not list (head words, descriptors, call signs) and
  back-references;
- :mod:`.resolution`: overlaps removed, short forms, back-references and abbreviations the article
  defines resolved to the outlet they mean.

Each mention also records where a descriptor that follows its name ends ("ITV television
station", "AP news agency"), so frames see the words after it.
"""
from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..memo import derived
from ..models import Outlet
from ..outlets import Gazetteer
from ..reach import reach_for
from ..rules import RuleSet
from .finders import anaphors, unknown_mentions
from .matcher import Hits, Matcher, case_ok, gazetteer_mentions, matcher_for, name_checks
from .model import Form, Mention
from .resolution import PROGRAMME_HEADS, anchor_ambiguous, anchorable, defined_abbreviations, resolve, without_overlaps

__all__ = ["Form", "Hits", "Matcher", "Mention", "PROGRAMME_HEADS", "anchorable", "case_ok", "find_mentions", "find_mentions_skipping",
           "matcher_for"]


@derived("lexicon")
def _tail(lex: Lexicon) -> re.Pattern:
    """What may follow an outlet's name and still belong to it: a regional edition ("POLITICO
    Florida", "Breitbart California") or a title of its own ("China Daily Business Weekly", "Sunday
    Times Magazine"), then a descriptor ("ITV television station")."""
    places = lex.macros.get("PLACES", r"(?!x)x")
    titles = lex.macros.get("SUBTITLE", r"(?!x)x")
    return re.compile(r"(?:[ \t]+(?:" + places + r")|(?:[ \t]+[A-Z][\w’'-]*){0,2}[ \t]+(?:" + titles + r")(?![\w-]))?"
                      r"(?:[ \t]+(?:" + lex.macros["DESC_TAIL"] + r")(?![\w-]))?")


@derived("lexicon")
def _spelling(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    return lex.lists.get("BRITISH", frozenset()), lex.lists.get("AMERICAN", frozenset())


def find_mentions(text: str, gazetteer: Gazetteer, ruleset: RuleSet, *, unknown: bool = True,
                  publisher: Outlet | None = None) -> list[Mention]:
    """All candidate mentions in text order, overlaps removed (gazetteer names win). ``publisher``:
    the article's own outlet, which a short form with no antecedent refers to when it can."""
    return find_mentions_skipping(text, gazetteer, ruleset, unknown=unknown, publisher=publisher)[0]


def find_mentions_skipping(text: str, gazetteer: Gazetteer, ruleset: RuleSet, *, unknown: bool = True,
                           publisher: Outlet | None = None, keep: list[tuple[int, int]] = ()
                           ) -> tuple[list[Mention], list[tuple[int, int]]]:
    """:func:`find_mentions`, and the stretches of the text where names were skipped: text dense
    with names where no rule has its cues within reach (see :class:`citetrack.reach.Reach`), except
    in the stretches of ``keep``."""
    lex = ruleset.lexicon
    matcher = matcher_for(gazetteer, lex)
    checks = name_checks(lex)
    hits = matcher.scan(text, reach_for(ruleset), keep)
    if hits.nothing:
        return [], []  # no name in a spelling that can be a mention, no finder's anchor (the compiled core)
    skipped = sorted(span for side in hits.skipped for span in side)
    mentions = _mentions(text, gazetteer, lex, matcher, checks, hits, unknown, publisher)
    if hits.rules_near is not None:
        for m in mentions:
            m.rules = hits.rules_for(m)
    return mentions, skipped


def _mentions(text, gazetteer, lex, matcher, checks, hits, unknown, publisher) -> list[Mention]:
    found = gazetteer_mentions(text, matcher, hits, checks)
    if unknown:
        found.extend(unknown_mentions(text, lex, gazetteer, checks.not_after, hits, {m.end for m in found}))
    found.extend(anaphors(text, lex, hits))
    if not found:
        return found
    mentions = resolve(defined_abbreviations(without_overlaps(found, text), text), text, lex.descriptors,
                       publisher, _spelling(lex))
    mentions = anchor_ambiguous(mentions, text)
    tail = _tail(lex)
    n = len(text)
    for m in mentions:
        t = tail.match(text, m.end, min(n, m.end + 60)) if m.end < n and text[m.end] in " \t" else None
        m.tail = t.end() if t else m.end
    return mentions
