"""Finders for mentions the gazetteer does not list: unknown outlets, call signs, back-references.

- a capitalised name ending in a head word of the lexicon ("Kyiv Independent", "Zorvian
  Broadcasting Corporation");
- a name after a descriptor ("the German daily Süddeutsche Zeitung", "UK magazine Mac Format");
- a broadcast call sign ("WBKO", "KRIS-TV"; "WKOW" and "WKOW-TV" are one outlet) or a channel
  named by an abbreviation ending in TV or FM ("MUTV", "BFMTV");
- a back-reference ("the paper", "the agency", "the show"), resolved later.

A discovered name must look like an outlet: not a company ("Security firm Network Box", a name
ending in "Inc"), an academic journal ("British Medical Journal") or a commercial site
("property website Rightmove"); names on the gazetteer's ``not_outlets`` list never are. Owners
and places in the possessive are stripped from the front ("Iowa's Cedar Rapids Gazette").

Every finder tries its pattern only where the automaton saw its anchor word, under a candidate
budget (see :mod:`citetrack.mentions.matcher`), so its cost stays linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..automaton import ANAPHOR, DESC, HEAD, matches_at
from ..countries import country_before, nationalities
from ..lexicon import Lexicon
from ..memo import derived
from ..outlets import Gazetteer, unknown_outlet
from ..reach import BACK
from .matcher import CAPITAL, DETERMINERS, LEADING_STOP, Hits, alternation, budgeted, candidate_budget, sentence_start
from .model import Form, Mention

CAP = CAPITAL + r"[\w’'&-]*(?:\.(?=\w)[\w’'&-]+)*"
_CALLSIGN = re.compile(r"([KW][A-Z]{3}(?:-(?:TV|FM|AM|DT|LP|CD))?|[KW][A-Z]{2}-(?:TV|FM|AM|DT))(?![\w-])")
_CHANNEL = re.compile(r"([A-Z]{2,5}(?:TV|FM))(?![\w-])")  # tried only where "TV" or "FM" ends a word
_CALLSIGN_BAD_BEFORE = re.compile(r"[\w@#/.-]")
_CALLSIGN_SUFFIX = re.compile(r"-(?:TV|FM|AM|DT|LP|CD)$")  # "WKOW-TV"
_CHANNEL_ABBREVIATION = re.compile(r"^[A-Z]{2,5}(?:TV|FM)$")  # "MUTV": weak without a broadcasting word near
#: Four-letter words and acronyms that are no station (without a suffix: "WAVE-TV" is one).
_CALLSIGN_STOP = frozenset({"WWII", "KPMG", "WADA", "WIPO", "KFOR", "WNBA", "WASP", "WTTC", "WHOA", "WMDS", "KKK",
                            "WEEK", "WAVE", "WISE", "WHAT", "WHEN", "WITH", "WILL", "WERE", "WEST", "WEEK"})
#: Words near a call sign that say it is a station ("station WBKO", "KFSM 5News", "Channel 4").
_BROADCAST_NEAR = re.compile(r"(?i:\b(?:station|stations|TV|television|radio|channel|affiliate|broadcaster|"
                             r"newscast|anchor|news)\b)")
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.-]{1,9})\s*\)")
_CAP_WORDS_BEFORE = re.compile(rf"(?:{CAP}\s+(?:(?:of|for|and|on|the|de|la)\s+)?){{1,6}}\Z")
_CAPS_BEFORE = re.compile(rf"(?<![\w@#/.-])((?:{CAP}\s+){{1,4}})\Z")
_CAP_AFTER = re.compile(r"\s+[A-Z]")
_OF_AFTER = re.compile(r"\s+of\b")
_OF_PLACE = re.compile(r"\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?![\w-])")
_LOWER_AFTER = re.compile(r"\s+[a-z]")
_NAME_AFTER = re.compile(r"\s+(?:The\s+)?[A-Z]")
_POSSESSIVE = re.compile(r"[’']s?$")
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w-])(?:(?i:the|a|an)\s+)?([\w-]+\s+)\Z")
_CAP_WORD_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w&'’-]*\s+\Z")
#: descriptors that are also adjectives of frequency ("the weekly USDA crop report")
_FREQUENCY = frozenset({"weekly", "daily", "monthly"})


@derived("lexicon")
def _report_after(lex: Lexicon) -> re.Pattern:
    """A report noun right after a name, with up to two lower-case words between ("state crop report")."""
    return re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + lex.macros["N_CONTENT"] + "|" + lex.macros["N_MEDIUM"] + r")(?![\w-])")


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The finders' patterns, built from the lexicon (cached per lexicon)."""

    heads: re.Pattern  # a head word, found by its rare last word first
    head_types: dict[str, str]
    desc_name: re.Pattern  # a descriptor, then a capitalised name
    weak: frozenset[str]  # descriptors that need an adjective to introduce a name
    not_news: frozenset[str]
    affiliates: frozenset[str]  # descriptors that name another outlet after a known one ("CNN affiliate VTM")
    academic: frozenset[str]
    unnamed: frozenset[str]  # lower case: with a broadcaster's head word, media in general ("US TV")
    anaphor: re.Pattern
    anaphor_types: dict[str, tuple[str, ...] | None]
    determiners: tuple[str, ...]


@derived("lexicon")
def vocabulary(lex: Lexicon) -> Vocabulary:
    d = lex.descriptors
    heads = alternation(lex.heads)
    intro = alternation(d.with_flag("name"))
    back = alternation(d.with_flag("back"))
    determiners = DETERMINERS
    return Vocabulary(
        heads=re.compile(rf"(?<=\s)(?:{heads})(?![\w-])"),
        head_types={" ".join(h.split()): t for h, t in lex.heads.items()},
        desc_name=re.compile(
            rf"(?<![\w-])(?i:{intro})\s+(?={CAPITAL})"
            rf"((?:The\s+)?{CAP}(?:\s+(?:(?:de|del|la|le|el|di|des|do|da|du|of|and|&|für|am)\s+)?{CAP}){{0,4}})"),
        weak=frozenset(n.lower() for n in d.with_flag("weak")),
        not_news=frozenset(w.lower() for w in lex.lists.get("NOT_NEWS", ())),
        affiliates=frozenset(w.lower() for w in lex.lists.get("AFFILIATE", ())),
        academic=frozenset(lex.lists.get("ACADEMIC", ())),
        unnamed=frozenset(w.lower() for w in lex.lists.get("UNNAMED_MEDIA", ())) | frozenset(nationalities()),
        anaphor=re.compile(rf"(?<![\w-])(?:(?i:{'|'.join(determiners)}))\s+(?:(?i:same)\s+)?((?i:{back}))(?![\w-])"),
        anaphor_types={e.noun.lower(): e.types for e in d.entries if "back" in e.flags},
        determiners=determiners,
    )


def strip_leading(name: str, start: int) -> tuple[str, int]:
    """Drop leading stop words and possessive owners or places ("Iowa's Cedar Rapids Gazette")."""
    words = name.split()
    while words and (words[0] in LEADING_STOP or (_POSSESSIVE.search(words[0]) and len(words) > 2)):
        cut = name.index(words[0]) + len(words[0])
        start += cut
        name = name[cut:]
        start += len(name) - len(name.lstrip())
        name = name.lstrip()
        words = name.split()
    return name, start


def _company(vocab: Vocabulary, text: str, start: int, end: int) -> bool:
    """Whether the words just before a descriptor or name say it is a company or a non-news site
    ("Security firm Network Box", "property website Rightmove", "the car-buying website Parker's")."""
    before = text[max(0, start - 40):start].lower().split()
    return any(w.strip(",.") in vocab.not_news for w in before[-3:])


def unknown_mentions(text: str, lex: Lexicon, gaz: Gazetteer, not_after: re.Pattern, hits: Hits,
                     known_ends: set[int]) -> list[Mention]:
    """Outlets found by rule. ``known_ends``: where gazetteer names end (a descriptor right after
    one is its tail, "the Associated Press news agency", not the start of another name)."""
    vocab = vocabulary(lex)
    out: list[Mention] = []
    for h in hits.finditer(vocab.heads, HEAD):
        caps = _CAPS_BEFORE.search(text, _caps_from(text, h.start()), h.start())
        if not caps:
            continue
        end = h.end()
        name, start = strip_leading(text[caps.start(1):end], caps.start(1))
        words = name.split()
        place = _OF_PLACE.match(text, end) if len(words) == 1 and text[max(0, start - 4):start].lower() == "the " else None
        if place:  # "The Times of Zambia", "the Gazette of Montreal"
            end = place.end()
            name = text[start:end]
            words = name.split()
        if len(words) < 2 or not_after.match(text, end):
            continue
        if _CAP_AFTER.match(text[end:end + 2]):  # part of a longer name: "Post Office"
            continue
        head = " ".join(h.group(0).split())
        if head == "Journal" and (_OF_AFTER.match(text[end:end + 4]) or words[-2] in vocab.academic or place):
            continue  # "Journal of Medicine", "British Medical Journal": academic journals are not outlets
        if vocab.head_types.get(head) == "broadcaster" and " " not in head:  # TV, Television, Radio
            rest = words[:-1]  # ("National Broadcasting Corporation" is a name: its head is two words)
            if all(w.lower() in vocab.unnamed for w in rest):
                continue  # "German TV", "State Radio": media in general, no outlet's name
            if gaz.lookup(" ".join(rest)) is not None:
                continue  # "Fox TV", "Reuters Television": the known outlet's own channel
        name = " ".join(words)
        if gaz.is_not_outlet(name) or gaz.is_not_outlet(" ".join(words[:-1])) or _company(vocab, text, start, end):
            continue  # "The Lancet Journal": the name without its head word is a journal
        out.append(Mention(start, end, unknown_outlet(name, vocab.head_types.get(head, "newspaper")), Form.UNKNOWN))
    for m in hits.finditer(vocab.desc_name, DESC):
        name = m.group(1)
        desc = text[m.start():m.start(1)]
        if desc[:1].isupper() and not sentence_start(text, m.start()):
            continue  # "Security firm Network Box", "Home Shopping Network Inc": part of a company's name
        if _tail_of_known(text, m.start(), known_ends) and " ".join(desc.lower().split()) not in vocab.affiliates:
            continue  # "told the Associated Press news agency Contrack's ...": the descriptor is AP's
        adj = _ADJECTIVE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        has_adjective = bool(adj and adj.group(1).strip().lower() not in ("the", "a", "an"))
        if " ".join(desc.lower().split()) in vocab.weak and not has_adjective:
            continue  # "told the newspaper Trump ..." - the name after a bare noun is usually not the outlet
        if _company(vocab, text, m.start(), m.end()):
            continue
        if desc.split()[-1].lower() in _FREQUENCY and _report_after(lex).match(text, m.end(1)):
            continue  # "the weekly USDA crop report": an adjective, and the name is the report's author
        name_start, name_end = m.start(1), m.end(1)
        if name.startswith("The "):
            name, name_start = name[4:], name_start + 4
        if _POSSESSIVE.search(name):  # "Contrack's withdrawal": a possessive, not a name
            if _LOWER_AFTER.match(text, name_end):
                continue
            trimmed = _POSSESSIVE.sub("", name)
            name_end -= len(name) - len(trimmed)
            name = trimmed
        words = name.split()
        if not words or words[0] in LEADING_STOP or not_after.match(text, name_end):
            continue
        name = " ".join(words)
        if gaz.is_not_outlet(name) or words[-1].lower() in vocab.not_news:
            continue
        country = country_before(text[max(0, m.start() - 60):m.start()]) if has_adjective else ""
        out.append(Mention(name_start, name_end, unknown_outlet(name, lex.descriptors.type_of(desc), country=country),
                           Form.UNKNOWN))
    out.extend(_call_signs(text, hits))
    return out


def _call_signs(text: str, hits: Hits) -> list[Mention]:
    """Broadcast call signs. One without a suffix (-TV) and with no broadcasting word near it
    ("said the WSIS") is weak: only a frame that leaves no doubt ("told WBKO") binds it. A
    call sign the article defines as something else ("... Information Society (WSIS)") is none."""
    out = []
    defined: dict[str, bool] | None = None
    for m in budgeted(hits.unskipped(_signs(text, hits.gaps(), hits.sign_starts), 1)):
        sign = m.group(1)
        if m.start() and _CALLSIGN_BAD_BEFORE.match(text, m.start() - 1):
            continue
        base = _CALLSIGN_SUFFIX.sub("", sign) if not _CHANNEL_ABBREVIATION.match(sign) else sign
        if sign in _CALLSIGN_STOP:
            continue
        if defined is None:
            defined = _defined_elsewhere(text)
        if defined.get(sign):
            continue
        weak = not _CALLSIGN_SUFFIX.search(sign) and not _BROADCAST_NEAR.search(
            text, max(0, m.start() - 120), min(len(text), m.end() + 120))
        out.append(Mention(m.start(1), m.end(1), unknown_outlet(sign, "broadcaster", base.lower()), Form.UNKNOWN,
                           weak=weak))
    return out


#: The longest call sign ("WKOW-TV"); a channel abbreviation ends at most 7 characters after its start too.
_SIGN_MAX = 7


def _signs_in(text: str, gaps: list[tuple[int, int]]):
    """What ``_CALLSIGN.finditer(text)`` yields that starts in one of the stretches ``gaps`` (in
    order), looking only there. Two call signs that overlap end at the same place (a call sign is
    capitals and hyphens, and ends before a character that is neither), so a search begun at most
    _SIGN_MAX characters before a stretch is in step with the search of the whole text from the
    first sign it finds that starts in the stretch."""
    n = len(text)
    for a, b in gaps:
        for m in _CALLSIGN.finditer(text, max(0, a - _SIGN_MAX), min(n, b + _SIGN_MAX + 1)):
            if m.start() >= b:
                break
            if m.start() >= a:
                yield m


def _signs(text: str, gaps: list[tuple[int, int]] | None = None, starts: list[int] | None = None):
    """Call signs, then channel abbreviations ending in TV or FM ("MUTV"), in text order. The
    second are looked for only where "TV" or "FM" occurs (fast: no regex tried at every capital).
    ``gaps``: the stretches of the text where a call sign may start (None: anywhere); the others
    are not looked at (text dense with names far from every cue, see Hits.gaps). ``starts``: every
    offset where a call sign may start ("K" or "W" and two more capitals: the compiled core's), so
    the pattern is tried only there."""
    if gaps is not None:
        signs = _signs_in(text, gaps)
    else:
        signs = _CALLSIGN.finditer(text) if starts is None else matches_at(_CALLSIGN, text, starts)
    if "TV" not in text and "FM" not in text:
        return signs  # most texts: the call-sign pattern alone, lazily
    found = list(signs)
    n = len(found)
    for tag in ("TV", "FM"):
        pos = text.find(tag, 2)
        gap = 0
        while pos >= 0:
            if gaps is not None:  # a channel abbreviation starts 2 to 5 characters before its tag
                while gap < len(gaps) and gaps[gap][1] <= pos - 5:
                    gap += 1
                if gap == len(gaps):
                    break
                if gaps[gap][0] > pos - 2:
                    pos = text.find(tag, max(pos + 2, gaps[gap][0] + 2))
                    continue
            lo = max(0, pos - 5)
            while lo < pos - 2 and not text[lo].isupper():
                lo += 1
            for start in range(lo, pos - 1):
                m = _CHANNEL.match(text, start, pos + 2)
                if m and (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "@#/.-")):
                    found.append(m)
                    break
            pos = text.find(tag, pos + 2)
    if len(found) == n:
        return found
    seen, out = set(), []
    for m in sorted(found, key=lambda m: m.start()):
        if m.start() not in seen:
            seen.add(m.start())
            out.append(m)
    return out


def _defined_elsewhere(text: str) -> dict[str, bool]:
    """Abbreviations the article defines in parentheses after a capitalised name that is not a
    station ("the World Summit on the Information Society (WSIS)"): abbreviation -> True."""
    out: dict[str, bool] = {}
    start = 0
    for _ in range(200):  # bounded: an article defines a handful
        i = text.find("(", start)
        if i < 0:
            break
        start = i + 1
        m = _DEFINED.match(text, i)
        if not m:
            continue
        name = _CAP_WORDS_BEFORE.search(text, max(0, i - 120), i)
        if name and len(name.group(0).split()) >= 2 and not _BROADCAST_NEAR.search(name.group(0)):
            out[m.group(1)] = True
    return out


def _tail_of_known(text: str, pos: int, known_ends: set[int]) -> bool:
    q = pos
    while q > 0 and text[q - 1] in " \t":
        q -= 1
    return q in known_ends


def _caps_from(text: str, pos: int) -> int:
    """Where to start looking for the capitalised words before ``pos``: 120 characters back, but
    not before the fifth run of white space back (the at most four words each end in white space),
    so a long run of capitalised words is not tried word by word."""
    lo = max(0, pos - 120)
    hi = pos
    j = lo
    for _ in range(5):
        j = text.rfind(" ", lo, hi)
        if j < 0:
            return lo
        hi = j
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
    return j + 1


def _anaphor_starts(text: str, nouns: list[int], determiners: tuple[str, ...]) -> list[int]:
    """Where a determiner before a back-reference noun starts (candidates for the anaphor pattern)."""
    out = []
    for pos in nouns:
        q = pos
        while q > 0 and text[q - 1].isspace():
            q -= 1
        if q >= 4 and q < pos and text[q - 4:q].lower() == "same":  # "the same show"
            q -= 4
            while q > 0 and text[q - 1].isspace():
                q -= 1
        if q < pos:
            out.extend(q - len(d) for d in determiners if text[max(0, q - len(d)):q].lower() == d)
    return out


def anaphors(text: str, lex: Lexicon, hits: Hits) -> list[Mention]:
    vocab = vocabulary(lex)
    out = []
    if hits.gaz is None:
        found = budgeted(hits.unskipped(vocab.anaphor.finditer(text), 1, kind=BACK))
    else:
        starts = _anaphor_starts(text, hits.anchors[ANAPHOR], vocab.determiners)
        found = matches_at(vocab.anaphor, text, starts, candidate_budget() if starts else None)
    for m in found:
        head = " ".join(m.group(1).lower().split())
        if _NAME_AFTER.match(text[m.end():m.end() + 6]) and head not in ("newspaper", "paper"):
            continue  # "the network CNN": an appositive, the name is the mention
        out.append(Mention(m.start(1), m.end(1), None, Form.ANAPHOR, True, head=head))
    return out
