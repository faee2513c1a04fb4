"""The cue lexicon (``data/cues.toml``): lemmas with their frames, expanded into regex macros.

The lexicon lists each verb, noun, role and descriptor once; this module generates everything the
rules and the mention finders use from it:

- verbs, by frame (see the header of ``cues.toml``): ``{V_<FRAME>}`` every form ("tell", "tells",
  "told", "telling"), ``{V_<FRAME>_BASE}`` the base forms ("tell"), ``{V_<FRAME>_ACTIVE}`` the groups with the subject as speaker ("reported",
  "has reported", "was reporting"), ``{V_<FRAME>_FINITE}`` the simple tenses ("said", "writes"),
  ``{V_<FRAME>_PART}`` the participles ("asked", "first reported" is GAP + participle) and
  ``{V_<FRAME>_PASSIVE}`` the passive groups ("was told", "had been told");
- nouns, by frame: ``{N_<FRAME>}`` singular and plural;
- roles: ``{ROLE}`` (journalists) and ``{SPOKES}`` (spokespeople), singular and plural;
- descriptors: ``{DESCRIPTOR}`` (all), ``{DESC_TAIL}`` (those that may follow a name), and the
  :class:`Descriptors` table the mention finders derive their noun lists from;
- the other word lists as ``{NAME}`` alternations, and the regex fragments of ``[patterns]``.

Word alternations are compiled as tries, so a class of a thousand forms costs about what one
word does. A user file (``--rules FILE``) may extend any table: its entries are added to (or
replace) the packaged ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .errors import RuleError
from .memo import derived
from .morphology import VerbForms, noun_forms, verb_forms

VERB_FRAMES = ("subject", "invert", "tell", "to", "with", "on", "in", "by", "ask", "publish", "find", "refuse", "respond", "make")
NOUN_FRAMES = ("content", "medium", "interview", "statement", "question", "poll", "request")
ROLE_KINDS = ("journalist", "spokes")
OUTLET_KINDS = ("newspaper", "magazine", "agency", "broadcaster", "site", "programme", "any")
DESCRIPTOR_FLAGS = ("name", "weak", "back", "tail")
_TABLES = ("verbs", "irregular", "stressed", "nouns", "irregular_nouns", "roles", "irregular_roles",
           "descriptors", "heads", "lists", "case", "patterns")
_MACRO = re.compile(r"\{([A-Z_]+)\}")


def trie_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, as a trie: shared prefixes are tried once.

    A space inside a word matches any run of white space; everything else is literal.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            alts.append(atom + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie) if trie else r"(?!x)x"


def word_alternation(words: Iterable[str], *, exact: bool = False) -> str:
    """A regex for any of ``words``, on word boundaries (not after a hyphen: "high-profile" holds
    no "profile").

    Words match as written and, unless ``exact``, also with a capital first letter (sentence
    starts: "According to"). Case is otherwise kept: "questions" the verb is not "Questions".
    """
    forms = {" ".join(w.split()) for w in words if w.strip()}
    if not exact:
        forms |= {w[0].upper() + w[1:] for w in forms}
    return rf"(?<![\w-])(?:{trie_alternation(sorted(forms))})(?!\w)"


@dataclass(frozen=True)
class Descriptor:
    noun: str
    type: str  # newspaper | magazine | agency | broadcaster | site | programme | any
    flags: frozenset[str]

    @property
    def types(self) -> tuple[str, ...] | None:
        """The outlet types a back-reference with this head may mean (None: any outlet)."""
        if self.type == "any":
            return None
        if self.noun == "weekly":
            return ("newspaper", "magazine")
        return (self.type,)


@dataclass(frozen=True, eq=False)
class Descriptors:
    """The descriptor table and the noun lists derived from it (longest nouns first)."""

    entries: tuple[Descriptor, ...]

    def with_flag(self, flag: str) -> tuple[str, ...]:
        return tuple(d.noun for d in self.entries if flag in d.flags)

    def type_of(self, phrase: str) -> str:
        """The outlet type a descriptor phrase names ("the German daily" -> newspaper)."""
        return _type_of(self, " ".join(phrase.lower().split()))

    def get(self, noun: str) -> Descriptor | None:
        return _by_noun(self).get(" ".join(noun.lower().split()))


@lru_cache(maxsize=4096)
def _type_of(descriptors: "Descriptors", words: str) -> str:
    best = None
    pattern = _descriptor_pattern(descriptors)
    for m in pattern.finditer(words):  # the longest descriptor noun in the phrase decides
        if best is None or len(m.group(0)) > len(best):
            best = m.group(0)
    entry = descriptors.get(best) if best is not None else None
    if entry is None or entry.type in ("any", "programme"):
        return "unknown"
    return entry.type


@lru_cache(maxsize=8)
def _by_noun(descriptors: "Descriptors") -> dict[str, Descriptor]:
    return {d.noun.lower(): d for d in descriptors.entries}


@derived("descriptors")
def _descriptor_pattern(descriptors: "Descriptors") -> re.Pattern:
    nouns = sorted({d.noun.lower() for d in descriptors.entries}, key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in nouns) + r")(?!\w)")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The expanded macros (regex source by name), the word lists they came from, and the tables."""

    macros: dict[str, str]
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    verbs: dict[str, frozenset[str]] = field(default_factory=dict)  # lemma -> frames
    forms: dict[str, tuple[VerbForms, ...]] = field(default_factory=dict)  # lemma -> its forms
    nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    descriptors: Descriptors = field(default_factory=lambda: Descriptors(()))
    heads: dict[str, str] = field(default_factory=dict)  # newspaper head word -> outlet type
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # the words of each word-list macro
    exact: frozenset[str] = frozenset()  # the word-list macros that match only as written (no capital first letter)

    def pattern(self, template: str, *, spaces: bool = True) -> str:
        return expand(template, self.macros, spaces=spaces)

    def compile(self, template: str, **kw) -> re.Pattern:
        return re.compile(self.pattern(template, **kw))

    def verb_words(self, frame: str) -> frozenset[str]:
        """Every single form of the verbs that take ``frame``."""
        return frozenset(w for lemma, frames in self.verbs.items() if frame in frames
                         for f in self.forms[lemma] for w in f.words)


def expand(template: str, macros: dict[str, str], *, spaces: bool = True, _depth: int = 0) -> str:
    """Expand ``{MACRO}``s in a template; with ``spaces``, a plain space becomes ``\\s+``."""
    if _depth > 8:
        raise RuleError(f"macros nest too deeply in {template!r}")
    if spaces:
        template = template.replace(" ", r"\s+")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"unknown macro {{{name}}} in template {template!r}; known: {', '.join(sorted(macros))}")
        return "(?:" + expand(macros[name], macros, spaces=False, _depth=_depth + 1) + ")"

    return _MACRO.sub(sub, template)


def merge(base: dict, extra: dict, source: str) -> dict:
    """``base`` with a user file's tables layered on top: table entries are added or replaced, and
    word lists are extended."""
    unknown = set(extra) - set(_TABLES) - {"rule"}
    if unknown:
        raise RuleError(f"{source}: unknown table(s) {', '.join(sorted(unknown))}; allowed: {', '.join(_TABLES)}, [[rule]]")
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items() if k != "rule"}
    for table in _TABLES:
        add = extra.get(table)
        if add is None:
            continue
        if not isinstance(add, dict):
            raise RuleError(f"{source}: [{table}] must be a table")
        cur = out.setdefault(table, {})
        for key, value in add.items():
            if table in ("lists", "case", "stressed") and isinstance(value, list) and isinstance(cur.get(key), list):
                cur[key] = list(dict.fromkeys([*cur[key], *value]))
            else:
                cur[key] = value
    return out


def _features(value: object, allowed: tuple[str, ...], where: str) -> frozenset[str]:
    if not isinstance(value, str) or not value.split():
        raise RuleError(f"{where}: must be a string of frames ({', '.join(allowed)})")
    words = frozenset(value.split())
    bad = words - set(allowed)
    if bad:
        raise RuleError(f"{where}: unknown frame(s) {', '.join(sorted(bad))}; use {', '.join(allowed)}")
    return words


def parse_lexicon(data: dict, source: str = "cues.toml") -> Lexicon:
    """The lexicon of a parsed ``cues.toml`` (plus any user tables merged in)."""
    macros: dict[str, str] = {}
    lists: dict[str, frozenset[str]] = {}
    words: dict[str, frozenset[str]] = {}  # the words of every macro that is a word list
    exact_lists: set[str] = set()

    def wordlist(name: str, forms, *, exact: bool = False) -> None:
        forms = frozenset(forms)
        macros[name] = word_alternation(forms, exact=exact)
        words[name] = forms
        (exact_lists.add if exact else exact_lists.discard)(name)

    exact = set(data.get("case", {}).get("exact", []))
    irregular = {}
    for lemma, pair in data.get("irregular", {}).items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)):
            raise RuleError(f"{source}: [irregular] {lemma} must be [past, participle]")
        irregular[lemma] = (pair[0], pair[1])
    stressed = frozenset(data.get("stressed", {}).get("verbs", []))

    verbs: dict[str, frozenset[str]] = {}
    forms: dict[str, tuple[VerbForms, ...]] = {}
    for lemma, value in data.get("verbs", {}).items():
        verbs[lemma] = _features(value, VERB_FRAMES, f"{source}: [verbs] {lemma}")
        forms[lemma] = verb_forms(lemma, irregular, stressed)
    for frame in VERB_FRAMES:
        group = [f for lemma, frames in verbs.items() if frame in frames for f in forms[lemma]]
        name = f"V_{frame.upper()}"
        wordlist(name, {w for f in group for w in f.words})
        wordlist(name + "_ACTIVE", {w for f in group for w in f.active()}, exact=True)
        wordlist(name + "_FINITE", {w for f in group for w in (f.third, f.past)}, exact=True)
        wordlist(name + "_PART", {f.participle for f in group})
        wordlist(name + "_BASE", {f.base for f in group}, exact=True)
        wordlist(name + "_ING", {f.ing for f in group}, exact=True)
        wordlist(name + "_PASSIVE", {w for f in group for w in f.passive()}, exact=True)

    irregular_nouns = {k: v for k, v in data.get("irregular_nouns", {}).items()}
    nouns: dict[str, frozenset[str]] = {}
    for noun, value in data.get("nouns", {}).items():
        nouns[noun] = _features(value, NOUN_FRAMES, f"{source}: [nouns] {noun}")
    for frame in NOUN_FRAMES:
        wordlist(f"N_{frame.upper()}", {w for n, frames in nouns.items() if frame in frames for w in noun_forms(n, irregular_nouns)})

    irregular_roles = {k: v for k, v in data.get("irregular_roles", {}).items()}
    roles: dict[str, str] = {}
    for noun, kind in data.get("roles", {}).items():
        if kind not in ROLE_KINDS:
            raise RuleError(f"{source}: [roles] {noun} must be one of {', '.join(ROLE_KINDS)}")
        roles[noun] = kind
    for kind, name in (("journalist", "ROLE"), ("spokes", "SPOKES")):
        words_of_kind = set()
        for n, k in roles.items():
            if k == kind:
                words_of_kind |= set(noun_forms(n, irregular_roles)) if n not in irregular_roles else {n, irregular_roles[n]}
        wordlist(name, words_of_kind)

    entries = []
    for noun, value in data.get("descriptors", {}).items():
        parts = value.split() if isinstance(value, str) else []
        if not parts or parts[0] not in OUTLET_KINDS or set(parts[1:]) - set(DESCRIPTOR_FLAGS):
            raise RuleError(f"{source}: [descriptors] {noun} must be \"TYPE FLAGS\": a type of {', '.join(OUTLET_KINDS)} "
                            f"and flags of {', '.join(DESCRIPTOR_FLAGS)}")
        entries.append(Descriptor(noun, parts[0], frozenset(parts[1:])))
    entries.sort(key=lambda d: (-len(d.noun), d.noun))
    descriptors = Descriptors(tuple(entries))
    wordlist("DESCRIPTOR", {w for d in entries for w in noun_forms(d.noun)})
    wordlist("DESC_TAIL", {w for d in entries if "tail" in d.flags for w in noun_forms(d.noun)})

    heads: dict[str, str] = {}
    for word, otype in data.get("heads", {}).items():
        if otype not in OUTLET_KINDS[:5]:
            raise RuleError(f"{source}: [heads] {word} must be one of {', '.join(OUTLET_KINDS[:5])}")
        heads[word] = otype

    for name, items in data.get("lists", {}).items():
        if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
            raise RuleError(f"{source}: list {name} must be a list of strings")
        wordlist(name, items, exact=name in exact)
        lists[name] = frozenset(items)
    for name, pattern in data.get("patterns", {}).items():
        if not isinstance(pattern, str):
            raise RuleError(f"{source}: pattern {name} must be a string")
        macros[name] = pattern
    lex = Lexicon(macros, lists, verbs, forms, nouns, roles, descriptors, heads, words, frozenset(exact_lists))
    stub = {name: "x" for name in macros}
    for name, pattern in data.get("patterns", {}).items():  # fail early on a broken fragment, naming it
        try:
            re.compile(expand(pattern, stub, spaces=False))  # the generated word lists are valid by construction
        except (re.error, RuleError) as exc:
            raise RuleError(f"{source}: {name} is not a valid regex: {exc}") from None
    return lex
