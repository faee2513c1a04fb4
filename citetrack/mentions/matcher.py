"""The gazetteer matcher: every outlet name and finder anchor of an article in one automaton pass.

Names are found by one Aho-Corasick automaton over the folded text (see
:mod:`citetrack.automaton`), which gives exactly what one case-insensitive trie pattern of every
name and alias would (that pattern is compiled only for the rare text the automaton cannot fold).
Case is checked afterwards (:func:`case_ok`): names of two or more content words match in any
case, single words as written, in capitals or in title case, and ambiguous names ("Sun", "AP")
only exactly as written.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..automaton import (ANAPHOR, DESC, HEAD, Automaton, Budget, Folded, first_words, leftmost_longest, matches_at,
                         note_refused)
from ..lexicon import Lexicon
from ..memo import derived, memo
from ..outlets import Gazetteer, Surface, norm_name
from ..reach import BACK as _BACK, DESC as _DESC, HEAD as _HEAD, NAME as _NAME
from .model import Form, Mention

if TYPE_CHECKING:
    from ..reach import Reach, RulesNear

#: The first character of a name the finders discover ("Zorvian Daily Gazette"), and the words
#: before a back-reference noun ("the paper"): here, so that the compiled core is told them too.
CAPITAL = "[A-ZÀ-ÖØ-ÞĀ-Ž]"
DETERMINERS = ("the", "that", "this")

_STOP_CONTENT = {"the", "of", "and", "&", "de", "la", "le", "el", "du", "des", "der", "die", "das", "on", "a"}



def key(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def trie_regex(keys: list[str]) -> str:
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


def strip_the(k: str) -> str:
    return k[4:] if k.startswith("the ") and len(k) > 4 else k


def alternation(words) -> str:
    """A regex alternation of descriptor phrases (longest first; a space matches any white space)."""
    def esc(w: str) -> str:
        return re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "-").replace(r"\&", "&")

    return "|".join(esc(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class Matcher:
    """Finds gazetteer surfaces (and the anchors of the rule-based finders) in one automaton pass.

    Names are stored without a leading "The" (so "The Daily" cannot hide "Daily Caller"); whether
    the text has "the" before a match is looked up separately.
    """

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon):
        self.by_key: dict[str, list[Surface]] = {}
        for s in gazetteer.surfaces:
            self.by_key.setdefault(strip_the(key(s.text)), []).append(s)
        d = lexicon.descriptors
        self.intro = alternation(d.with_flag("name"))  # descriptors that may introduce a name
        self.back = alternation(d.with_flag("back"))  # heads of back-references
        self.heads = alternation(lexicon.heads)  # newspaper head words ("Times", "Gazette")
        self.particles = lexicon.lists.get("PARTICLES", frozenset())  # "al-Qabas": lower case, still the name
        self.automaton = Automaton(self.by_key, {
            HEAD: first_words(self.heads), DESC: first_words(self.intro), ANAPHOR: first_words(self.back)})
        self._pattern: re.Pattern | None = None
        self.spelled: dict[tuple[str, str | None], tuple[list[Surface], bool]] = {}
        self._name_intros = d.with_flag("name")
        self._places = lexicon.lists.get("PLACES", frozenset())
        checks = name_checks(lexicon)
        self._before = (sorted(LEADING_STOP), sorted(checks.titles), sorted(checks.apposition))
        self._heads = tuple(lexicon.heads)
        self.automaton.use_core(self._spellings, self._finder_needs, self._name_needs)

    def _finder_needs(self) -> tuple:
        """What the compiled core needs to tell an anchor word its finder can do nothing with:
        the class a discovered name starts with (a regex), whether every head word starts with it,
        the longest descriptor that introduces a name (single spaces), the determiners; and to
        tell a one-word name that _longer_name refuses: the extension words and the first words
        of the places that may follow a name (its edition); the words before a name that do not
        make it part of a longer one (LEADING_STOP), titles, descriptor nouns in apposition."""
        return (CAPITAL, all(re.match(CAPITAL, h) for h in self._heads),
                max((len(" ".join(w.split())) for w in self._name_intros), default=0), DETERMINERS,
                EXTENSION_WORDS, sorted({p.split()[0] for p in self._places}), *self._before)

    def _name_needs(self) -> tuple:
        """What the compiled core needs to find the names ``Hits.names`` yields: the particles, and
        for a key its surfaces as ``Hits._not_a_common_word`` compares them."""
        def cores(key: str) -> list[tuple[bool, str]]:
            out = []
            for s in self.by_key.get(key, ()):
                c = s.text[4:] if s.text[:4] == "The " else s.text
                out.append((c[:1].isupper(), c[1:]))
            return out
        return self.particles, cores

    def _spellings(self, key: str) -> frozenset[str] | None:
        return spellings(self.by_key.get(key, ()))

    def __setstate__(self, state: dict) -> None:  # from the start cache: the automaton drops what refers back here
        self.__dict__.update(state)
        self.automaton.use_core(self._spellings, self._finder_needs, self._name_needs, restored=True)

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            keys = sorted(self.by_key)
            body = trie_regex(keys) if keys else r"(?!x)x"
            # not inside a word, a handle (@cnn), a hashtag or a domain (www.cnn.com); hyphens allowed after
            self._pattern = re.compile(rf"(?<![\w@#.])(?:{body})(?![\w@]|\.\w)", re.IGNORECASE)
        return self._pattern

    def scan(self, text: str, reach: "Reach | None" = None, keep: list[tuple[int, int]] = ()) -> "Hits":
        """Every name and anchor word of a text. With ``reach`` (the cues of a rule set), those in
        stretches of text dense with names and far from every cue are skipped (see
        :class:`citetrack.reach.Reach`), except in the stretches of ``keep`` (text offsets)."""
        fast = self.automaton.fast_names(text, CANDIDATE_BURST, CANDIDATE_EVERY)  # the compiled core, where it answers (exactly)
        if fast is not None:
            named, anchors, nothing, refused, signs = fast
            hits = Hits(self, text, _CORE_NAMED, anchors)
            hits.named, hits.nothing, hits.sign_starts = named, nothing, signs
            if refused:
                note_refused(refused)
            return hits
        folded = Folded.of(text)
        if reach is None:
            if folded is None:
                return Hits(self, text, None, {})
            gaz, anchors = self.automaton.hits(folded)
            return Hits(self, text, gaz, anchors)
        # the density and the cues are read off the folded text even where the names cannot be
        # (special characters): both paths then skip the same stretches
        base = folded if folded is not None else Folded.loose(text)
        padded, found = self.automaton.scan(base)
        skip, near = reach.dropped(base, padded, found, self.automaton.longest)
        if keep and any(skip):
            kept = [(base.position(a), base.position(b - 1) + 1) for a, b in keep if a < b]
            skip = [_minus(side, kept) for side in skip]
        skipped = tuple([(base.offset(a), base.offset(b - 1) + 1) for a, b in side] for side in skip)
        if folded is None:
            hits = Hits(self, text, None, {}, skipped)
        else:
            gaz, anchors = self.automaton.hits(folded, found, tuple(skip))
            hits = Hits(self, text, gaz, anchors, skipped)
        if near is not None:
            hits.rules_near, hits.base = near, base
        return hits

    def spelled_ok(self, surfaces, found: str, with_the: str | None) -> tuple[list[Surface], bool]:
        """The surfaces the text spells acceptably, and whether only in another case (memoised).

        A name spelled in another case than :func:`case_ok` accepts ("told reuters") is still a
        candidate, but weak: only a frame that leaves no doubt binds it.
        """
        k = (found, with_the)
        hit = self.spelled.get(k)
        if hit is None:
            ok, loose = [], []
            for s in surfaces:
                spelled = with_the if s.text[:4].lower() == "the " else found
                if spelled is None:
                    continue  # "The Hill": the article is part of the name
                if case_ok(s.text, spelled, s.ambiguous):
                    ok.append(s)
                elif not s.ambiguous and not s.short and _no_word(s.text):
                    loose.append(s)
            hit = (ok, False) if ok else (loose, bool(loose))
            if len(self.spelled) > 50_000:
                self.spelled.clear()
            self.spelled[k] = hit
        return hit


def _minus(spans: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What of the stretches ``spans`` (in order) lies outside those of ``cut``."""
    cut = sorted(cut)
    out = []
    for a, b in spans:
        for c, d in cut:
            if d <= a or c >= b:
                continue
            if c > a:
                out.append((a, c))
            a = max(a, d)
            if a >= b:
                break
        if a < b:
            out.append((a, b))
    return out


_NO_STARTS: tuple[list[int], ...] = ([], [], [], [])  # (only read)
_CORE_NAMED: dict = {}  # Hits.gaz when the compiled core gave the names themselves (only read)
_KIND_OF_ANCHOR = {HEAD: _HEAD, DESC: _DESC, ANAPHOR: _BACK}  # the kind of hit (reach.KINDS) of each anchor


class Hits:
    """The matches of one automaton pass over a text, or the pattern fallback. ``skipped``:
    stretches of the text (in order) where names, head words, descriptors and back-references
    are not looked at, one list for each (see :meth:`Matcher.scan`)."""

    def __init__(self, matcher: Matcher, text: str, gaz: dict | None, anchors: dict[int, list[int]],
                 skipped: tuple[list[tuple[int, int]], ...] = ([], [], [], [])):
        self.matcher, self.text, self.gaz, self.anchors = matcher, text, gaz, anchors
        self.skipped = skipped
        self._starts = tuple([a for a, _ in side] for side in skipped) if any(skipped) else _NO_STARTS
        self.rules_near: "RulesNear | None" = None  # which rules could bind a mention in dense text
        self.base: Folded | None = None  # the folded text its offsets refer to
        #: the text can have no mention at all (the compiled core says so: see Automaton.fast_hits)
        self.nothing = False
        #: what :meth:`names` yields, from the compiled core (see Automaton.fast_names), with keys
        #: for surfaces; None: found here
        self.named: list[tuple[int, int, str, int | None]] | None = None
        #: every offset where a call sign may start, from the compiled core; None: not known
        self.sign_starts: list[int] | None = None

    def rules_for(self, m: Mention) -> int | None:
        """The rules (bits in the rule set's order) that could bind a mention, as far as the dense
        stretches tell (None: any). A name's hit starts at it or after a "the"; an unknown name's
        may be its head word, the descriptor before it, or a call sign."""
        if self.rules_near is None or m.form is Form.DEFINED:  # found from the name that defines it
            return None
        near, a = self.rules_near, self.base.position(m.start)
        if m.form is Form.ANAPHOR:
            return near.mask(_BACK, a, a)
        if m.form is not Form.UNKNOWN:
            return near.mask(_NAME, a, a + 4)
        masks = [near.mask(_NAME, a, a), near.mask(_HEAD, a, self.base.position(m.end)),
                 near.mask(_DESC, max(0, a - 48), a)]  # a descriptor's words before the name
        return None if None in masks else masks[0] | masks[1] | masks[2]

    def skips(self, pos: int, kind: int = _NAME) -> bool:
        """Whether a hit of a kind (a name unless told) starting at ``pos`` is in a skipped stretch."""
        spans = self.skipped[kind]
        if not spans:
            return False
        i = bisect_right(self._starts[kind], pos) - 1
        return i >= 0 and pos < spans[i][1]

    def gaps(self, kind: int = _NAME) -> list[tuple[int, int]] | None:
        """The stretches of the text (in order) where hits of a kind (names unless told) are looked
        at: all but the skipped ones; None when none is skipped."""
        spans = self.skipped[kind]
        if not spans:
            return None
        out, at = [], 0
        for a, b in spans:
            if a > at:
                out.append((at, a))
            at = max(at, b)
        if at < len(self.text):
            out.append((at, len(self.text)))
        return out

    def unskipped(self, matches, group: int = 0, kind: int = _NAME):
        """The matches (of the pattern fallback, or found elsewhere) outside skipped stretches."""
        if not self.skipped[kind]:
            return matches
        return (m for m in matches if not self.skips(m.start(group), kind))

    def names(self):
        """Yield (start, end, surfaces, start of a "the" before the match or None)."""
        text, by_key = self.text, self.matcher.by_key
        if self.named is not None:
            for start, end, k, the_start in self.named:
                yield start, end, by_key.get(k, ()), the_start
            return
        if self.gaz is None:
            found = ((m.start(), m.end(), key(m.group(0))) for m in self.unskipped(self.matcher.pattern.finditer(text)))
        else:
            found = leftmost_longest(text, self.gaz, self._not_a_common_word)
        budget = None
        for start, end, k in found:
            budget = budget or candidate_budget()
            if not budget.take(start):
                continue
            seg = text[max(0, start - 12):start]
            the = THE_BEFORE.search(text, max(0, start - 12), start) if ("he" in seg or "HE" in seg) else None
            yield start, end, by_key.get(k, ()), (the.start() if the else None)

    def _not_a_common_word(self, start: int, end: int, k: str) -> bool:
        """Refuse a name whose first word only differs in case from every spelling, the rest as
        written: "the Japanese daily Yomiuri Shimbun" is not "Daily Yomiuri" (a lower-case word
        before a name), while "the wall street journal" in lower case is the Journal."""
        text = self.text
        found = text[start:end]
        first = found.split(None, 1)[0]
        if first == found or not first.isalpha() or first in self.matcher.particles:
            return True  # "al-Qabas", "al Jazeera": a particle, written in lower case
        cores = [s.text[4:] if s.text[:4] == "The " else s.text for s in self.matcher.by_key.get(k, ())]
        return not all(c[:1].isupper() and c[1:] == found[1:] for c in cores)

    def finditer(self, pattern: re.Pattern, anchor: int):
        """``pattern.finditer(text)``, trying the pattern only where its anchor word was found."""
        starts = self.anchors.get(anchor)
        return budgeted(self.unskipped(pattern.finditer(self.text), kind=_KIND_OF_ANCHOR[anchor])) if self.gaz is None else matches_at(
            pattern, self.text, starts, candidate_budget() if starts else None)


THE_BEFORE = re.compile(r"(?<![\w-])(?i:the)\s+\Z")

# How many candidates of one kind (names, head words, descriptors, call signs, back-references)
# are looked at: 128 at once, then one per 40 characters (see Budget). The corpora's densest
# stretches hold 20 names in 1,000 characters and 49 in 5,000 (allowed: 153 and 253).
CANDIDATE_BURST, CANDIDATE_EVERY = 128, 40


def candidate_budget() -> Budget:
    return Budget(CANDIDATE_BURST, CANDIDATE_EVERY)  # module globals, read at call time (tests lower them)


def budgeted(matches):
    """The matches (in text order) that a candidate budget grants (made at the first match: most
    texts have no call sign)."""
    budget = None
    for m in matches:
        budget = budget or candidate_budget()
        if budget.take(m.start()):
            yield m


def _no_word(name: str) -> bool:
    """A name that is no English word in any case: an acronym of three or more letters ("CNN" ->
    "cnn") or a word with capitals inside ("BuzzFeed", "HuffPost"). Only these are taken in
    another case ("told cnn"); "Time" or "People" in lower case are words."""
    core = name[4:] if name[:4].lower() == "the " else name
    if " " in core or not core.isalpha():
        return False
    return (core.isupper() and len(core) >= 3) or any(c.isupper() for c in core[1:])


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


def spellings(surfaces) -> frozenset[str] | None:
    """Every spelling of a name in a text (white space single, apostrophes straight; for a name
    with "The", what follows the article's "the") in which :meth:`Matcher.spelled_ok` can accept
    one of these surfaces, as :func:`case_ok` decides; None when that is not a fixed set: a name
    of two content words (any case), one taken in another case ("told cnn"). A name hit in none
    of them is no mention (the compiled core skips such texts: see Automaton.fast_hits)."""
    out: set[str] = set()
    for s in surfaces:
        t = s.text.replace("’", "'")
        if not s.ambiguous and not s.short and _no_word(s.text):
            return None  # also taken in another case
        exact = s.ambiguous or (t.isupper() and len(t) <= 6) or t.islower()
        if not exact and content_words(t) >= 2:
            return None
        forms = {t} if exact else {t, t.upper(), t.title()}
        if t[:4].lower() == "the ":  # compared with the article's "the" and the name after it
            out.add(t[4:])  # "the Week" for "The Week", whatever the case of "the"
            out.update(f[4:] for f in forms)
        else:
            out.update(forms)
    return frozenset(out)


@memo(maxsize=8)
def matcher_for(gazetteer: Gazetteer, lexicon: Lexicon) -> Matcher:
    return Matcher(gazetteer, lexicon)


# ---------------------------------------------------------------- gazetteer names as mentions

#: Words after a one-word name that extend it rather than start a longer name ("BBC Radio",
#: "Reuters Poll", "CNN Monday"): see _longer_name (the compiled core reads this list too).
EXTENSION_WORDS = (
    "Radio", "TV", "Television", "News", "Sport", "Sports", "Online", "World", "Service", "Politics", "Business",
    "Breaking", "Live", "Photo", "Photos", "Photograph", "Video", "Image", "Images", "Graphic", "Poll", "Survey",
    "One", "Two", "Three", "Four", "Five", "America", "International", "Digital", "Magazine", "Newsroom", "Opinion",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "Mr", "Mrs", "Ms",
    "Dr", "I", "The", "He", "She", "It", "They", "That", "This", "In", "On", "At", "As")
_EXTENSION_OK = re.compile(r"\s+(?:" + "|".join(EXTENSION_WORDS) + r")\b")
_WORD_BEFORE = re.compile(r"([A-Z][\w’'-]*)[ \t]+\Z")
_TITLE_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]*\.?)[ \t]+\Z")
_HYPHEN_NAME = re.compile(r"-[A-Z]")
_CAP_WORD_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]*)[ \t]+\Z")
# "at Bloomberg": an organisation; "in his Spectator interview": a possessive determiner; "a recent
# Bloomberg poll": an article and an adjective
_DET_BEFORE = re.compile(r"(?:(?i:\b(?:the|an?|his|her|their)|\b(?:the|an?)\s+[a-z]\w*)|\bat)\s+\Z")
LEADING_STOP = frozenset({
    "The", "A", "An", "But", "And", "Or", "In", "On", "At", "As", "By", "For", "From", "To", "With", "Of",
    "Yesterday", "Today", "According", "Meanwhile", "However", "When", "While", "Last", "This", "That",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Told", "Said", "Says", "If", "After", "Before", "Although", "Both", "Earlier", "Later", "Then",
    "He", "She", "It", "They", "We", "I", "His", "Her", "Their", "Its", "Our", "Mr", "Mrs", "Ms", "Dr",
    "Fake", "Breaking", "Good", "Bad", "Big", "Latest", "Top", "More", "Local",
    "Sports", "Business", "Political", "Election", "Sunday's", "Saturday's",
    "Reuters", "AP", "AFP", "CNN", "Bloomberg", "BBC",
})


@dataclass(frozen=True, eq=False)
class NameChecks:
    """What the lexicon says about names next to a gazetteer match (cached per lexicon)."""

    not_after: re.Pattern  # "New York Times Co", "Post Office"
    not_phrase: re.Pattern  # "CCTV footage": a phrase that starts with a name and is no outlet
    person_names: frozenset[str]  # "the Australian said" is a person
    titles: frozenset[str]  # "Mr Fox said" is a person
    descriptor_after: re.Pattern  # "AP news agency": a descriptor gives an ambiguous name context
    described_after: re.Pattern  # "the Independent, a British newspaper,": so does one in apposition
    apposition: frozenset[str]  # "News Agency Interfax": a descriptor noun before a one-word name
    edition_after: re.Pattern  # "Breitbart California": a place after a name is its edition, not a longer name


@derived("lexicon")
def name_checks(lexicon: Lexicon) -> NameChecks:
    d = lexicon.descriptors
    return NameChecks(
        not_after=re.compile(r"(?:['’]s)?\s+" + lexicon.macros["NOT_OUTLET_AFTER"]),
        not_phrase=re.compile(rf"(?:{alternation(lexicon.lists.get('NOT_OUTLET_PHRASES', ()))})\b"
                              if lexicon.lists.get("NOT_OUTLET_PHRASES") else r"(?!x)x"),
        person_names=lexicon.lists.get("PERSON_NAMES", frozenset()),
        titles=frozenset(t.rstrip(".") for t in lexicon.lists.get("TITLES", frozenset())),
        descriptor_after=re.compile(rf"(?:['’]s)?\s+(?i:{alternation(d.with_flag('tail'))})\b"),
        described_after=re.compile(
            rf",\s+(?i:an?|the|one)\s+(?:[\w-]+\s+){{0,3}}?(?i:{alternation(e.noun for e in d.entries)})\b"),
        apposition=frozenset(e.noun.lower() for e in d.entries if " " not in e.noun),
        edition_after=re.compile(r"[ \t]+(?:" + lexicon.macros.get("PLACES", r"(?!x)x") + r")"),
    )


def gazetteer_mentions(text: str, matcher: Matcher, hits: Hits, checks: NameChecks) -> list:
    """The gazetteer names of a text that can be mentions (checked for case, context, URLs)."""
    found = []
    for start, end, surfaces, the_start in hits.names():
        found_here = text[start:end]
        with_the = text[the_start:end] if the_start is not None else None
        ok, loose = matcher.spelled_ok(surfaces, found_here, with_the)  # memoised: most hits fail here ("times")
        if not ok:
            continue
        if (end < len(text) and (text[end].isspace() or text[end] in "'’") and (
                checks.not_after.match(text, end) or checks.not_phrase.match(text, start))) or _in_url(text, start):
            continue
        found_text = with_the or found_here
        if _longer_name(text, found_text, start, end, checks) or _after_title(text, start, checks):
            continue
        weak = loose or (all(s.ambiguous for s in ok) and not _ambiguous_context(text, start, end, found_text, checks))
        if the_start is not None and text[the_start] == "t" and not checks.described_after.match(
                text, end, min(len(text), end + 60)) and all(
                s.ambiguous and (s.outlet.name.startswith("The ") or s.text.startswith("The ")) for s in ok):
            weak = True  # "both sides of the Atlantic", "on the Hill": The Atlantic and The Hill take a capital "The"
        full = [s for s in ok if not s.short]
        if full and not any(s.short for s in ok):
            s = next((x for x in reversed(full) if not x.credit_only), full[-1])
            if s.outlet.name[:4].lower() == "the " and the_start is not None:
                start = the_start  # keep "The" where it is part of the canonical name
            found.append(Mention(start, end, s.outlet, Form.NAME, s.ambiguous, weak, candidates=tuple(full),
                                 programme=s.programme, credit_only=s.credit_only))
        elif not loose:  # a weak short form stays only if an earlier full mention anchors it (resolution)
            found.append(Mention(start, end, None, Form.SHORT, True, weak, head=key(found_here), candidates=tuple(ok)))
    return found


def _in_url(text: str, start: int) -> bool:
    """Whether the word at ``start`` is part of a URL, a path or an e-mail address."""
    lo = max(0, start - 2000)  # bounded, so a line without spaces costs no more per mention
    space = text.rfind(" ", lo, start)
    token_start = max(space, text.rfind("\n", max(lo, space + 1), start), lo - 1) + 1  # the newline search stops at the space
    token = text[token_start:start]
    return "://" in token or token.startswith("www.") or "@" in token


def _after_title(text: str, start: int, checks: NameChecks) -> bool:
    """A name right after a title is a person ("Mr Fox said", "Sen. Post")."""
    if start < 3 or text[start - 1] not in " \t" or not (text[start - 2].isalpha() or text[start - 2] == "."):
        return False
    m = _TITLE_BEFORE.search(text, max(0, start - 12), start)
    return bool(m and m.group(1).rstrip(".") in checks.titles)


def _longer_name(text: str, found: str, start: int, end: int, checks: NameChecks) -> bool:
    """A one-word name next to another capitalised word is part of a longer one ("Asahi Breweries",
    "Thomson Reuters", "Zorvian Independent")."""
    core = found[4:] if found[:4].lower() == "the " else found
    if len(core.split()) > 1:
        return False
    if _HYPHEN_NAME.match(text[end:end + 2]) and not core.isupper():
        return True  # "Herald-Mail", "Star-Ledger": a hyphenated name not in the gazetteer ("NBC-Wall Street
        # Journal poll" is two outlets)
    if not core.isupper() and _CAP_WORD_AFTER.match(text[end:end + 3]) and not _EXTENSION_OK.match(text, end) \
            and not checks.edition_after.match(text, end):
        return True  # "Asahi Breweries"; acronyms are often followed by a place or show ("BBC Delhi reporter")
    if found[:4].lower() == "the ":
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(before and before.group(1) not in LEADING_STOP and before.group(1) not in checks.titles
                and not sentence_start(text, before.start())
                and not before.group(1).endswith(("'s", "’s"))  # "told Japan's NHK": an owner or place
                and before.group(1).lower() not in checks.apposition)  # "News Agency Interfax": in apposition


def sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3):pos].rstrip(" \t\"“‘'(")
    return not head or head[-1] in ".!?\n:"


def _ambiguous_context(text: str, start: int, end: int, found: str, checks: NameChecks) -> bool:
    """An ambiguous name needs a determiner before it, a descriptor after it, or to be an acronym."""
    core = found[4:] if found[:4].lower() == "the " else found
    if found[:4] == "the " and core in checks.person_names:
        # "the Australian said": a person unless described ("the Independent, a British newspaper,")
        # or the cue leaves no doubt
        return bool(checks.described_after.match(text, end, min(len(text), end + 60)))
    if found[:4].lower() == "the ":
        return True
    if core.isupper() and 2 <= len(core) <= 5:
        return True
    words = core.split()
    if len(words) > 1 and (not sentence_start(text, start) or all(w[0].isupper() for w in words if len(w) > 3)):
        return True  # "Five News", "Face the Nation" in exact case mid-sentence; "Automotive News said" anywhere
    before = text[max(0, start - 20):start]
    if _DET_BEFORE.search(before):
        return True
    noun = _LOWER_WORD_BEFORE.search(before)
    if noun and noun.group(1) in checks.apposition:
        return True  # "US TV network Fox", "TV channel Five": a descriptor before the name
    return bool(checks.descriptor_after.match(text, end, min(len(text), end + 40))
                or checks.described_after.match(text, end, min(len(text), end + 60)))
