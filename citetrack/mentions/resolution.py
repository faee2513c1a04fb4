"""Resolution: overlaps removed, short forms and back-references given the outlet they mean.

- Of overlapping candidates the gazetteer name wins, then the longer one; an ambiguous one-word
  name inside a longer capitalised name ("Zorvian Independent") yields to it.
- A short form ("the Journal") means the last outlet mentioned that has it; with none before it,
  the paper of that name in the article's own media landscape (the country most of its other
  named outlets come from: "The Times" among US outlets is the New York Times).
- A back-reference ("the paper", "the agency", "the show") means the last outlet of that type
  mentioned in the 3,000 characters before it, unless another organisation the noun could mean
  stands between ("the Energy Agency ... the agency").
- An abbreviation the article defines after an outlet's name ("the Zorvian Broadcasting
  Corporation (ZBC)") means that outlet wherever it appears later ("ZBC said").
- An ambiguous name with nothing beside it ("Sky denied the claim") is the outlet when the article
  has named that outlet beyond doubt before ("Sky News", "a Sky spokesman") and never uses the
  word as part of a person's or another organisation's name ("Liam Fox", "Twentieth Century Fox").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from ..models import Outlet
from .matcher import LEADING_STOP, THE_BEFORE as _THE_BEFORE, candidate_budget, key, strip_the
from .model import Form, Mention

ANAPHOR_RANGE = 3000  # characters back to look for the outlet a back-reference means
PROGRAMME_HEADS = frozenset({"show", "programme", "program"})
_ORGANISATION = re.compile(
    r"\b[A-Z][\w-]+(?:\s+(?:of|for|and|on)?\s*[A-Z][\w-]+)*\s+"
    r"(?:Organi[sz]ation|Administration|Department|Ministry|Office|Commission|Authority|Bureau|Council|"
    r"Agency|Service|Institute|Fund|Bank|Programme|Program|Force|Police|Command)\b"
)
_ACRONYM = re.compile(r"(?<![\w&])[A-Z]{3,6}(?![\w&])")
_DEFINES = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_FORM_RANK = {Form.NAME: 0, Form.SHORT: 1, Form.DEFINED: 1, Form.UNKNOWN: 2, Form.ANAPHOR: 3}


def without_overlaps(mentions: list[Mention], text: str) -> list[Mention]:
    if len(mentions) < 2:
        return list(mentions)
    ordered = sorted(mentions, key=lambda m: m.start)
    if all(a.end <= b.start for a, b in zip(ordered, ordered[1:])):
        return ordered  # nothing overlaps (most texts): no need to rank

    def rank(m: Mention) -> int:
        one_word = m.form in (Form.NAME, Form.SHORT) and (m.ambiguous or len(text[m.start:m.end].split()) < 2)
        return 2 if one_word else _FORM_RANK[m.form]

    mentions.sort(key=lambda m: (rank(m), -(m.end - m.start), m.start))
    taken = bytearray(len(text) + 1)  # one flag per character: linear however many mentions there are
    kept = []
    for m in mentions:
        if any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


def defined_abbreviations(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions of abbreviations the article defines right after an outlet's name, added to
    ``mentions`` (in text order; never over another mention)."""
    defined: dict[str, tuple[int, Outlet]] = {}
    for m in mentions:
        if m.form in (Form.NAME, Form.UNKNOWN) and m.outlet is not None and "(" in text[m.end:m.end + 3]:
            d = _DEFINES.match(text, m.end)
            if d and d.group(1) not in defined and not _names(m.outlet, d.group(1)):
                defined[d.group(1)] = (d.end(), m.outlet)
    if not defined:
        return mentions
    for m in mentions:  # the article's own definition beats the gazetteer's other outlet of that name
        d = defined.get(text[m.start:m.end])
        if d is not None and m.start >= d[0] and (m.outlet is None or m.outlet.id != d[1].id):
            m.outlet, m.form, m.weak, m.head = d[1], Form.DEFINED, False, text[m.start:m.end]
    # the mentions, in order and not overlapping (see without_overlaps): whether one overlaps a
    # stretch is a bisection, not a look at every mention (a text can hold thousands of both)
    starts, ends = [m.start for m in mentions], [m.end for m in mentions]
    added = []
    budget = candidate_budget()
    for abbr, (after, outlet) in defined.items():
        pos = text.find(abbr, after)
        while pos >= 0:
            end = pos + len(abbr)
            free = (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "@#/-")) and \
                   (end >= len(text) or not (text[end].isalnum() or text[end] == "-"))
            i = bisect_left(starts, end) - 1  # the last mention starting before the end
            if free and not (i >= 0 and ends[i] > pos):
                if not budget.take(pos):
                    break
                added.append(Mention(pos, end, outlet, Form.DEFINED, head=abbr))
            pos = text.find(abbr, end)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _names(outlet: Outlet, abbr: str) -> bool:
    return any(key(n) == key(abbr) for n in outlet.names)


def resolve(mentions: list[Mention], text: str, descriptors, publisher: Outlet | None = None,
            spelling: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())) -> list[Mention]:
    """Give short forms and back-references the outlet they refer to; drop those with none.

    A short form with no full mention before it means the article's own publisher when that has
    the form ("the Times said" in a New York Times story), else the paper of that name from the
    country most of the article's named outlets come from, else from the country its spelling
    points to (``spelling``: British and American marker words: "programme", "Mr Smith" ...).
    """
    last_short: dict[str, Outlet] = {}
    history: list[Mention] = []
    country: str | None | bool = False  # False: not computed yet (most articles never need it)
    out = []
    for m in mentions:
        if m.form is Form.SHORT:
            target = last_short.get(m.head)
            if m.weak and target is None:
                # "Five admitted" with no "Channel Five" before it: nothing; "told the Independent", a
                # name after "the" that is also other papers' short form, with none of them before: the
                # name, weak (only frames whose cue leaves no doubt bind it)
                full = [s for s in m.candidates if not s.short]
                if not full or not _THE_BEFORE.search(text, max(0, m.start - 12), m.start) or not _stands_alone(text, m):
                    continue
                m.outlet, m.form = full[-1].outlet, Form.NAME
                history.append(m)
                out.append(m)
                continue
            local = None
            if target is None and publisher is not None and any(s.outlet.id == publisher.id for s in m.candidates):
                target = publisher
            if target is None and _THE_BEFORE.search(text, max(0, m.start - 12), m.start):
                if country is False:
                    # counts only unambiguous names: shorts never change it
                    country = _home_country(mentions) or _spelling_country(text, *spelling)
                if country:
                    local = next((s.outlet for s in m.candidates if s.outlet.country == country), None)
            if target is not None:
                m.outlet = target
            elif local is not None:
                # "The Times" in an article naming US outlets: the New York Times
                m.outlet, m.form = local, Form.NAME
            else:
                full = [s for s in m.candidates if not s.short]
                if not full:
                    continue
                m.outlet, m.form = full[-1].outlet, Form.NAME
        elif m.form is Form.ANAPHOR:
            target = _antecedent(m, history, text, descriptors)
            if target is None:
                continue
            m.outlet = target
        if m.form in (Form.NAME, Form.UNKNOWN, Form.DEFINED):
            history.append(m)
            for s in m.outlet.short:
                last_short[strip_the(key(s))] = m.outlet
        out.append(m)
    return out


def _home_country(mentions: list[Mention]) -> str | None:
    """The country most of the article's fully named outlets come from, if one clearly leads."""
    votes = Counter(m.outlet.country for m in mentions
                    if m.form is Form.NAME and not m.ambiguous and m.outlet.country)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


_WORD = re.compile(r"[A-Za-z]+\.?")


def _spelling_country(text: str, british: frozenset[str], american: frozenset[str]) -> str | None:
    """GB or US when the article's spelling clearly leans one way (in its first 20,000 characters)."""
    if not british and not american:
        return None
    gb = us = 0
    sample = text[:20_000]
    for w in _WORD.findall(sample):
        if w in british:
            gb += 1
        elif w in american:
            us += 1
    gb += sample.count("£")
    if gb >= 2 * us + 2:
        return "GB"
    if us >= 2 * gb + 2:
        return "US"
    return None


def _other_acronym(between: str, offset: int, history: list[Mention]) -> bool:
    """Whether an acronym that is no outlet mention stands in ``between`` (text from ``offset``)."""
    for a in _ACRONYM.finditer(between):
        lo, hi = offset + a.start(), offset + a.end()
        if not any(h.start < hi and lo < h.end for h in history):
            return True
    return False


def _antecedent(m: Mention, history: list[Mention], text: str, descriptors) -> Outlet | None:
    entry = descriptors.get(m.head)
    types = entry.types if entry is not None else None
    programme = entry is not None and entry.type == "programme"
    head_word = m.head.split()[-1]
    for prev in reversed(history):
        if m.start - prev.end > ANAPHOR_RANGE:
            return None
        if programme:
            if prev.programme:
                return prev.outlet
            continue
        if types is not None and prev.outlet.type not in types and prev.outlet.type != "unknown":
            continue
        # another organisation in between that the noun may mean ("the Energy Agency ... the agency",
        # "the World Health Organization ... the agency")
        between = text[prev.end:m.start]
        if re.search(rf"\b[A-Z]\w+\s+{head_word.capitalize()}\b", between):
            return None
        if types == ("agency",) and (_ORGANISATION.search(between) or _other_acronym(between, prev.end, history)):
            return None  # "the FBI ... the agency", "the CFPB ... the agency"
        return prev.outlet
    return None


_NAME_BEFORE = re.compile(r"([A-Z][\w.’'-]*)[ \t]+\Z")
_NOT_NAME_BEFORE = frozenset({"The", "A", "An", "And", "But", "Or", "As", "At", "By", "For", "From", "In", "On", "To",
                              "With", "Of", "When", "While", "After", "Before", "If", "That", "This", "US", "UK"})


def anchor_ambiguous(mentions: list[Mention], text: str) -> list[Mention]:
    """Take the weak mark off an ambiguous one-word name in exact case ("Sky", "Fox") that follows
    a mention of the same outlet that is not weak, unless the article also puts a capitalised word
    before that name anywhere (a person or another firm: "Vicente Fox", "Twentieth Century Fox").
    "On the Hill" keeps its mark: only a name with no article before it is anchored. A short
    form with no determiner ("Five admitted", after "Channel Five") is anchored the same way, and
    dropped when it is not."""
    seen: set[str] = set()
    blocked: dict[str, bool] = {}
    dropped = False
    for m in mentions:
        if m.outlet is None or m.form not in (Form.NAME, Form.SHORT):
            continue
        if not m.weak:
            if m.form is Form.NAME:
                seen.add(m.outlet.id)
            continue
        surface = text[m.start:m.end]
        names = m.outlet.ambiguous if m.form is Form.NAME else m.outlet.short
        if m.outlet.id in seen and surface in names and " " not in surface \
                and not _THE_BEFORE.search(text, max(0, m.start - 12), m.start):
            if surface not in blocked:
                blocked[surface] = _named_otherwise(text, surface, mentions)
            if not blocked[surface]:
                m.weak = False
        dropped = dropped or (m.weak and m.form is Form.SHORT)
    return [m for m in mentions if not (m.weak and m.form is Form.SHORT)] if dropped else mentions


def anchorable(m: Mention, text: str, mentions: list[Mention], blocked: dict[str, bool]) -> bool:
    """Whether a weak ambiguous one-word name could be anchored by an earlier citation of the same
    outlet through it ("Bloomberg reported ... Bloomberg said"): the same tests as
    :func:`anchor_ambiguous` but the earlier mention ("blocked" caches the per-word test)."""
    if m.outlet is None or m.form is not Form.NAME or not m.weak:
        return False
    surface = text[m.start:m.end]
    if surface not in m.outlet.ambiguous or " " in surface or _THE_BEFORE.search(text, max(0, m.start - 12), m.start):
        return False
    if surface not in blocked:
        blocked[surface] = _named_otherwise(text, surface, mentions)
    return not blocked[surface]


_COMPANY_AFTER = re.compile(r"(?:['’]s)?\s+(?:Inc|Co|Corp|Corporation|Ltd|LP|LLC|plc|PLC|Holdings)\b")


def _named_otherwise(text: str, word: str, mentions: list[Mention]) -> bool:
    """Whether ``word`` follows a capitalised word (not a determiner or a possessive) somewhere in
    ``text``, outside the outlet mentions ("Fox" in "Fox News" is no other name), or is a
    company's name there ("Time Inc's chief financial officer": "Time reported earnings")."""
    spans = sorted((m.start, m.end) for m in mentions if m.end - m.start > len(word))
    starts = [a for a, _ in spans]
    for hit in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text):
        i = bisect_right(starts, hit.start()) - 1
        if i >= 0 and hit.start() < spans[i][1]:
            continue  # inside a longer mention (mentions do not overlap)
        if _COMPANY_AFTER.match(text, hit.end()):
            return True
        before = _NAME_BEFORE.search(text, max(0, hit.start() - 40), hit.start())
        if before and not (before.group(1).endswith(".") and len(before.group(1)) > 4) \
                and before.group(1) not in _NOT_NAME_BEFORE and before.group(1) not in LEADING_STOP \
                and not before.group(1).endswith(("'s", "’s", "s'", "s’")):
            return True
    return False


_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+\Z")


def _stands_alone(text: str, m: Mention) -> bool:
    """Whether a weak name after "the" is no part of a longer one: no capitalised word after it ("the
    National Press Club") and no owner's possessive before it ("Lloyd's Register")."""
    return not _CAPITAL_AFTER.match(text, m.end) and not _POSSESSIVE_BEFORE.search(text, max(0, m.start - 4), m.start)
