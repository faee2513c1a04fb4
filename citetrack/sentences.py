"""A small, rule-based sentence splitter that keeps offsets into the original text.

News text needs only a few rules: end punctuation (with closing quotes) followed by white space
and a capital ends a sentence unless the word is a known abbreviation or an initial; a blank line
always ends one; a single line break never does (wire copy is hard-wrapped). A short first line
followed by a blank line is the headline and stands alone.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right

_ABBREV = frozenset("""
mr mrs ms dr prof st jr sr rev gen col lt sgt capt cmdr adm maj gov sen rep pres supt insp det
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
inc co corp ltd bros no nos vs v etc approx est dept univ ave blvd rd ft mt ph e g i al fig
u s k n y d c l a p m op ed vol pp cf ca
""".split())

#: What may close a sentence after its end punctuation, and open the next one before its first letter.
_CLOSERS, _OPENERS = "\"'”’)]", "\"'“‘(["
#: The longest headline (a first line alone before a blank line), and how far back from a full
#: stop the word it may end (an abbreviation, an initial) is looked for.
_HEADLINE_MAX, _WORD_REACH = 250, 40

_HEADLINE = re.compile(r"\s*([^\n]{1,%d})\n[ \t\r\f\v]*\n" % _HEADLINE_MAX)
# A run of end punctuation is tried once, from its first character (the look-behind), and never
# backtracked into (possessive): a run of N dots with no space after costs N steps, not N². Both
# branches start with one of ".!?\n", so the engine skips to those characters at C speed (the
# look-behind comes after the first character for that: "(?<![.!?])[.!?]++" is
# "[.!?](?<![.!?][.!?])[.!?]*+").
_CANDIDATE = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+[%s]*+(?=\s)|\n[ \t\r\f\v]*\n\s*" % re.escape(_CLOSERS))
_NEXT_START = re.compile(r"\s+([%s]*)(\S)" % re.escape(_OPENERS))
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]*[%s]*\Z" % re.escape(_CLOSERS))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of ``text``, in order, covering every non-blank char."""
    spans: list[tuple[int, int]] = []
    start = 0
    head = _HEADLINE.match(text)
    if head:  # a short first line followed by a blank line is the headline
        spans.append((0, head.end(1)))
        start = head.end(1)
    for m in _CANDIDATE.finditer(text, start):
        end = m.end()
        if m.group(0)[0] in ".!?":
            if not _is_boundary(text, m):
                continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in (_trim(text, s, e) for s, e in spans) if a < b]


def _is_boundary(text: str, m: re.Match) -> bool:
    nxt = _NEXT_START.match(text, m.end())
    if nxt and nxt.group(2).islower():
        return False
    if m.group(0).startswith("."):
        wb = _WORD_BEFORE.search(text, max(0, m.start() - _WORD_REACH), m.start() + 1)
        if wb:
            word = wb.group(1).rstrip(".").lower()
            last = word.rsplit(".", 1)[-1]
            if last in _ABBREV or (len(last) == 1 and last.isalpha()) or "." in word:
                return False
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_UNSAFE = frozenset(".!?\"'”’)]")  # characters a candidate boundary can contain, besides white space


class SentenceIndex:
    """The sentence around an offset, as :func:`split_sentences` would cut it, found on demand.

    Only the text near the offsets asked about is split: from the closest earlier point where the
    splitter's scan is known to be between candidates (a character no candidate can contain, or
    a sentence end already found) to the end of the sentence. Sentences found are kept, so asking
    about offsets in text order costs time linear in the text however many offsets there are.
    """

    reach = 256  # characters back from an offset where the search for its sentence's start begins

    def __init__(self, text: str):
        self.text = text
        splitter = _core_splitter()
        #: the whole split, from the compiled core (which splits a text in one pass, faster than
        #: Python finds one sentence); None: found here on demand
        self._split = splitter.split(text) if splitter is not None else None
        if self._split is not None:
            self._split_starts = [a for a, _ in self._split]
            return
        head = _HEADLINE.match(text)
        self._scan_from = head.end(1) if head else 0  # split_sentences scans for candidates from here
        self._starts: list[int] = []  # the raw spans (before trimming) found so far, by start
        self._spans: list[tuple[int, int, int, int]] = []  # (raw start, raw end, start, end)

    def around(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence containing ``pos``: what a bisection of the split's
        sentence starts gives (white space before a sentence belongs to the one before it)."""
        if self._split is not None:
            spans = self._split
            i = bisect_right(self._split_starts, pos) - 1
            if i < 0:
                return (0, spans[0][1] if spans else 0)
            s, e = spans[i]
            return (s, max(e, pos))
        _, _, s, e = self._span(pos)
        if s > pos:  # rare: callers ask about mentions, which start at a non-space character
            text, q = self.text, pos - 1
            while q >= 0 and text[q].isspace():
                q -= 1
            if q < 0:  # only white space before: the first sentence
                r = pos
                while r < len(text) and text[r].isspace():
                    r += 1
                return (0, self._span(r)[3] if r < len(text) else 0)
            s, e = self._span(q)[2:]
        return (s, max(e, pos))

    def _span(self, pos: int) -> tuple[int, int, int, int]:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self._spans[i][1]:
            return self._spans[i]
        a, b = (0, self._scan_from) if pos < self._scan_from else self._find(pos, self._spans[i][1] if i >= 0 else self._scan_from)
        span = (a, b, *_trim(self.text, a, b))
        self._starts.insert(i + 1, a)
        self._spans.insert(i + 1, span)
        return span

    def _find(self, pos: int, floor: int) -> tuple[int, int]:
        """The raw span [a, b) around ``pos``: a is the last sentence end at or before pos (or
        ``floor``, a known one), b the first after it (or the end of the text)."""
        text, reach = self.text, self.reach
        while True:
            lo = max(floor, pos - reach)
            while lo > floor and (text[lo - 1] in _UNSAFE or text[lo - 1].isspace()):
                lo -= 1  # the scan from split_sentences cannot be inside a candidate here
            a = floor if lo == floor else -1
            found = _CANDIDATE.finditer(text, lo)
            m = None
            for m in found:
                if m.end() > pos:
                    break
                if m.group(0)[0] not in ".!?" or _is_boundary(text, m):
                    a = m.end()
            else:
                m = None
            if a >= 0:
                break
            reach *= 4
        while m is not None:
            if m.group(0)[0] not in ".!?" or _is_boundary(text, m):
                return a, m.end()
            m = next(found, None)
        return a, len(text)


@functools.cache
def _core_splitter():
    """The compiled core's :func:`split_sentences` (see :mod:`citetrack.core`), made from this
    module's constants and Python's own character data; None without a core."""
    from .automaton import char_tables
    from .core import core, make
    mod = core()
    if mod is None:
        return None
    lower, space, alnum = char_tables(mod.TABLE)
    chars = [chr(c) for c in range(mod.TABLE)]
    return make("Splitter", space, alnum, bytes(c.islower() for c in chars), bytes(c.isalpha() for c in chars),
                lower, sorted(_ABBREV), _CLOSERS, _OPENERS, _HEADLINE_MAX, _WORD_REACH)
