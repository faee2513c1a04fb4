"""Where in a text dense with outlet names a rule could bind a mention, and where none can.

:meth:`Reach.dropped` takes text denser with outlet names than any prose (a wall of names, a list,
a table: at least DENSE_HITS automaton hits in DENSE_BLOCK characters, twice the densest stretch
of the corpora). Two automaton passes (the text in lower case and in its own case) count the cue
words of :mod:`citetrack.needs` in a dense stretch; a rule one of whose needs is nowhere near is
out, and for the others the needs' reach around their occurrences gives the spans where a hit
could give a mention the rule binds, for each kind of hit (KINDS: a gazetteer name, a head word,
a descriptor, a back-reference noun, each with its own distance to the mention it gives). The
rest of the stretch is returned, so that the mention finders skip the hits there before any
per-hit work, and the hit, candidate and rule budgets never see them: a wall of names with no cue
costs about what prose costs and is not declared unexamined. :class:`RulesNear` tells which rules
could bind a mention that remains (extract tries only those).

No rule could have bound a skipped name; what is lost is what a name does besides being cited
(an antecedent for "the paper", a vote for the article's country), and only in such text: prose
is never dense, so it is never filtered. A list joined to a cited name is looked at again by
extract. The distances are measured in the folded text (see
:class:`~citetrack.automaton.Folded`), where every run of white space is one space: never longer
than in the text itself.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, count
from operator import add, itemgetter

from .automaton import Folded
from .cuewords import CueWords
from .memo import derived
from .needs import RUN, SENTENCE_START, STOP, Cue, Need, Reader, rule_cues
from .rules import LEFT_WINDOW, RIGHT_WINDOW, RuleSet
from .sentences import SentenceIndex

#: A block of DENSE_BLOCK folded characters with at least DENSE_HITS hits of the gazetteer
#: automaton (names and the finders' anchor words) is dense. The corpora's densest 4,096
#: characters hold 66 hits (a paragraph listing a dozen outlets); a wall of names holds 400-600.
DENSE_BLOCK, DENSE_HITS = 4096, 128


@dataclass(frozen=True)
class Kind:
    """How far a mention may lie from the automaton hit it comes from, in white-space gaps (and
    characters, where they are bounded) of the folded text: ``before`` and ``after`` its start,
    and ``to_end``: from the hit's start to the end of the mention's tail."""

    before: tuple[int, int]
    after: int
    to_end: tuple[int, int | None]


# the tail after a name: a regional edition, a subtitle, a descriptor ("ITV television station"),
# 60 characters at most (see mentions._tail); a name: at it, or after a "the" (12 characters)
_TAIL = (16, 60)
#: the kinds of hits, in the order of the skip lists (see Reach.dropped): a gazetteer name; a
#: head word, which ends an unknown name of up to 4 capitalised words (120 characters) and maybe
#: "of" a place; a descriptor, before the name it introduces ("the German daily Süddeutsche
#: Zeitung": up to 5 words after it); a back-reference noun, which is the mention
NAME, HEAD, DESC, BACK = range(4)
KINDS = (Kind((1, 12), 0, _TAIL), Kind((5, 124), 0, (_TAIL[0] + 6, None)), Kind((0, 0), 6, (_TAIL[0] + 12, None)),
         Kind((0, 0), 0, (_TAIL[0] + 2, None)))
_ANY_KIND = len(KINDS)  # all of them at once: the widest reach (what none of them reaches, no kind does)
KINDS += (Kind((5, 124), 6, (_TAIL[0] + 12, None)),)
#: When the cues of the dense stretch are this frequent (one per so many characters), all of it
#: is within reach: no need to work out where.
_FREQUENT = 12


class Reach:
    """The needs of every rule of a rule set, an automaton of their words, and
    :meth:`dropped`: where in the dense stretches of a text no rule has its cues within reach."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self._built = False

    def _build(self) -> None:
        """Read the rules (once, on the first dense text: most runs never meet one)."""
        ruleset = self.ruleset
        reader = Reader(ruleset.lexicon)
        self.rules = tuple(rule_cues(r, ruleset.lexicon, reader) for r in ruleset.rules)
        #: a rule that needs nothing could bind a name anywhere: then nothing is ever dropped
        self.anywhere = any(not rc.left and not rc.right for rc in self.rules)
        cues = {c for rc in self.rules for need in rc.left + rc.right for c in need.cond}
        self.punct = sorted({c.text for c in cues if c.kind == "punct"})
        marks = {ord(c) for c in self.punct if c.isascii()}
        self.not_marks = bytes(b for b in range(256) if b not in marks)  # bytes.translate deletes these
        words = {icase: {c.text for c in cues if c.kind == "word" and c.icase is icase and c.text.strip()}
                 for icase in (True, False)}
        self.words = CueWords(words[True], words[False])  # both kinds found in the lower-case text
        self._parts: dict[Need, tuple] = {}
        #: the needs made of words only, and their words
        self.words_only = {nd: self.parts(nd)[0] for rc in self.rules for nd in rc.left + rc.right
                           if not self.parts(nd)[1]}
        self._built = True

    def parts(self, need: Need) -> tuple[tuple[tuple[str, bool], ...], tuple[Cue, ...]]:
        """The cues of a need: its words (each with its ``icase``), and the others."""
        got = self._parts.get(need)
        if got is None:
            got = self._parts[need] = (tuple((c.text, c.icase) for c in need.cond if c.kind == "word"),
                                       tuple(c for c in need.cond if c.kind != "word"))
        return got

    def dropped(self, folded: Folded, padded: str, found: list, longest: tuple[int, int]
                ) -> tuple[list[list[tuple[int, int]]], "RulesNear | None"]:
        """Stretches (folded offsets, in order) of the dense parts of a text where no hit of the
        gazetteer automaton can give a mention a rule could bind, for each kind of hit (KINDS:
        names, head words, descriptors, back-references); and which rules could bind one
        elsewhere in them. ``padded``: the folded text blanked and padded as that automaton reads
        it; ``found``: its hits there (end, value), in order; ``longest``: the white-space gaps and
        characters of its longest key. The hits starting in these stretches can be skipped."""
        none: list[list[tuple[int, int]]] = [[] for _ in range(_ANY_KIND)]
        if len(found) < DENSE_HITS:
            return none, None  # too few for any stretch to be dense (most texts)
        dense = dense_stretches(found, len(folded.folded))
        if dense and not self._built:
            self._build()
        if not dense or self.anywhere:
            return none, None
        skip = none
        rules = RulesNear()
        for lo, hi in dense:
            live = _Stretch(self, folded, padded, lo, hi, longest).live()
            if live is None:
                continue  # all of it within reach
            spans, per_rule = live
            for kind, got in enumerate(spans):
                skip[kind] += _gaps_between(got, lo, hi)
            rules.add(lo, hi, per_rule)
        return skip, rules


class RulesNear:
    """Which rules could bind a mention from a hit in the dense stretches of a text (folded
    offsets): as bits in the rule set's order (rule i: 1 << i); None where nothing is known."""

    def __init__(self):
        self.stretches: list[tuple[int, int, dict[int, list[list]]]] = []

    def add(self, lo: int, hi: int, per_rule: dict[int, list[list]]) -> None:
        self.stretches.append((lo, hi, per_rule))

    def mask(self, kind: int, lo: int, hi: int) -> int | None:
        """The rules that could bind a mention whose hit (of KINDS[kind]) starts in [lo, hi]."""
        i = bisect_right([s[0] for s in self.stretches], lo) - 1
        if i < 0 or lo >= self.stretches[i][1] or hi >= self.stretches[i][1]:
            return None  # not (all) in a dense stretch looked at
        out = 0
        for index, spans in self.stretches[i][2].items():
            side = spans[kind]
            k = bisect_right(side, (hi, 1 << 62)) - 1
            if k >= 0 and side[k][1] > lo:
                out |= 1 << index
        return out


def _gaps_between(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """What of [lo, hi) the spans (merged, in order) leave."""
    out, at = [], lo
    for a, b in spans:
        if a > at:
            out.append((at, min(a, hi)))
        at = max(at, b)
        if at >= hi:
            break
    if at < hi:
        out.append((at, hi))
    return out


_WORD = re.compile(r"\w")


class _Stretch:
    """The cues of one dense stretch folded[lo:hi] and of the text within reach around it."""

    def __init__(self, reach: Reach, folded: Folded, padded: str, lo: int, hi: int, longest: tuple[int, int]):
        self.reach, self.folded, self.flat = reach, folded, folded.folded
        self.lo, self.hi, self.longest = lo, hi, longest
        # hits start in [lo, hi): the cues that matter lie at most a window (and a mention) away
        self.slo = max(0, lo - LEFT_WINDOW - max(k.before[1] for k in KINDS) - 2)
        self.shi = min(len(self.flat), hi + 2 * DENSE_BLOCK)  # a window after a mention of long words
        # the cue words are read off the gazetteer automaton's text (the blanked folded text in
        # lower case, padded: folded[0] is padded[1]); those matched as written checked there
        self.padded = padded
        self.words = reach.words.scan(padded, folded, self.slo, self.shi + 2)
        self._punct: dict[str, int] = {}  # punctuation -> occurrences, counted when first asked about
        self.runs = folded.collapsed()
        self._stops: list[int] | None = None
        self._spaces: list[int] | None = None
        self._present: dict[Need, list[Cue]] = {}
        self._occ: dict[tuple[Need, str], tuple[list[int], list[int], list[int]]] = {}
        self._band: dict[tuple[int, str, int, int], tuple[int, int]] = {}

    def present(self, need: Need) -> list[Cue]:
        """The cues of ``need`` that occur in the scanned text at all."""
        got = self._present.get(need)
        if got is None:
            got = self._present[need] = [c for c in need.cond if c.kind == "mark" or self.count1(c)]
        return got

    def count1(self, c: Cue) -> int:
        return self.words.count(c.text, c.icase) if c.kind == "word" else self.punct(c.text)

    def punct(self, mark: str) -> int:
        n = self._punct.get(mark)
        if n is None:
            if not self._punct and mark.isascii():  # every ASCII mark of the rules, in one pass
                kept = self.flat[self.slo:self.shi].encode("utf-8", "surrogatepass").translate(None, self.reach.not_marks)
                got = Counter(kept)  # (no byte of a character beyond ASCII is an ASCII mark)
                self._punct.update((c, got.get(ord(c), 0)) for c in self.reach.punct if c.isascii())
                return self._punct[mark]
            n = self._punct[mark] = self.flat.count(mark, self.slo, self.shi)
        return n

    @property
    def stops(self) -> list[int]:
        """Where a sentence may start (after end punctuation), found when first asked about."""
        if self._stops is None:
            flat, slo, shi = self.flat, self.slo, self.shi
            if all(flat.find(c, slo, shi) < 0 for c in ".!?"):
                self._stops = []  # no end punctuation (a wall of names, one a line): no need for the pattern
            else:
                self._stops = [m.end() for m in SENTENCE_START.finditer(flat, slo, shi)]
        return self._stops

    def count(self, need: Need) -> int:
        words, others = self.reach.parts(need)
        n = self.words.total(words)
        for c in others:
            if c.kind == "punct":
                n += self.punct(c.text)
            elif c.text == STOP:
                n += len(self.stops)
            elif c.text == RUN:
                n += bisect_left(self.runs, self.shi) - bisect_left(self.runs, self.slo)
            else:
                n += self.slo == 0
        return n

    def live(self) -> tuple[list[list[tuple[int, int]]], dict[int, list[list]]] | None:
        """The spans of hit starts some rule could reach (merged, in order), for each kind of hit,
        and those of each rule (by its index); or None: all of the stretch."""
        title: list[bool] = []
        plans = []
        words_only = self.reach.words_only
        for index, rc in enumerate(self.reach.rules):
            if any(not self.words.total(words_only[nd]) for nd in rc.left + rc.right if nd in words_only):
                continue  # a word it needs is nowhere near (told before any punctuation is counted)
            needs = sorted([(self.count(nd), "left", nd) for nd in rc.left] +
                           [(self.count(nd), "right", nd) for nd in rc.right], key=itemgetter(0))
            if needs[0][0] == 0:
                continue  # something it needs is nowhere near
            if rc.title:
                if not title:
                    title.append(_has_headline(self.folded.text))
                if not title[0]:
                    continue
            plans.append((index, needs))
        if not plans:
            return [[] for _ in range(_ANY_KIND)], {}
        if sum(p[1][0][0] for p in plans) * _FREQUENT > self.shi - self.slo:
            return None
        per_rule: dict[int, list[list]] = {}
        for index, needs in plans:
            _, side, base = needs[0]
            spans: list[list] = [[] for _ in range(_ANY_KIND)]
            others = needs[1:4]
            for ci, cj, cut in self.where(side, base):
                span = self.span(_ANY_KIND, side, base, ci, cj, cut)
                if span[0] >= span[1] or not all(self.near(_ANY_KIND, s, nd, *span) for _, s, nd in others):
                    continue  # not even with the widest reach
                for kind in range(_ANY_KIND):
                    span = self.span(kind, side, base, ci, cj, cut)
                    if span[0] < span[1] and all(self.near(kind, s, nd, *span) for _, s, nd in others):
                        spans[kind].append(span)
            if any(spans):
                per_rule[index] = [_merged(got) for got in spans]
        merged = [_merged([sp for got in per_rule.values() for sp in got[kind]]) for kind in range(_ANY_KIND)]
        return merged, per_rule

    # -- distances in white-space gaps
    def spaces(self) -> list[int]:
        if self._spaces is None:  # the offsets of the spaces, at C speed: the lengths of the words between
            words = self.flat[self.slo:self.shi].split(" ")
            self._spaces = list(map(add, accumulate(map(len, words[:-1])), count(self.slo)))
        return self._spaces

    def back(self, pos: int, gaps: int) -> int:
        """The first position from which at most ``gaps`` spaces stand before ``pos``."""
        sp = self._spaces if self._spaces is not None else self.spaces()
        i = bisect_left(sp, pos) - gaps - 1
        return self.slo if i < 0 else sp[i] + 1

    def ahead(self, pos: int, gaps: int) -> int:
        """The end of the text from ``pos`` on that holds at most ``gaps`` spaces."""
        sp = self._spaces if self._spaces is not None else self.spaces()
        i = bisect_left(sp, pos) + gaps
        return self.shi if i >= len(sp) else sp[i]

    def starts(self, kind: int, s1: int, s2: int) -> tuple[int, int]:
        """The starts of the hits (of a kind) whose mentions start in [s1, s2]."""
        k = KINDS[kind]
        return (self.back(s1, k.after) if k.after else s1,
                min(s2 + k.before[1], self.ahead(s2, k.before[0])) + 1)

    def ends(self, kind: int, t: int) -> int:
        """The first start of a hit (of a kind) whose mention's tail may end at or after ``t``."""
        k = KINDS[kind]
        gaps, chars = k.to_end
        if kind == NAME:  # measured from the name's end: the longest name first
            gaps, chars = gaps + self.longest[0], chars + self.longest[1]
        return max(t - chars, self.back(t, gaps)) if chars is not None else self.back(t, gaps)

    def span(self, kind: int, side: str, need: Need, ci: int, cj: int, cut: bool) -> tuple[int, int]:
        """The hit starts (a span) for which a cue at flat[ci:cj] is within the need's reach;
        ``cut``: the cue is inside a longer word, which counts only where the window before the
        mention starts (or the one after it ends) inside that word."""
        if side == "left":
            if cut:
                s = self.folded.position(self.folded.offset(ci) + LEFT_WINDOW)
                return self.starts(kind, s, s)
            if not need.words:  # only non-word characters between: the mention starts at the next word
                m = _WORD.search(self.flat, cj, min(self.shi, cj + need.chars + 1))
                return self.starts(kind, m.start(), m.start()) if m else (0, 0)
            return self.starts(kind, cj, min(cj + need.chars, self.ahead(cj, need.gaps)))
        if cut:  # the window after the mention ends inside that word: a window's width after the tail
            ci = self.folded.position(max(0, self.folded.offset(max(ci, cj - 1)) + 1 - RIGHT_WINDOW))
        # the mention's end (and tail) stands before the cue, within reach
        return self.ends(kind, max(ci - need.chars, self.back(ci, need.gaps))), ci + 1

    def near(self, kind: int, side: str, need: Need, a1: int, a2: int) -> bool:
        """Whether some cue of ``need`` could be within reach of a hit (of a kind) starting in [a1, a2)."""
        k = KINDS[kind]
        if side == "left":
            p1 = max(a1 - need.chars - k.before[1], self.back(a1, need.gaps + k.before[0]))
            p2 = self.ahead(a2, k.after) if k.after else a2
        else:
            gaps = k.to_end[0] + (self.longest[0] if kind == NAME else 0)
            p1, p2 = a1, self.ahead(a2, need.gaps + gaps)
        p1, p2 = max(self.slo, p1 - 2), min(self.shi, p2 + 2)  # lenient by a character or two
        # its words (where they start in the padded text, folded[i] at padded[i + 1]): anywhere
        # within reach; with a window's edge on that side, as a whole word on that side within
        # reach, or anywhere where the window's edge may cut a longer word
        plain, whole, edge = self.occurrences(need, side)
        if _within(plain, max(0, p1), p2 + 1):
            return True
        if whole and (_within(whole, max(0, p1 - 1) + 1, p2 + 2) if side == "left" else
                      _within(whole, max(0, p1 - 1), p2 + 1)):
            return True
        if edge:
            key = (kind, side, a1, a2)  # the same for every need of a rule tried on these hits
            band = self._band.get(key)
            if band is None:
                band = self._band[key] = self.band(kind, side, a1, a2)
            b1, b2 = band
            if b1 < b2 and _within(edge, max(0, b1), b2 + 1):
                return True
        for c in self.present(need):
            if c.kind == "word":
                continue
            elif c.kind == "punct":
                if self.flat.find(c.text, p1, p2) >= 0:
                    return True
            elif c.text == STOP:
                if bisect_left(self.stops, p1) < bisect_right(self.stops, p2):
                    return True
            elif c.text == RUN:
                if bisect_left(self.runs, p1 - 1) < bisect_right(self.runs, p2):
                    return True
            elif p1 <= 0:
                return True
        return False

    def occurrences(self, need: Need, side: str) -> tuple[list[int], list[int], list[int]]:
        """Where the words of a need start in the padded text (in order): those with no window's
        edge on that side; those with one, as whole words on that side; and those, anywhere."""
        key = (need, side)
        got = self._occ.get(key)
        if got is None:
            plain: list[int] = []
            whole: list[int] = []
            edge: list[int] = []
            padded, words = self.padded, self.words
            for c in self.present(need):
                if c.kind != "word":
                    continue
                at = words.at(c.text, c.icase)
                if not (c.edge_left if side == "left" else c.edge_right):
                    plain += at
                    continue
                edge += at
                if side == "left":
                    whole += [i for i in at if padded[i - 1] == " "]
                else:
                    n = len(c.text)
                    whole += [i for i in at if padded[i + n:i + n + 1] == " "]
            got = self._occ[key] = (sorted(plain), sorted(whole), sorted(edge))
        return got

    def band(self, kind: int, side: str, a1: int, a2: int) -> tuple[int, int]:
        """Where a word cut by a window's edge may lie for hits (of a kind) starting in [a1, a2):
        a window's width (in the text's own characters) before their mentions, or after their ends."""
        folded, n, k = self.folded, len(self.flat), KINDS[kind]
        if side == "left":
            last = self.ahead(a2, k.after) if k.after else a2
            t1 = folded.offset(min(a1, n - 1)) - LEFT_WINDOW - k.before[1] - 1
            t2 = folded.offset(min(last, n - 1)) - LEFT_WINDOW + 1
        else:
            last = self.ahead(a2, k.to_end[0] + (self.longest[0] if kind == NAME else 0))
            t1 = folded.offset(min(a1, n - 1)) + RIGHT_WINDOW - 2
            t2 = folded.offset(min(last, n - 1)) + RIGHT_WINDOW + 2
        if t2 < 0:
            return 0, 0
        return max(self.slo, folded.position(max(0, t1))), min(self.shi, folded.position(t2) + 1)

    def where(self, side: str, need: Need):
        """Where the cues of ``need`` occur in the scanned text: (start, end, cut) in folded
        offsets; ``cut``: a word found as the end of a longer one (see :meth:`span`)."""
        flat, slo, shi = self.flat, self.slo, self.shi
        for c in self.present(need):
            if c.kind == "word":
                text = self.padded  # folded[i] is padded[i + 1]
                lead, trail, n = c.text[:1] == " ", c.text[-1:] == " ", len(c.text)
                # found inside a longer word where only the window's edge allowed that
                edge = c.edge_left if side == "left" else c.edge_right
                for i in self.words.starts(c.text, c.icase, slo, shi + 2):
                    inside = text[i - 1:i] != " " if side == "left" else text[i + n:i + n + 1] != " "
                    yield i - 1 + lead, i - 1 + n - trail, edge and inside
            elif c.kind == "punct":
                i = flat.find(c.text, slo, shi)
                while i >= 0:
                    yield i, i + 1, False
                    i = flat.find(c.text, i + 1, shi)
            elif c.text == STOP:
                for i in self.stops:
                    yield i, i, False
            elif c.text == RUN:
                for i in self.runs[bisect_left(self.runs, slo):bisect_left(self.runs, shi)]:
                    yield i + 1, i + 1, False  # the sentence starts after the collapsed space
            elif slo == 0:
                yield 0, 0, False


def _within(starts: list[int], lo: int, hi: int) -> bool:
    """Whether some start (of a list in order) lies in [lo, hi]."""
    k = bisect_left(starts, lo)
    return k < len(starts) and starts[k] <= hi


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def dense_stretches(found: list, n: int) -> list[tuple[int, int]]:
    """The stretches of a folded text of ``n`` characters (blocks of DENSE_BLOCK, merged) that
    hold at least DENSE_HITS automaton hits (``found``: (end, value), in order of their ends;
    bisected by their ends, with no list of them made)."""
    if len(found) < DENSE_HITS:
        return []
    out: list[tuple[int, int]] = []
    i = 0
    for lo in range(0, n, DENSE_BLOCK):
        j = bisect_right(found, lo + DENSE_BLOCK + 1, i, key=_END)
        if j - i >= DENSE_HITS:
            hi = min(n, lo + DENSE_BLOCK)
            if out and out[-1][1] == lo:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        i = j
    return out


_END = itemgetter(0)


def _has_headline(text: str) -> bool:
    """Whether a headline rule could apply anywhere: the first sentence starts the text and a
    line break ends it (see extract._in_title)."""
    if not text or text[0].isspace() or "\n" not in text:
        return False
    s, e = SentenceIndex(text).around(0)
    return s == 0 and "\n" in text[e:e + 3]


@derived("rules")
def reach_for(ruleset: RuleSet) -> Reach:
    return Reach(ruleset)
