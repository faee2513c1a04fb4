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
from bisect import bisect_left
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import accumulate, count
from operator import add, sub
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


def _blanked(flat: str) -> str:
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


def lowered(text: str) -> str | None:
    """``text.lower()``, or None when a case-insensitive pattern could match what it does not show
    (lower-casing that changes the length, characters such as "ſ" that ``re`` folds specially)."""
    low = text.lower()
    if not text.isascii() and (len(low) != len(text) or _SPECIAL.search(text)):
        return None
    return low


class Folded:
    """An article folded for the automaton, with the map from folded offsets back to the text."""

    __slots__ = ("text", "folded", "_at", "_shift")

    def __init__(self, text: str, folded: str, at: list[int], shift: list[int]):
        self.text, self.folded, self._at, self._shift = text, folded, at, shift

    @classmethod
    def of(cls, text: str) -> "Folded | None":
        """The folded text, or None when folding could differ from ``re``'s case-insensitive matching."""
        low = lowered(text)
        if low is None:
            return None
        if text.isascii():
            flat = low.encode("ascii").translate(_WHITE_BYTES).decode("ascii")
        else:
            flat = _ascii_translate(low, _WHITE_BYTES)
            flat = _OTHER_WHITE.sub(" ", flat).replace("’", "'")
        if "  " not in flat:
            return cls(text, flat, [], [0])
        parts = _RUN_SPLIT.split(flat)  # text, run of spaces, text, ...: the bookkeeping runs at C speed
        texts, runs = parts[0::2], parts[1::2]
        at = list(map(add, accumulate(map(len, texts[:-1])), count()))  # each run's space in the folded text
        shift = list(map(sub, accumulate(map(len, runs), initial=0), count()))  # characters removed before it
        return cls(text, " ".join(texts), at, shift)

    def offset(self, pos: int) -> int:
        """The offset in the text of the folded character at ``pos`` (not a collapsed space)."""
        return pos + self._shift[bisect_left(self._at, pos)] if self._at else pos


class Automaton:
    """Gazetteer keys and anchor words in one Aho-Corasick automaton.

    Every pattern needs a non-word character before and after a key or an anchor word, so the
    automaton holds each word as " word " with its other non-word characters made spaces too, and
    runs over the folded text blanked the same way (see ``_blanked``) and padded with a space at
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
        blanked: dict[str, list[tuple[str | None, int]]] = {}
        for k, f in flags.items():
            # None: the key is all letters and digits, a hit needs no check
            blanked.setdefault(_blanked(k), []).append((None if k.isalnum() else k, f))
        self.automaton = ahocorasick.Automaton()
        for b, entries in blanked.items():
            self.automaton.add_word(f" {b} ", (len(b), tuple(entries)))
        if blanked:
            self.automaton.make_automaton()
        self.empty = not blanked

    def hits(self, folded: Folded) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[int]]]:
        """Gazetteer hits by start (text offsets: start -> [(end, key)]) and anchor starts by flag."""
        gaz: dict[int, list[tuple[int, str]]] = {}
        anchors: dict[int, list[int]] = {HEAD: [], DESC: [], ANAPHOR: []}
        if self.empty:
            return gaz, anchors
        text, flat = folded.text, folded.folded
        offset = folded.offset
        head, desc, anaphor = anchors[HEAD], anchors[DESC], anchors[ANAPHOR]
        tokens, last = float(HIT_BURST), 0  # a Budget, inline: this loop may see every word of a text
        refused = 0
        # in " " + blanked + " ", a hit ending at ``end`` (its closing space) is flat[end - n - 1:end - 1]
        for end, (n, entries) in self.automaton.iter(f" {_blanked(flat)} "):
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


@contextmanager
def counting_refusals() -> Iterator[list[int]]:
    """Count, in the list's one item, the candidates budgets refuse inside the block: an article
    so dense with names and cues that some were not looked at (its citations may be too few)."""
    box = [0]
    token = _REFUSED.set(box)
    try:
        yield box
    finally:
        _REFUSED.reset(token)


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
