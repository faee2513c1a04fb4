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
from collections import Counter
from itertools import repeat
from operator import itemgetter

import ahocorasick

from .automaton import Folded


class CueWords:
    """An automaton of cue words: ``icase`` ones as they are (lower case), the others in lower case,
    checked as written at each hit."""

    def __init__(self, icase: set[str], exact: set[str]):
        keys: dict[str, tuple[str | None, list[str]]] = {}
        for w in sorted(icase):
            keys[w] = (w, [])
        for w in sorted(exact):
            keys.setdefault(w.lower(), (None, []))[1].append(w)
        #: by the number of each key (the automaton's value): its length, its word in any case (or
        #: None), the words it is as written
        self.keys = [(len(k), w, tuple(written)) for k, (w, written) in keys.items()]
        self.automaton = ahocorasick.Automaton()
        for i, k in enumerate(keys):
            self.automaton.add_word(k, i)
        if keys:
            self.automaton.make_automaton()
        self.longest = max(map(len, keys), default=0)

    def scan(self, padded: str, folded: Folded, start: int, end: int) -> "CueHits":
        """The cue words in padded[start:end] (``padded``: " " + the folded text blanked, lower
        case, + " "), and those that start there and end after it."""
        if not self.keys:
            return CueHits([], {}, {})
        found = list(self.automaton.iter(padded, start, min(len(padded), end + self.longest)))
        found.sort(key=_KEY)  # by key, each in order (a stable sort, at C speed)
        hits = CueHits(found, {}, {})
        i, total = 0, len(found)
        while i < total:
            key = found[i][1]
            n, word, written = self.keys[key]
            j = bisect_right(found, key, i, key=_KEY)  # the hits of this key: found[i:j], in order of their ends
            # counted: those that end by ``end`` (the automaton gives the offset of a hit's last character)
            counted = bisect_right(found, (end - 1, key), i, j) - i
            if word is not None:
                hits.spans[word] = (i, j, n)
                hits.counted[(word, True)] = counted
            if written:
                _written(hits, folded, i, j, n, counted, written)
            i = j
        return hits


def _written(hits: "CueHits", folded: Folded, i: int, j: int, n: int, counted: int,
             written: tuple[str, ...]) -> None:
    """Which of the hits found[i:j] of one key (``n`` characters; the first ``counted`` of them
    counted) are each of its words as written. The words of a key differ only in case, so their
    letters and digits stand at the same places: for a word of one run of them (most), the text
    there is read once for all hits and counted at C speed, and where each word starts is made
    only when asked for, so that thousands of hits in another case ("Post" in a wall of names, for
    the verb "post") cost little."""
    runs = _runs(written[0])
    text = folded.text
    if len(runs) == 1 and folded.loose_table() is None:
        at, run = runs[0]
        size = len(run)
        # a hit ending at padded[e] starts at folded[e - n], its letters at folded[e - n + at]
        if folded.collapsed():
            offsets = folded.offsets([e - n + at for e, _ in hits.found[i:j]])
            held = [text[o:o + size] for o in offsets]
        else:  # the folded text's offsets are the text's
            d = at - n
            held = [text[e + d:e + d + size] for e, _ in hits.found[i:j]]
        inside = Counter(held[:counted])
        anywhere = inside if counted == j - i else Counter(held)
        for w in written:
            spelled = _runs(w)[0][1]
            if anywhere.get(spelled):
                hits.held[w] = (i, n, held, spelled)
                hits.counted[(w, False)] = inside.get(spelled, 0)
        return
    starts = [e - n + 1 for e, _ in hits.found[i:j]]
    for w in written:  # each checked against the text, hit by hit
        w_runs = _runs(w)
        checked = [_as_written(text, folded.offset, folded.loose_table(), s - 1, w_runs) for s in starts]
        got = [s for s, ok in zip(starts, checked) if ok]
        if got:
            hits.exact[w] = got
            hits.counted[(w, False)] = sum(checked[:counted])


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
_KEY = itemgetter(1)  # a hit's key


class CueHits:
    """The cue words found: where each starts in the padded text, in order (words matched in any
    case are read off the automaton's hits when asked for), and how often each occurs in the text
    scanned (hits that end after it are kept, for searches that may cross its end, but not
    counted)."""

    __slots__ = ("found", "spans", "exact", "held", "counted", "_at")

    def __init__(self, found: list, spans: dict[str, tuple[int, int, int]], exact: dict[str, list[int]]):
        self.found, self.spans, self.exact = found, spans, exact
        #: words as written whose starts are not made yet: (first hit of their key, its length,
        #: what the text holds at each hit of the key, the word's letters)
        self.held: dict[str, tuple[int, int, list[str], str]] = {}
        self.counted: dict[tuple[str, bool], int] = {}
        self._at: dict[str, list[int]] = {}

    def at(self, word: str, icase: bool) -> list[int]:
        """Where a word starts (in order)."""
        if not icase:
            got = self.exact.get(word)
            if got is None:
                if word not in self.held:
                    return _NONE
                i, n, held, spelled = self.held[word]
                got = self.exact[word] = [e - n + 1 for (e, _), t in zip(self.found[i:i + len(held)], held)
                                          if t == spelled]
            return got
        got = self._at.get(word)
        if got is None:
            span = self.spans.get(word)
            if span is None:
                return _NONE
            i, j, n = span
            got = self._at[word] = [e - n + 1 for e, _ in self.found[i:j]]
        return got

    def count(self, word: str, icase: bool) -> int:
        """How often a word occurs in the text scanned."""
        return self.counted.get((word, icase), 0)

    def total(self, words: tuple[tuple[str, bool], ...]) -> int:
        """How often any of these words (each with its ``icase``) occurs in the text scanned."""
        return sum(map(self.counted.get, words, repeat(0, len(words))))

    def starts(self, word: str, icase: bool, lo: int, hi: int) -> list[int]:
        """Where a word starts in padded[lo:hi] (it starts at or after ``lo`` and ends by ``hi``)."""
        at = self.at(word, icase)
        if not at:
            return _NONE
        return at[bisect_left(at, lo):bisect_right(at, hi - len(word))]
