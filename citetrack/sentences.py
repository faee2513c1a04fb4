"""A small, rule-based sentence splitter that keeps offsets into the original text.

News text needs only a few rules: end punctuation (with closing quotes) followed by white space
and a capital ends a sentence unless the word is a known abbreviation or an initial; a blank line
always ends one; a single line break never does (wire copy is hard-wrapped). A short first line
followed by a blank line is the headline and stands alone.
"""
from __future__ import annotations

import re
from bisect import bisect_right

_ABBREV = frozenset("""
mr mrs ms dr prof st jr sr rev gen col lt sgt capt cmdr adm maj gov sen rep pres supt insp det
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
inc co corp ltd bros no nos vs v etc approx est dept univ ave blvd rd ft mt ph e g i al fig
u s k n y d c l a p m op ed vol pp cf ca
""".split())

_HEADLINE = re.compile(r"\s*([^\n]{1,250})\n[ \t\r\f\v]*\n")
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n[ \t\r\f\v]*\n\s*")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]*)(\S)")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*\Z")


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
        wb = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start() + 1)
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


class SentenceIndex:
    """Find the sentence that contains an offset in O(log n)."""

    def __init__(self, text: str):
        self.spans = split_sentences(text)
        self._starts = [s for s, _ in self.spans]

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return (0, self.spans[0][1] if self.spans else 0)
        s, e = self.spans[i]
        return (s, max(e, pos))

    def index(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)
