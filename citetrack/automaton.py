"""One pass of a multi-pattern automaton (Aho-Corasick, via pyahocorasick) over an article.

The automaton holds every gazetteer key (names and aliases, lower case, single spaces) and the
anchor words of the rule-based finders (newspaper head words, descriptors, back-reference nouns).
It runs over the article *folded*: lower-cased, every run of white space collapsed to one space,
curly apostrophes made straight. Each hit is mapped back to an offset in the article as read.

The result is exactly what the equivalent regular expressions find (same matches, same order):
the gazetteer hits reproduce the leftmost-longest semantics of one big case-insensitive pattern,
and anchor hits are only candidate positions where the original pattern is then tried with
``pattern.match(text, pos)``. Texts that folding could misrepresent (lower-casing that changes the
length, or characters with special case equivalences in ``re``) fall back to the patterns.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from contextvars import ContextVar
from functools import lru_cache, reduce
from itertools import accumulate, count
from operator import add, itemgetter, or_, sub
from typing import Iterable, Iterator

import ahocorasick

GAZ, HEAD, DESC, ANAPHOR = 1, 2, 4, 8
# Hits of the automaton looked at (see Budget): 256 at once, then one per 20 characters. The
# corpora's densest stretches hold 53 hits in 1,000 characters, 121 in 5,000, 167 in 20,000.
HIT_BURST, HIT_EVERY = 256, 20

_WHITE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_WHITE_BYTES = bytes.maketrans(b"".join(bytes([ord(c)]) for c in _WHITE if ord(c) < 128), b" " * sum(ord(c) < 128 for c in _WHITE))
_RUN_SPLIT = re.compile("(  +)")
_OTHER_WHITE = re.compile(r"[^\S\x00-\x7f]")  # white space beyond ASCII (re's \s is str.isspace)
_NON_WORD = re.compile(r"[^\w\x00-\x7f]")  # not str.isalnum(), beyond ASCII
_NON_WORD_BYTES = bytes.maketrans(bytes(b for b in range(128) if not chr(b).isalnum()),
                                  b" " * sum(not chr(b).isalnum() for b in range(128)))


def _ascii_translate(text: str, table: bytes) -> str:
    """``text`` with its ASCII characters mapped by a byte table (others are kept): much faster
    than ``str.translate``, which looks every character up one by one."""
    if text.isascii():
        return text.encode("ascii").translate(table).decode("ascii")
    return text.encode("utf-8", "surrogatepass").translate(table).decode("utf-8", "surrogatepass")


def _white(s: str, ascii_: bool) -> str:
    """``s`` with every white-space character a space and curly apostrophes straight."""
    if ascii_:
        return s.encode("ascii").translate(_WHITE_BYTES).decode("ascii")
    return _OTHER_WHITE.sub(" ", _ascii_translate(s, _WHITE_BYTES)).replace("’", "'")


def blanked(flat: str) -> str:
    """``flat`` with every character that is not a letter or digit made a space."""
    out = _ascii_translate(flat, _NON_WORD_BYTES)
    return out if out.isascii() else _NON_WORD.sub(" ", out)


def _special_folds() -> str:
    extra = getattr(getattr(re, "_casefix", None), "_EXTRA_CASES", None)
    if extra is None:  # Python 3.10
        import sre_compile
        extra = sre_compile._ignorecase_fixes
    chars = {chr(c) for k, v in extra.items() for c in (k, *v)}
    chars |= {c.upper() for c in chars} | {c.title() for c in chars}
    return "".join(sorted(c for c in chars if len(c) == 1 and ord(c) > 127))


_SPECIAL = re.compile("[" + re.escape(_special_folds()) + "]")


def _loose_table() -> dict[int, str]:
    """Each special character (and "İ", whose lower case is two characters) as one letter it
    matches case-insensitively: an ASCII one where there is one ("ſ" -> "s", "K" -> "k")."""
    table = {0x130: "i"}
    for c in _special_folds():
        ascii_ = [x for x in (c.lower(), c.upper(), c.casefold()) if len(x) == 1 and x.isascii()]
        low = c.lower()
        table[ord(c)] = ascii_[0].lower() if ascii_ else (low if len(low) == 1 else c)
    return table


_LOOSE = _loose_table()


def lowered(text: str) -> str | None:
    """``text.lower()``, or None when a case-insensitive pattern could match what it does not show
    (lower-casing that changes the length, characters such as "ſ" that ``re`` folds specially)."""
    low = text.lower()
    if not text.isascii() and (len(low) != len(text) or _SPECIAL.search(text)):
        return None
    return low


class Folded:
    """An article folded for the automaton, with the map from folded offsets back to the text."""

    __slots__ = ("text", "folded", "_at", "_shift", "_loose", "_cased")

    def __init__(self, text: str, folded: str, at: list[int], shift: list[int], loose: bool = False):
        self.text, self.folded, self._at, self._shift = text, folded, at, shift
        self._loose, self._cased = loose, None

    @classmethod
    def of(cls, text: str) -> "Folded | None":
        """The folded text, or None when folding could differ from ``re``'s case-insensitive matching."""
        low = lowered(text)
        if low is None:
            return None
        return cls._of(text, low)

    @classmethod
    def loose(cls, text: str) -> "Folded":
        """The folded text even where :meth:`of` refuses: the characters with special case
        equivalences become a letter they match ("ſ" -> "s", "İ" -> "i"), so that a word the
        patterns find is still there (enough to look for cues, not to match names)."""
        low = lowered(text)
        if low is not None:
            return cls._of(text, low)
        return cls._of(text, text.translate(_LOOSE).lower(), loose=True)

    @classmethod
    def _of(cls, text: str, low: str, loose: bool = False) -> "Folded":
        flat = _white(low, text.isascii())
        if "  " not in flat:
            return cls(text, flat, [], [0], loose)
        parts = _RUN_SPLIT.split(flat)  # text, run of spaces, text, ...: the bookkeeping runs at C speed
        texts, runs = parts[0::2], parts[1::2]
        at = list(map(add, accumulate(map(len, texts[:-1])), count()))  # each run's space in the folded text
        shift = list(map(sub, accumulate(map(len, runs), initial=0), count()))  # characters removed before it
        return cls(text, " ".join(texts), at, shift, loose)

    def cased(self) -> str:
        """The folded text in the text's own case (the same offsets as ``folded``)."""
        if self._cased is None:
            src = self.text.translate(_LOOSE) if self._loose else self.text
            flat = _white(src, self.text.isascii())
            self._cased = " ".join(_RUN_SPLIT.split(flat)[0::2]) if self._at else flat
        return self._cased

    def loose_table(self) -> dict[int, str] | None:
        """The table that made the text's special characters letters (see :meth:`loose`), or None."""
        return _LOOSE if self._loose else None

    def offset(self, pos: int) -> int:
        """The offset in the text of the folded character at ``pos`` (not a collapsed space)."""
        return pos + self._shift[bisect_left(self._at, pos)] if self._at else pos

    def offsets(self, positions: list[int]) -> list[int]:
        """:meth:`offset` of each position (the list itself when no white space was collapsed)."""
        return list(map(self.offset, positions)) if self._at else positions

    def position(self, offset: int) -> int:
        """The folded offset of the text's character at ``offset`` (a collapsed run's space for
        the white space it held): the inverse of :meth:`offset`."""
        at, shift = self._at, self._shift
        if not at:
            return offset
        lo, hi = 0, len(at)  # the first run whose space stands at or after the character
        while lo < hi:
            mid = (lo + hi) // 2
            if at[mid] + shift[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        if lo > 0 and offset < at[lo - 1] + shift[lo]:
            return at[lo - 1]  # inside the run before
        return offset - shift[lo]

    def collapsed(self) -> list[int]:
        """Where in the folded text a run of two or more white-space characters became one space."""
        return self._at


class Automaton:
    """Gazetteer keys and anchor words in one Aho-Corasick automaton.

    Every pattern needs a non-word character before and after a key or an anchor word, so the
    automaton holds each word as " word " with its other non-word characters made spaces too, and
    runs over the folded text blanked the same way (see ``blanked``) and padded with a space at
    each end: it then reports only whole words, not the many short keys inside longer words
    ("ap" in "happen"). A hit is checked against the folded text itself for the characters blanked.
    """

    def __init__(self, keys: Iterable[str], anchors: dict[int, Iterable[str]]):
        flags: dict[str, int] = {}
        for k in keys:
            flags[k] = flags.get(k, 0) | GAZ
        for flag, words in anchors.items():
            for w in words:
                w = w.lower().replace("’", "'")
                flags[w] = flags.get(w, 0) | flag
        by_blank: dict[str, list[tuple[str | None, int]]] = {}
        for k, f in flags.items():
            # None: the key is all letters and digits, a hit needs no check
            by_blank.setdefault(blanked(k), []).append((None if k.isalnum() else k, f))
        self.automaton = ahocorasick.Automaton()
        for b, entries in by_blank.items():
            self.automaton.add_word(f" {b} ", (len(b), tuple(entries)))
        if by_blank:
            self.automaton.make_automaton()
        self.empty = not by_blank
        #: the white-space gaps and the characters of the longest key
        self.longest = (max((b.count(" ") for b in by_blank), default=0), max(map(len, by_blank), default=0))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_core", None)  # the compiled core's scanner is built again where it is used
        state.pop("_spellings", None)
        state.pop("_finders", None)
        return state

    def fast_hits(self, text: str, full: bool = True
                  ) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[int]], bool] | None:
        """What :meth:`hits` gives for ``Folded.of(text)``, from the compiled core (see
        :mod:`citetrack.core`), and whether the text can have no mention at all (see
        :meth:`use_core`); None where there is no core or it leaves the text to Python
        (characters it has no tables for, or that folding could misrepresent; a text with
        ``reach.DENSE_HITS`` hits or more, whose dense stretches Python looks at). Not ``full``: a
        text with no mention comes with no hits (empty ones, shared: read nothing from them)."""
        scanner = self._scanner()
        if scanner is None:
            return None
        got = scanner.hits(text, full)
        if got is None:
            return None
        gaz, head, desc, anaphor, nothing = got
        if gaz is None:  # a text with no mention: its hits were not made
            return _NO_HITS, _NO_ANCHORS, True
        return gaz, {HEAD: head, DESC: desc, ANAPHOR: anaphor}, nothing

    def fast_names(self, text: str, burst: float, every: float
                   ) -> tuple[list[tuple[int, int, str, int | None]], dict[int, list[int]], bool, int, list[int]] | None:
        """From the compiled core, what ``Hits.names`` yields for the hits of :meth:`fast_hits`
        (the leftmost-longest names a candidate budget of ``burst`` and ``every`` grants, each with
        the start of a "the" before it), less those ``Matcher.spelled_ok`` refuses for their
        spelling; the anchors; whether the text can have no mention; how many names the budget
        refused; and every offset where a call sign may start ("K" or "W" and two more capitals).
        None where :meth:`fast_hits` is None."""
        scanner = self._scanner()
        if scanner is None:
            return None
        got = scanner.names(text, burst, every)
        if got is None:
            return None
        names, head, desc, anaphor, nothing, refused, signs = got
        if names is None:
            return [], _NO_ANCHORS, True, 0, []
        return names, {HEAD: head, DESC: desc, ANAPHOR: anaphor}, nothing, refused, signs

    def use_core(self, spellings, finders, names=None, restored: bool = False) -> None:
        """Let :meth:`fast_hits` also tell a text that can have no mention: ``spellings(key)``
        gives the spellings in which a name with that key can be one (None: any); ``finders()``
        what the finders need around their anchor words: the class a discovered name starts
        with (a regex), whether every head word starts with it, the longest descriptor that
        introduces a name, the determiners of back-references. ``names()``, for
        :meth:`fast_names`: the particles, and a function giving for a key its surfaces as
        ``Hits._not_a_common_word`` compares them ((first is a capital, the rest), "The " left out)."""
        self._spellings, self._finders, self._names = spellings, finders, names
        self.__dict__.pop("_core", None)
        if not restored:  # (restored: from the start cache, with the inputs made from these)
            self.__dict__.pop("_core_args", None)

    def _scanner(self):
        """The compiled core's scanner (built at the first text), or None without one."""
        scanner = self.__dict__.get("_core", False)
        if scanner is False:
            scanner = self._core = self._build_core()
        return scanner

    def _build_core(self):
        from .core import make
        args = self.core_args()
        return None if args is None else make("Scanner", *args)

    def core_args(self) -> tuple | None:
        """What the compiled core's scanner is made from, as plain data (kept with the automaton
        in the start cache, so that a process builds the scanner in a few ms): the padded keys
        with their entries, the spellings names can be mentions in, what the finders need, and
        Python's character tables. None without a core or before :meth:`use_core`."""
        args = self.__dict__.get("_core_args")
        if args is not None:
            return args
        from .core import core
        mod = core()
        spellings = self.__dict__.get("_spellings")
        if mod is None or self.empty or spellings is None:
            return None
        particles, cores = self._names() if self.__dict__.get("_names") is not None else ((), lambda key: [])
        forms: set[str] = set()
        words = []
        for w, (n, entries) in self.automaton.items():
            row = []
            for k, f in entries:
                key = k if k is not None else w[1:-1]
                spelled = spellings(key) if f & GAZ else frozenset()
                if spelled:
                    forms |= spelled
                row.append((key, k is not None, f, spelled is None, cores(key) if f & GAZ else []))
            words.append((w, n, row))
        capital, heads_capital, desc_reach, determiners, extensions, places, stops, titles, apposition = self._finders()
        starts = re.compile(capital)
        table = bytes(bool(starts.match(chr(c))) for c in range(mod.TABLE))
        chars = [chr(c) for c in range(mod.TABLE)]
        args = (words, sorted(forms), (table, heads_capital, desc_reach, list(determiners), list(extensions), places,
                                       stops, titles, apposition),
                (sorted(particles), bytes(c.islower() for c in chars), bytes(c.isalpha() for c in chars)),
                *char_tables(mod.TABLE))
        self._core_args = args
        return args

    def scan(self, folded: Folded) -> tuple[str, list]:
        """The text as the automaton reads it (folded, blanked, padded) and all its hits there:
        (end, (length, entries)), in order of their ends."""
        padded = f" {blanked(folded.folded)} "
        return padded, ([] if self.empty else list(self.automaton.iter(padded)))

    def hits(self, folded: Folded, found: list | None = None, skip: tuple[list, ...] = ()
             ) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[int]]]:
        """Gazetteer hits by start (text offsets: start -> [(end, key)]) and anchor starts by flag.
        ``found``: the hits of :meth:`scan`, if already there; ``skip``: stretches of the folded
        text (in order) where names, head words, descriptors, back-references are not looked at."""
        gaz: dict[int, list[tuple[int, str]]] = {}
        anchors: dict[int, list[int]] = {HEAD: [], DESC: [], ANAPHOR: []}
        if self.empty:
            return gaz, anchors
        if found is None:
            found = self.scan(folded)[1]
        if any(skip):
            found = _outside(found, skip, self.longest[1])
        text, flat = folded.text, folded.folded
        offset = folded.offset
        head, desc, anaphor = anchors[HEAD], anchors[DESC], anchors[ANAPHOR]
        tokens, last = float(HIT_BURST), 0  # a Budget, inline: this loop may see every word of a text
        refused = 0
        # in " " + blanked + " ", a hit ending at ``end`` (its closing space) is flat[end - n - 1:end - 1]
        for end, (n, entries) in found:
            tokens += (end - last) / HIT_EVERY
            last = end
            if tokens < 1:
                refused += 1
                continue
            tokens = min(tokens, HIT_BURST) - 1
            s = end - n - 1
            start = -1
            for key, f in entries:
                if key is not None and flat[s:s + n] != key:
                    continue
                if start < 0:
                    start = offset(s)
                if f & GAZ and _free_before(text, start):
                    gaz.setdefault(start, []).append((offset(end - 2) + 1, key or flat[s:s + n]))
                if f & HEAD:
                    head.append(start)
                if f & DESC:
                    desc.append(start)
                if f & ANAPHOR:
                    anaphor.append(start)
        if refused:
            note_refused(refused)
        return gaz, anchors


@lru_cache(maxsize=2)
def lower_cases(n: int) -> list[int]:
    """Each code point's lower case below ``n``, as ``str.lower`` gives it (-1 where that is not
    one character): Python's own, for the compiled core."""
    out = []
    for c in range(n):
        low = chr(c).lower()
        out.append(ord(low) if len(low) == 1 else -1)
    return out


@lru_cache(maxsize=2)
def char_tables(n: int) -> tuple[list[int], bytes, bytes]:
    """Python's own character data for the code points below ``n``, as the compiled core takes
    it: each one's lower case (-1 where :func:`lowered` refuses a text that has it, or where its
    lower case lies beyond ``n``), and bytes that are 1 where ``str.isspace`` / ``str.isalnum``
    hold. The core never uses Rust's Unicode tables for these, so it agrees with this Python."""
    chars = [chr(c) for c in range(n)]
    lower = [low if 0 <= low < n and not _SPECIAL.match(c) else -1 for c, low in zip(chars, lower_cases(n))]
    return lower, bytes(c.isspace() for c in chars), bytes(c.isalnum() for c in chars)


_NO_HITS: dict = {}
_NO_ANCHORS: dict[int, list[int]] = {HEAD: [], DESC: [], ANAPHOR: []}
_KIND_FLAGS = (GAZ, HEAD, DESC, ANAPHOR)  # the flag of each kind of hit, in the order of reach.KINDS


_END = itemgetter(0)  # a hit's end: found is bisected by it, with no list of the ends made


def _outside(found: list, skip: tuple[list, ...], longest: int) -> list:
    """The hits of ``found`` (in order of their ends) that do not start in a stretch of ``skip``
    (folded offsets, in order, for names, head words, descriptors, back-references): where all
    are skipped they are cut out by bisection, so that they cost nothing each; elsewhere a hit
    keeps what is not skipped."""
    both = skip[0]
    for side in skip[1:]:
        both = _intersection(both, side)
    out: list = []
    at, ordered = 0, True  # hits may start from ``at`` on
    for a, b in [*both, (float("inf"), float("inf"))]:
        if a > at:  # a hit starting at s of a key of n characters ends at s + n + 1 in the padded text
            part = [h for h in found[bisect_left(found, at + 2, key=_END):bisect_left(found, a + longest + 2, key=_END)]
                    if at <= h[0] - h[1][0] - 1 < a]
            if part and out and part[0][0] < out[-1][0]:
                ordered = False
            out += part
        at = max(at, b)
    if not ordered:
        out.sort(key=lambda h: h[0])
    if all(side == both for side in skip):
        return out
    # only the kinds a hit is of are looked up (most hits are names only)
    checks = [(side, [a for a, _ in side], flag) for side, flag in zip(skip, _KIND_FLAGS) if side]
    every = GAZ | HEAD | DESC | ANAPHOR
    kinds: dict[int, int] = {}  # id of a hit's value (one per key) -> the flags of its entries
    kept = []
    for h in out:
        v = h[1]
        has = kinds.get(id(v))
        if has is None:
            has = kinds[id(v)] = reduce(or_, (f for _, f in v[1]), 0)
        s = h[0] - v[0] - 1
        mask = every
        for side, first, flag in checks:
            if has & flag and _inside(side, first, s):
                mask &= ~flag
        if mask == every:
            kept.append(h)
        elif mask:
            entries = tuple((k, f & mask) for k, f in h[1][1] if f & mask)
            if entries:
                kept.append((h[0], (h[1][0], entries)))
    return kept


def _inside(spans: list, starts: list, pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def _intersection(a: list, b: list) -> list:
    """Where two lists of stretches (in order) overlap."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _free_before(text: str, pos: int) -> bool:
    """``(?<![\\w@#.])`` at pos."""
    if pos == 0:
        return True
    c = text[pos - 1]
    return not (c.isalnum() or c in "_@#.")


def free_after(text: str, pos: int) -> bool:
    """``(?![\\w@]|\\.\\w)`` at pos."""
    if pos >= len(text):
        return True
    c = text[pos]
    if c.isalnum() or c in "_@":
        return False
    if c == "." and pos + 1 < len(text):
        d = text[pos + 1]
        return not (d.isalnum() or d == "_")
    return True


def leftmost_longest(text: str, gaz: dict[int, list[tuple[int, str]]],
                     accept=None) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) as a case-insensitive alternation of the keys, longest first, finds them;
    ``accept(start, end, key)``, when given, can refuse a match that starts with a lower-case letter,
    so that a later one may start inside it."""
    last = 0
    for start in sorted(gaz):
        if start < last:
            continue
        best = None
        check = accept is not None and text[start].islower()
        for end, key in gaz[start]:
            if (best is None or end > best[0]) and free_after(text, end) and (not check or accept(start, end, key)):
                best = (end, key)
        if best is not None:
            last = best[0]
            yield start, best[0], best[1]


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int], budget: "Budget | None" = None) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` yields, given every position where a match could start
    (and, with a budget, only where it grants one)."""
    last = 0
    for pos in sorted(set(starts)):
        if pos < last or (budget is not None and not budget.take(pos)):
            continue
        m = pattern.match(text, pos)
        if m:
            last = m.end()
            yield m


class Budget:
    """A token bucket over offsets in a text: ``burst`` candidates at once, and one more for every
    ``every`` characters after that (offsets asked about in text order).

    The finders and the rules look at each candidate (a name, an anchor word, a mention) in turn,
    and each costs some Python work. Prose never comes near the budget (tested on the corpora: the
    densest 1,000 characters hold a fraction of a burst); text that is nothing but candidates (a
    wall of outlet names and cues) is then looked at only at that rate, so its cost per character
    stays close to that of prose. What the budget refuses is not a candidate: in such a wall, some
    names are not found.
    """

    __slots__ = ("burst", "every", "tokens", "last")

    def __init__(self, burst: int, every: int):
        self.burst, self.every, self.tokens, self.last = burst, every, float(burst), 0

    def take(self, pos: int) -> bool:
        if pos > self.last:
            self.tokens = min(self.burst, self.tokens + (pos - self.last) / self.every)
            self.last = pos
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        note_refused(1)
        return False


#: Candidates the budgets refused in the article being extracted (see :func:`counting_refusals`).
_REFUSED: ContextVar[list[int] | None] = ContextVar("citetrack_refused", default=None)


def note_refused(n: int) -> None:
    box = _REFUSED.get()
    if box is not None:
        box[0] += n


class counting_refusals:  # noqa: N801 - used as a function: ``with counting_refusals() as refused``
    """Count, in the list's one item, the candidates budgets refuse inside the block: an article
    so dense with names and cues that some were not looked at (its citations may be too few).
    (A class, not a generator: it is entered twice for every article.)"""

    __slots__ = ("box", "token")

    def __enter__(self) -> list[int]:
        self.box = [0]
        self.token = _REFUSED.set(self.box)
        return self.box

    def __exit__(self, *exc: object) -> None:
        _REFUSED.reset(self.token)


def first_words(alternation: str) -> list[str]:
    """The first word of each branch of a regex alternation ("news\\s+agency|Post-Gazette" -> news, Post).

    Each must be a plain word followed by white space, a hyphen or the end of the branch, since
    the automaton reports it only as a whole word.
    """
    words = []
    for alt in alternation.split("|"):
        word = re.split(r"\\s|\s|-", alt.strip(), maxsplit=1)[0]
        if not re.fullmatch(r"[\w'’&]+", word):
            raise ValueError(f"anchor {word!r} of {alt!r} is not a plain word")
        words.append(word)
    return words
