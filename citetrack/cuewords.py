"""Where the cue words of the rules' needs occur in a stretch of folded text, in one automaton pass.

:mod:`citetrack.reach` looks for the words of :mod:`citetrack.needs` in text dense with names,
some in any case (``icase``: "according"), some only as written ("States" the verb is not
"states"; "TV" and "news" as written). Both are looked for in the one text the gazetteer automaton
already read (the folded text in lower case, blanked and padded, see
:meth:`citetrack.automaton.Automaton.scan`): a word to be matched as written is looked for in lower
case, and each of its hits is checked against the text itself. So neither the text in its own case
nor a second pass over it is made: a wall of names costs one pass of this automaton, and a little
Python work per case-sensitive hit.

The blanked text has a space at the same places in lower case and in the text's own case
(lower-casing keeps letters and digits letters and digits), so a word as written is found exactly
where its lower-case form is found and the letters and digits between those spaces are the text's.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import repeat

import ahocorasick

from .automaton import Folded


class CueWords:
    """An automaton of cue words: ``icase`` ones as they are (lower case), the others in lower case,
    checked as written at each hit."""

    def __init__(self, icase: set[str], exact: set[str]):
        keys: dict[str, tuple[str | None, list[str]]] = {}
        for w in icase:
            keys[w] = (w, [])
        for w in exact:
            keys.setdefault(w.lower(), (None, []))[1].append(w)
        self.automaton = ahocorasick.Automaton()
        for k, (w, written) in keys.items():
            self.automaton.add_word(k, (len(k), w, tuple(sorted(written))))
        if keys:
            self.automaton.make_automaton()
        self.empty = not keys
        self.longest = max(map(len, keys), default=0)

    def scan(self, padded: str, folded: Folded, start: int, end: int) -> "CueHits":
        """The cue words in padded[start:end] (``padded``: " " + the folded text blanked, lower
        case, + " "), and those that start there and end after it."""
        if self.empty:
            return CueHits({}, {}, {}, {})
        by_key: dict[tuple, list[int]] = {}
        for last, v in self.automaton.iter(padded, start, min(len(padded), end + self.longest)):
            got = by_key.get(v)
            if got is None:
                got = by_key[v] = []
            got.append(last)  # in order
        icase: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        counts: tuple[dict[str, int], dict[str, int]] = ({}, {})
        text, loose, offset = folded.text, folded.loose_table(), folded.offset
        for (n, word, written), ends in by_key.items():
            starts = [e - n + 1 for e in ends]
            if word is not None:
                icase[word] = starts
                counts[0][word] = bisect_right(starts, end - n)
            for w in written:  # each checked against the text
                runs = _runs(w)
                got = [s for s in starts if _as_written(text, offset, loose, s - 1, runs)]
                if got:
                    exact[w] = got
                    counts[1][w] = bisect_right(got, end - n)
        return CueHits(icase, exact, *counts)


def _runs(word: str) -> tuple[tuple[int, str], ...]:
    """The letters and digits of a blanked word, as (offset, run) between its spaces."""
    out, i = [], 0
    for part in word.split(" "):
        if part:
            out.append((i, part))
        i += len(part) + 1
    return tuple(out)


def _as_written(text: str, offset, loose: dict | None, pos: int, runs) -> bool:
    """Whether the text holds the runs as written at folded offset ``pos`` (where the lower-case
    form was found)."""
    for i, run in runs:
        o = offset(pos + i)
        got = text[o:o + len(run)]
        if (got.translate(loose) if loose is not None else got) != run:
            return False
    return True


_NONE: list[int] = []


class CueHits:
    """The cue words found, by case (``icase``: matched in any case; ``exact``: as written): where
    each starts in the padded text, in order, and how often each occurs in the text scanned
    (``counted``, ``counted_exact``: hits that end after it are kept, for searches that may cross
    its end, but not counted)."""

    __slots__ = ("icase", "exact", "counted", "counted_exact")

    def __init__(self, icase: dict[str, list[int]], exact: dict[str, list[int]],
                 counted: dict[str, int], counted_exact: dict[str, int]):
        self.icase, self.exact, self.counted, self.counted_exact = icase, exact, counted, counted_exact

    def at(self, word: str, icase: bool) -> list[int]:
        """Where a word starts (in order)."""
        return (self.icase if icase else self.exact).get(word, _NONE)

    def count(self, word: str, icase: bool) -> int:
        """How often a word occurs in the text scanned."""
        return (self.counted if icase else self.counted_exact).get(word, 0)

    def total(self, icase: tuple[str, ...], exact: tuple[str, ...]) -> int:
        """How often any of these words occurs in the text scanned (counted at C speed)."""
        return (sum(map(self.counted.get, icase, repeat(0, len(icase))))
                + sum(map(self.counted_exact.get, exact, repeat(0, len(exact)))))

    def starts(self, word: str, icase: bool, lo: int, hi: int) -> list[int]:
        """Where a word starts in padded[lo:hi] (it starts at or after ``lo`` and ends by ``hi``)."""
        at = (self.icase if icase else self.exact).get(word)
        if not at:
            return _NONE
        return at[bisect_left(at, lo):bisect_right(at, hi - len(word))]
