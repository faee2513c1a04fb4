"""Find outlet mentions in a text: gazetteer names, short forms, back-references and unknown outlets.

A mention is only a candidate: :mod:`citetrack.extract` keeps those that an attribution rule binds.

- Gazetteer names are found by one compiled pattern built as a trie of every name and alias
  (linear time, longest match first), then checked for case: names of two or more content words
  match in any case, single words only as written, in capitals or in title case, and ambiguous
  names ("Sun", "AP") only exactly as written and with a determiner or descriptor nearby.
- Short forms ("the Journal") and back-references ("the paper") are resolved to the last outlet
  of that short form or type mentioned earlier in the article.
- Unknown outlets: a capitalised name ending in a newspaper head word ("Kyiv Independent",
  "Birmingham News"), a name after a descriptor ("the German daily Süddeutsche Zeitung") or a
  broadcast call sign ("WBKO", "KRIS-TV").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .automaton import ANAPHOR, DESC, HEAD, Automaton, Budget, Folded, first_words, leftmost_longest, matches_at
from .models import Outlet
from .outlets import Gazetteer, Surface, norm_name, unknown_outlet
from .rules import RuleSet

# ---------------------------------------------------------------- the gazetteer matcher

_STOP_CONTENT = {"the", "of", "and", "&", "de", "la", "le", "el", "du", "des", "der", "die", "das", "on", "a"}


def _key(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def _trie_regex(keys: list[str]) -> str:
    trie: dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            if ch == " ":
                atom = r"\s+"
            elif ch == "'":
                atom = "['’]"
            else:
                atom = re.escape(ch)
            alts.append(atom + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


_THE_BEFORE = re.compile(r"(?<![\w-])(?i:the)\s+\Z")


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


class Matcher:
    """Finds gazetteer surfaces (and the anchors of the rule-based finders) in one automaton pass.

    Names are stored without a leading "The" (so "The Daily" cannot hide "Daily Caller"); whether
    the text has "the" before a match is looked up separately. The automaton gives exactly what
    the case-insensitive trie pattern gives; the pattern itself is compiled only for the rare text
    the automaton cannot fold (see :mod:`citetrack.automaton`).
    """

    def __init__(self, gazetteer: Gazetteer):
        self.by_key: dict[str, list[Surface]] = {}
        for s in gazetteer.surfaces:
            self.by_key.setdefault(_strip_the(_key(s.text)), []).append(s)
        self.automaton = Automaton(self.by_key, {
            HEAD: first_words(_HEAD_WORDS), DESC: first_words(_DESC_STRONG), ANAPHOR: first_words(_ANAPHOR_NOUNS)})
        self._pattern: re.Pattern | None = None
        self.spelled: dict[tuple[str, str | None], list[Surface]] = {}

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            keys = sorted(self.by_key)
            body = _trie_regex(keys) if keys else r"(?!x)x"
            # not inside a word, a handle (@cnn), a hashtag or a domain (www.cnn.com); hyphens allowed after
            self._pattern = re.compile(rf"(?<![\w@#.])(?:{body})(?![\w@]|\.\w)", re.IGNORECASE)
        return self._pattern

    def scan(self, text: str) -> "Hits":
        folded = Folded.of(text)
        if folded is None:
            return Hits(self, text, None, {})
        gaz, anchors = self.automaton.hits(folded)
        return Hits(self, text, gaz, anchors)


class Hits:
    """The matches of one automaton pass over a text, or the pattern fallback."""

    def __init__(self, matcher: Matcher, text: str, gaz: dict | None, anchors: dict[int, list[int]]):
        self.matcher, self.text, self.gaz, self.anchors = matcher, text, gaz, anchors

    def names(self):
        """Yield (start, end, surfaces, start of a "the" before the match or None)."""
        text, by_key = self.text, self.matcher.by_key
        if self.gaz is None:
            found = ((m.start(), m.end(), _key(m.group(0))) for m in self.matcher.pattern.finditer(text))
        else:
            found = leftmost_longest(text, self.gaz)
        budget = None
        for start, end, key in found:
            budget = budget or candidate_budget()
            if not budget.take(start):
                continue
            the = _THE_BEFORE.search(text, max(0, start - 12), start)
            yield start, end, by_key.get(key, ()), (the.start() if the else None)

    def finditer(self, pattern: re.Pattern, anchor: int):
        """``pattern.finditer(text)``, trying the pattern only where its anchor word was found."""
        starts = self.anchors.get(anchor)
        return budgeted(pattern.finditer(self.text)) if self.gaz is None else matches_at(
            pattern, self.text, starts, candidate_budget() if starts else None)


# How many candidates of one kind (names, head words, descriptors, call signs, back-references)
# are looked at: 128 at once, then one per 40 characters (see Budget). The corpora's densest
# stretches hold 20 names in 1,000 characters and 49 in 5,000 (allowed: 153 and 253).
CANDIDATE_BURST, CANDIDATE_EVERY = 128, 40


def candidate_budget() -> Budget:
    return Budget(CANDIDATE_BURST, CANDIDATE_EVERY)


def budgeted(matches):
    """The matches (in text order) that a candidate budget grants (made at the first match: most
    texts have no call sign)."""
    budget = None
    for m in matches:
        budget = budget or candidate_budget()
        if budget.take(m.start()):
            yield m


def content_words(name: str) -> int:
    return sum(1 for w in norm_name(name).split() if w not in _STOP_CONTENT)


def case_ok(surface: str, found: str, ambiguous: bool) -> bool:
    """Whether ``found`` (text) is an acceptable spelling of the gazetteer name ``surface``."""
    f = " ".join(found.replace("’", "'").split())
    s = surface.replace("’", "'")
    if f == s:
        return True
    if f[:4].lower() == "the " and s[:4].lower() == "the " and f[4:] == s[4:]:
        return True
    if ambiguous or (s.isupper() and len(s) <= 6) or s.islower():
        return False  # acronyms ("LANA") and lower-case names ("dpa") only as written
    if content_words(s) >= 2:
        return True
    return f == s.upper() or f == s.title()


@lru_cache(maxsize=8)
def matcher_for(gazetteer: Gazetteer) -> Matcher:
    return Matcher(gazetteer)


# ---------------------------------------------------------------- mentions

@dataclass(slots=True)
class Mention:
    start: int
    end: int
    outlet: Outlet | None
    form: str  # "name" | "short" | "anaphor" | "unknown"
    ambiguous: bool = False
    weak: bool = False  # ambiguous with no determiner or descriptor: only "bare" rules may bind it
    head: str = ""  # anaphors: the head noun; short forms: the short form
    programme: bool = False  # the name is one of the outlet's programmes ("Meet the Press")
    candidates: tuple[Surface, ...] = ()


_HEAD_WORDS = (
    "Times|Post|News|Journal|Herald|Tribune|Gazette|Telegraph|Chronicle|Inquirer|Examiner|Courier|"
    "Dispatch|Sentinel|Bulletin|Zeitung|Enquirer|Citizen|Echo|Argus|Advertiser|Ledger|Statesman|"
    "Independent|Free\\s+Press|Post-Gazette|Times-Picayune|Evening\\s+Standard|Shimbun|Ilbo|Nippo|Daily"
)
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'&-]*(?:\.(?=\w)[\w’'&-]+)*"
# Found by their rare last word first, then the capitalised words before it (fast: no scan per capital).
_HEAD = re.compile(rf"(?<=\s)(?:{_HEAD_WORDS})(?![\w-])")
_CAPS_BEFORE = re.compile(rf"(?<![\w@#/.-])((?:{_CAP}\s+){{1,4}})\Z")
_CALLSIGN = re.compile(r"(?<![\w@#/.-])([KW][A-Z]{3}(?:-(?:TV|FM|AM|DT|LP|CD))?|[KW][A-Z]{2}-(?:TV|FM|AM|DT))(?![\w-])")
_CALLSIGN_FAST = re.compile(_CALLSIGN.pattern.replace(r"(?<![\w@#/.-])", "", 1))
_CALLSIGN_BAD_BEFORE = re.compile(r"[\w@#/.-]")
_CALLSIGN_STOP = {"WWII", "KPMG", "WADA", "WIPO", "KFOR", "WNBA", "WASP", "WTTC", "WHOA", "WMDS", "KKK", "WEEK", "WAVE", "WISE"}
_LEADING_STOP = {
    "The", "A", "An", "But", "And", "Or", "In", "On", "At", "As", "By", "For", "From", "To", "With", "Of",
    "Yesterday", "Today", "According", "Meanwhile", "However", "When", "While", "Last", "This", "That",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Told", "Said", "Says", "If", "After", "Before", "Although", "Both", "Earlier", "Later", "Then",
    "He", "She", "It", "They", "We", "I", "His", "Her", "Their", "Its", "Our", "Mr", "Mrs", "Ms", "Dr",
    "Fake", "Breaking", "Good", "Bad", "Big", "Latest", "Top", "More", "Local",
    "Sports", "Business", "Political", "Election", "Sunday's", "Saturday's",
    "Reuters", "AP", "AFP", "CNN", "Bloomberg", "BBC",
}
_DESC_STRONG = (
    r"daily|weekly|tabloid|broadsheet|news\s+agency|news\s+site|news\s+website|news\s+portal|website|"
    r"magazine|newsmagazine|online\s+magazine|online\s+newspaper|newspaper|broadcaster|channel|"
    r"network|radio\s+station|TV\s+station|television\s+station|station|outlet|publication|paper|press\s+agency|blog"
)
_DESC_NAME = re.compile(
    rf"(?<![\w-])(?i:{_DESC_STRONG})\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž])"
    rf"((?:The\s+)?{_CAP}(?:\s+(?:(?:de|del|la|le|el|di|des|do|da|du|of|and|&|für|am)\s+)?{_CAP}){{0,4}})"
)
#: A descriptor noun just before a one-word name puts the name in apposition, not in a longer name.
_DESC_WORD = re.compile(r"(?i:agency|newspaper|paper|daily|weekly|tabloid|broadcaster|network|channel|station|"
                        r"magazine|service|wire|outlet|website|publication)")
_CAP_WORD_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w&'’-]*\s+\Z")
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w-])(?:(?i:the|a|an)\s+)?([\w-]+\s+)\Z")
_WEAK_DESC = re.compile(r"(?i:newspaper|paper|agency|broadcaster|network|channel|station|outlet|publication|blog|website)\s*$")
_ANAPHOR_NOUNS = (
    r"news\s+agency|wire\s+service|TV\s+station|television\s+station|"
    r"radio\s+station|news\s+site|news\s+website|news\s+organi[sz]ation|newspaper|paper|daily|tabloid|"
    r"broadsheet|agency|broadcaster|network|station|magazine|weekly|website|outlet|publication|show|programme|program"
)
_ANAPHOR_DETERMINERS = ("the", "that", "this")
_ANAPHOR = re.compile(rf"(?<![\w-])(?:(?i:{'|'.join(_ANAPHOR_DETERMINERS)}))\s+((?i:{_ANAPHOR_NOUNS}))(?![\w-])")
_PROGRAMME = ("programme",)
PROGRAMME_HEADS = frozenset({"show", "programme", "program"})
_ANAPHOR_TYPES = {
    "newspaper": ("newspaper",), "paper": ("newspaper",), "daily": ("newspaper",), "tabloid": ("newspaper",),
    "broadsheet": ("newspaper",), "weekly": ("newspaper", "magazine"), "magazine": ("magazine",),
    "agency": ("agency",), "news agency": ("agency",), "wire service": ("agency",),
    "broadcaster": ("broadcaster",), "network": ("broadcaster",), "station": ("broadcaster",),
    "tv station": ("broadcaster",), "television station": ("broadcaster",), "radio station": ("broadcaster",),
    "website": ("site",), "news site": ("site",), "news website": ("site",),
    "news organization": None, "news organisation": None, "outlet": None, "publication": ("newspaper", "magazine", "site"),
    # a programme named before ("in an interview with Meet the Press ... he told the show")
    "show": _PROGRAMME, "programme": _PROGRAMME, "program": _PROGRAMME,
}
_ORGANISATION = re.compile(
    r"\b[A-Z][\w-]+(?:\s+(?:of|for|and|on)?\s*[A-Z][\w-]+)*\s+"
    r"(?:Organi[sz]ation|Administration|Department|Ministry|Office|Commission|Authority|Bureau|Council|"
    r"Agency|Service|Institute|Fund|Bank|Programme|Program|Force|Police|Command)\b"
)
_HYPHEN_NAME = re.compile(r"-[A-Z]")
_CAP_WORD_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
_DET_BEFORE = re.compile(r"(?i:\b(?:the|an?)|\bthe\s+\w+)\s+\Z")
_DESCRIPTOR_AFTER = re.compile(r"(?:['’]s)?\s+(?i:magazine|newspaper|news|daily|weekly|tabloid|radio|television|TV|network|website|programme|program|show)\b")
_CAP_AFTER = re.compile(r"\s+[A-Z]")
_OF_AFTER = re.compile(r"\s+of\b")
_NAME_AFTER = re.compile(r"\s+(?:The\s+)?[A-Z]")
_ANAPHOR_RANGE = 3000  # characters back to look for the outlet a back-reference means
_DESC_TYPE = [
    (re.compile(r"(?i)agency|wire"), "agency"),
    (re.compile(r"(?i)magazine|weekly"), "magazine"),
    (re.compile(r"(?i)broadcaster|channel|network|station|radio|tv|television"), "broadcaster"),
    (re.compile(r"(?i)site|blog|portal|outlet"), "site"),
    (re.compile(r"(?i)paper|daily|tabloid|broadsheet|publication"), "newspaper"),
]


def _desc_type(desc: str) -> str:
    for pat, t in _DESC_TYPE:
        if pat.search(desc):
            return t
    return "unknown"


def _strip_leading(name: str, start: int) -> tuple[str, int]:
    words = name.split()
    while words and words[0] in _LEADING_STOP:
        start += name.index(words[0]) + len(words[0])
        name = name[name.index(words[0]) + len(words[0]):]
        start += len(name) - len(name.lstrip())
        name = name.lstrip()
        words = name.split()
    return name, start


def find_mentions(text: str, gazetteer: Gazetteer, ruleset: RuleSet, *, unknown: bool = True) -> list[Mention]:
    """All candidate mentions in text order, overlaps removed (gazetteer names win)."""
    matcher = matcher_for(gazetteer)
    not_after = _not_after(ruleset)
    person_names = ruleset.lexicon.lists.get("PERSON_NAMES", frozenset())
    found: list[Mention] = []
    hits = matcher.scan(text)
    for start, end, surfaces, the_start in hits.names():
        found_here = text[start:end]
        if not_after.match(text, end) or _in_url(text, start):
            continue
        with_the = text[the_start:end] if the_start is not None else None
        ok = _spelled_ok(matcher, surfaces, found_here, with_the)
        found_text = with_the or found_here
        if not ok or _longer_name(text, found_text, start, end):
            continue
        weak = all(s.ambiguous for s in ok) and not _ambiguous_context(text, start, end, found_text, person_names)
        full = [s for s in ok if not s.short]
        if full and not any(s.short for s in ok):
            s = full[-1]
            if s.outlet.name[:4].lower() == "the " and the_start is not None:
                start = the_start  # keep "The" where it is part of the canonical name
            found.append(Mention(start, end, s.outlet, "name", s.ambiguous, weak, candidates=tuple(full),
                                 programme=s.programme))
        elif not weak:
            found.append(Mention(start, end, None, "short", True, head=_key(found_here), candidates=tuple(ok)))
    if unknown:
        found.extend(_unknown_mentions(text, not_after, hits))
    found.extend(_anaphors(text, hits))
    return _resolve(_without_overlaps(found, text), text)


def _spelled_ok(matcher: Matcher, surfaces, found: str, with_the: str | None) -> list[Surface]:
    """The surfaces that the text spells acceptably (memoised: names recur)."""
    key = (found, with_the)
    ok = matcher.spelled.get(key)
    if ok is None:
        ok = []
        for s in surfaces:
            if s.text[:4].lower() == "the ":  # "The Hill": the article is part of the name
                if with_the is not None and case_ok(s.text, with_the, s.ambiguous):
                    ok.append(s)
            elif case_ok(s.text, found, s.ambiguous):
                ok.append(s)
        if len(matcher.spelled) > 50_000:
            matcher.spelled.clear()
        matcher.spelled[key] = ok
    return ok


@lru_cache(maxsize=4)
def _not_after(ruleset: RuleSet) -> re.Pattern:
    return re.compile(r"(?:['’]s)?\s+" + ruleset.lexicon.macros["NOT_OUTLET_AFTER"])


def _in_url(text: str, start: int) -> bool:
    """Whether the word at ``start`` is part of a URL, a path or an e-mail address."""
    lo = max(0, start - 2000)  # bounded, so a line without spaces costs no more per mention
    token_start = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), lo - 1) + 1
    token = text[token_start:start]
    return "://" in token or token.startswith("www.") or "@" in token


_EXTENSION_OK = re.compile(
    r"\s+(?:Radio|TV|Television|News|Sport|Sports|Online|World|Service|Politics|Business|Breaking|Live|"
    r"Photo|Photos|Photograph|Video|Images?|Graphic|Poll|Survey|"
    r"One|Two|Three|Four|Five|America|International|Digital|Magazine|Newsroom|Opinion|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Mr|Mrs|Ms|Dr|I|The|He|She|It|They|That|This|In|On|At|As)\b"
)


_WORD_BEFORE = re.compile(r"([A-Z][\w’'-]*)[ \t]+\Z")


def _longer_name(text: str, found: str, start: int, end: int) -> bool:
    """A one-word name next to another capitalised word is part of a longer one ("Asahi Breweries",
    "Thomson Reuters", "Zorvian Independent")."""
    core = found[4:] if found[:4].lower() == "the " else found
    if " " in core.strip():
        return False
    if _HYPHEN_NAME.match(text[end:end + 2]):
        return True  # "Herald-Mail", "Star-Ledger": a hyphenated name not in the gazetteer
    if not core.isupper() and _CAP_WORD_AFTER.match(text[end:end + 3]) and not _EXTENSION_OK.match(text, end):
        return True  # "Asahi Breweries"; acronyms are often followed by a place or show ("BBC Delhi reporter")
    if found[:4].lower() == "the ":
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(before and before.group(1) not in _LEADING_STOP and not _sentence_start(text, before.start())
                and not _DESC_WORD.fullmatch(before.group(1)))  # "News Agency Interfax": in apposition


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3):pos].rstrip(" \t\"“‘'(")
    return not head or head[-1] in ".!?\n:"


def _ambiguous_context(text: str, start: int, end: int, found: str, person_names: frozenset[str]) -> bool:
    """An ambiguous name needs a determiner before it, a descriptor after it, or to be an acronym."""
    core = found[4:] if found[:4].lower() == "the " else found
    if found[:4] == "the " and core in person_names:
        return False  # "the Australian said": a person unless the cue leaves no doubt
    if found[:4].lower() == "the ":
        return True
    if core.isupper() and 2 <= len(core) <= 5:
        return True
    if " " in core.strip() and not _sentence_start(text, start):
        return True  # "Five News", "Face the Nation" in exact case mid-sentence
    before = text[max(0, start - 20):start]
    after = text[end:end + 30]
    if _DET_BEFORE.search(before):
        return True
    return bool(_DESCRIPTOR_AFTER.match(after))


def _caps_from(text: str, pos: int) -> int:
    """Where to start looking for the capitalised words before ``pos``: 120 characters back, but
    not before the fifth run of white space back (the at most four words each end in white space),
    so a long run of capitalised words is not tried word by word. Runs are found by their spaces:
    a run without one is not counted, which only moves the start back (safe)."""
    lo = max(0, pos - 120)
    hi = pos
    for _ in range(5):
        j = text.rfind(" ", lo, hi)
        if j < 0:
            return lo
        hi = j
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
    return j + 1


def _unknown_mentions(text: str, not_after: re.Pattern, hits: Hits) -> list[Mention]:
    out: list[Mention] = []
    for h in hits.finditer(_HEAD, HEAD):
        caps = _CAPS_BEFORE.search(text, _caps_from(text, h.start()), h.start())
        if not caps:
            continue
        end = h.end()
        name, start = _strip_leading(text[caps.start(1):end], caps.start(1))
        if len(name.split()) < 2 or not_after.match(text, end):
            continue
        if _CAP_AFTER.match(text[end:end + 2]):  # part of a longer name: "Post Office"
            continue
        if _OF_AFTER.match(text[end:end + 4]) and name.endswith("Journal"):
            continue  # "Journal of Medicine": academic journals are not outlets
        out.append(Mention(start, end, unknown_outlet(" ".join(name.split()), "newspaper"), "unknown"))
    for m in hits.finditer(_DESC_NAME, DESC):
        name = m.group(1)
        desc = text[m.start():m.start(1)]
        if desc[:1].isupper() and _CAP_WORD_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Home Shopping Network Inc": a capitalised descriptor inside a company's name
        adj = _ADJECTIVE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        has_adjective = bool(adj and adj.group(1).strip().lower() not in ("the", "a", "an"))
        if _WEAK_DESC.match(desc.strip()) and not has_adjective:
            continue  # "told the newspaper Trump ..." - the name after a bare noun is usually not the outlet
        name_start = m.start(1)
        if name.startswith("The "):
            name, name_start = name[4:], name_start + 4
        if name.split()[0] in _LEADING_STOP or not_after.match(text, m.end(1)):
            continue
        out.append(Mention(name_start, m.end(1), unknown_outlet(" ".join(name.split()), _desc_type(desc)), "unknown"))
    for m in budgeted(_CALLSIGN_FAST.finditer(text)):  # _CALLSIGN without its look-behind, checked here (faster)
        if m.start() and _CALLSIGN_BAD_BEFORE.match(text, m.start() - 1):
            continue
        if m.group(1) in _CALLSIGN_STOP:
            continue
        out.append(Mention(m.start(1), m.end(1), unknown_outlet(m.group(1), "broadcaster"), "unknown"))
    return out


def _anaphor_starts(text: str, nouns: list[int]) -> list[int]:
    """Where a determiner before a back-reference noun starts (candidates for ``_ANAPHOR``)."""
    out = []
    for pos in nouns:
        q = pos
        while q > 0 and text[q - 1].isspace():
            q -= 1
        if q < pos:
            out.extend(q - len(d) for d in _ANAPHOR_DETERMINERS if text[max(0, q - len(d)):q].lower() == d)
    return out


def _anaphors(text: str, hits: Hits) -> list[Mention]:
    out = []
    if hits.gaz is None:
        found = budgeted(_ANAPHOR.finditer(text))
    else:
        starts = _anaphor_starts(text, hits.anchors[ANAPHOR])
        found = matches_at(_ANAPHOR, text, starts, candidate_budget() if starts else None)
    for m in found:
        head = " ".join(m.group(1).lower().split())
        if _NAME_AFTER.match(text[m.end():m.end() + 6]) and head not in ("newspaper", "paper"):
            continue  # "the network CNN": an appositive, the name is the mention
        out.append(Mention(m.start(1), m.end(1), None, "anaphor", True, head=head))
    return out


_FORM_RANK = {"name": 0, "short": 1, "unknown": 2, "anaphor": 3}


def _without_overlaps(mentions: list[Mention], text: str) -> list[Mention]:
    # an ambiguous gazetteer name inside a longer capitalised name ("Zorvian Independent") yields to it
    def rank(m: Mention) -> int:
        one_word = m.form in ("name", "short") and (m.ambiguous or " " not in text[m.start:m.end].strip())
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


def _resolve(mentions: list[Mention], text: str) -> list[Mention]:
    """Give short forms and back-references the outlet they refer to; drop those with none."""
    last_short: dict[str, Outlet] = {}
    history: list[Mention] = []
    country: str | None | bool = False  # False: not computed yet (most articles never need it)
    out = []
    for m in mentions:
        if m.form == "short":
            target = last_short.get(m.head)
            local = None
            if target is None and _THE_BEFORE.search(text, max(0, m.start - 12), m.start):
                if country is False:
                    country = _home_country(mentions)  # counts only unambiguous names: shorts never change it
                if country:
                    local = next((s.outlet for s in m.candidates if s.outlet.country == country), None)
            if target is not None:
                m.outlet = target
            elif local is not None:
                # "The Times" in an article naming US outlets: the New York Times
                m.outlet, m.form = local, "name"
            else:
                full = [s for s in m.candidates if not s.short]
                if not full:
                    continue
                m.outlet, m.form = full[-1].outlet, "name"
        elif m.form == "anaphor":
            target = _antecedent(m, history, text)
            if target is None:
                continue
            m.outlet = target
        if m.form in ("name", "unknown"):
            history.append(m)
            for s in m.outlet.short:
                last_short[_strip_the(_key(s))] = m.outlet
        out.append(m)
    return out


def _home_country(mentions: list[Mention]) -> str | None:
    """The country most of the article's fully named outlets come from, if one clearly leads.

    A short form with no full mention before it ("as The Times reported", "The Post's Abby Phillip
    wrote") most likely means the paper of that name in the article's own media landscape.
    """
    votes = Counter(m.outlet.country for m in mentions
                    if m.form == "name" and not m.ambiguous and m.outlet.country)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _antecedent(m: Mention, history: list[Mention], text: str) -> Outlet | None:
    types = _ANAPHOR_TYPES.get(m.head, None)
    head_word = m.head.split()[-1]
    for prev in reversed(history):
        if m.start - prev.end > _ANAPHOR_RANGE:
            return None
        if types is _PROGRAMME:
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
        if types == ("agency",) and _ORGANISATION.search(between):
            return None
        return prev.outlet
    return None
