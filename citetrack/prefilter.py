"""Skip the rules that cannot match near a mention, without trying their patterns.

For each rule template a necessary condition is read off the regex itself (its parse tree): a
set of literal strings, one of which every match must contain ("told", "according to", "[" ...).
One Aho-Corasick pass over the lower-cased article finds where those strings occur; a rule is
then tried on a mention only if the windows it looks at contain one of its strings. This is an
exact optimisation: a rule that is skipped could not have matched. It keeps extraction fast on
text dense with outlet names but free of cues ("The Times News Post Journal ..."), and it stays
data-driven: new rules and cue words are analysed like the old ones.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import reduce
from operator import or_

import ahocorasick

from .literals import _MAX_CLASS, _PLACEHOLDER, Factors, _leading, _name, _sequence, _sre_parse, required
from .memo import memo
from .rules import VETOES, Rule, RuleSet

__all__ = ["required", "template_required", "template_leading", "RuleFilter", "Occurrences", "rule_filter",
           "Factors", "_MAX_CLASS", "_PLACEHOLDER", "_name", "_parse_template"]

_MACRO = re.compile(r"\{([A-Z_]+)\}")


def _parse_template(template: str, spaces: bool):
    """A template's parse tree with each ``{MACRO}`` as one placeholder character, and the names
    the placeholders stand for (in order)."""
    names: list[str] = []

    def sub(m: re.Match) -> str:
        names.append(m.group(1))
        return chr(_PLACEHOLDER + len(names) - 1)

    src = _MACRO.sub(sub, template.replace(" ", r"\s+") if spaces else template)
    try:
        return _sre_parse.parse(src), names
    except re.error:
        return None, names


def _macro_factors(names: list[str], lexicon, memo: dict, kind: str):
    """The factors of the macro behind placeholder ``i``: for a word list, one word of each form
    (``kind`` "need": its longest word; "lead": its first); for a fragment, its own template's."""
    def macro(i: int) -> Factors | None:
        name = names[i]
        key = (kind, name)
        if key not in memo:
            memo[key] = None  # a cycle counts as "no factors"
            words = lexicon.words.get(name)
            if words is not None:
                pick = (lambda w: max(w.split(), key=len)) if kind == "need" else (lambda w: w.split()[0])
                memo[key] = frozenset(pick(w.lower()) for w in words if w.split()) or None
            elif name in lexicon.macros:
                find = template_required if kind == "need" else template_leading
                memo[key] = find(lexicon.macros[name], lexicon, spaces=False, _memo=memo)
        return memo[key]
    return macro


def template_required(template: str, lexicon, *, spaces: bool = True,
                      _memo: dict | None = None) -> Factors | None:
    """``required`` of the pattern a rule template expands to, computed on the template itself:
    each ``{MACRO}`` counts as one item whose factors are those of the macro (for a word list, the
    longest word of each of its forms; for a fragment, its own template's factors), so the big
    expanded pattern is never parsed. Gives a necessary condition, like ``required``."""
    tree, names = _parse_template(template, spaces)
    if tree is None:
        return None
    return _sequence(list(tree), _macro_factors(names, lexicon, {} if _memo is None else _memo, "need"))


def template_leading(template: str, lexicon, *, spaces: bool = True, _memo: dict | None = None) -> Factors | None:
    """Lower-case strings one of which every match of the template *starts with* (None: no such
    set found). A rule whose ``before`` template has one is tried only at those strings'
    occurrences in its window instead of at every position (``Rule.match(..., starts)``): the
    same matches, found without a search over the whole window."""
    tree, names = _parse_template(template, spaces)
    if tree is None:
        return None
    return _leading(list(tree), _macro_factors(names, lexicon, {} if _memo is None else _memo, "lead"))


class RuleFilter:
    """The factors of every rule of a rule set, and an automaton that finds them in a text."""

    def __init__(self, ruleset: RuleSet):
        ids: dict[str, int] = {}

        def intern(f: Factors | None) -> frozenset[int] | None:
            return None if f is None else frozenset(ids.setdefault(s, len(ids)) for s in f)

        # rules as bits (rule i -> 1 << i): the rules each factor makes possible, and those always possible
        self.rules = ruleset.rules
        self.index = {r.id: i for i, r in enumerate(ruleset.rules)}
        self.left_free = self.right_free = 0
        memo: dict = {}

        def need_of(rule: Rule, key: str) -> Factors | None:
            tpl = rule.template(key)
            need = template_required(tpl, ruleset.lexicon, _memo=memo) if tpl is not None else required(getattr(rule, key))
            # one of the strings a single letter or digit ("an?" gives "a"): every window holds it,
            # so it rules nothing out, and its occurrences would be a third of the pass's work
            return None if need is not None and any(len(f) == 1 and f.isalnum() for f in need) else need

        def lead_of(rule: Rule) -> Factors | None:
            tpl = rule.template("before")
            if tpl is None or rule.sentence_start:
                return None
            lead = template_leading(tpl, ruleset.lexicon, _memo=memo)
            return lead if lead and min(map(len, lead)) >= 2 else None

        left_bits: dict[int, int] = {}
        right_bits: dict[int, int] = {}
        lead_bits: dict[int, int] = {}
        #: rules whose ``before`` match starts at one of a set of strings (see template_leading)
        self.leading = 0
        for i, rule in enumerate(ruleset.rules):
            bit = 1 << i
            lead = intern(lead_of(rule)) if rule.before is not None else None
            if lead is not None:
                self.leading |= bit
                for f in lead:
                    lead_bits[f] = lead_bits.get(f, 0) | bit
            need = intern(need_of(rule, "before")) if rule.before is not None else None
            if need is None:
                self.left_free |= bit
            else:
                for f in need:
                    left_bits[f] = left_bits.get(f, 0) | bit
            right = [intern(need_of(rule, k)) for k in ("after", "later") if getattr(rule, k) is not None]
            right = [f for f in right if f is not None]
            if not right:
                self.right_free |= bit
            for f in right[0] if right else ():  # one of the first template's factors is enough here
                right_bits[f] = right_bits.get(f, 0) | bit
        self.left_bits, self.right_bits = left_bits, right_bits
        self.automaton = ahocorasick.Automaton()
        useful = {s: i for s, i in ids.items() if i in left_bits or i in right_bits or i in lead_bits}
        for s, i in useful.items():  # each factor with its length and the rules it makes possible (and starts)
            self.automaton.add_word(s, (len(s), left_bits.get(i, 0), right_bits.get(i, 0), lead_bits.get(i, 0)))
        if useful:
            self.automaton.make_automaton()
        self.empty = not useful
        self.longest = max(map(len, useful), default=1)
        #: per window flag (bit i of window_flags: VETOES[i]), the rules it rules out
        self.vetoes = [sum(1 << i for i, r in enumerate(self.rules) if rules_out(r)) for _, rules_out in VETOES]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_core", None)  # the compiled core's automaton is built again where it is used
        return state

    def _core_factors(self):
        """The compiled core's automaton of the factors (see :mod:`citetrack.core`), or None."""
        got = self.__dict__.get("_core", False)
        if got is False:
            from .core import make
            n = max(1, -(-len(self.rules) // 64))  # 64-bit words per rule set
            got = self._core = None if self.empty else make(
                "Factors", [(s, *v, _words(v[1:], n)) for s, v in self.automaton.items()], n,
                (_words([self.left_free], n), _words([self.right_free], n), _words([self.leading], n)),
                [_words([v], n) for v in self.vetoes], list(self.rules))
        return got

    def occurrences(self, lowered: str, spans: list[tuple[int, int]] | None = None) -> "Occurrences":
        """Where the factors occur in ``lowered`` (only inside ``spans``, disjoint and in order, if
        given): an :class:`Occurrences`, or the compiled core's object that answers the same."""
        core = self._core_factors()
        if core is not None:  # the same answers, from the compiled core
            return core.occurrences(lowered, spans if spans is not None else [(0, len(lowered))])
        ends, starts, left, right, lead = [], [], [], [], []
        if not self.empty:
            for lo, hi in spans if spans is not None else [(0, len(lowered))]:
                found = list(self.automaton.iter(lowered[lo:hi] if lo or hi < len(lowered) else lowered))
                ends += [lo + end + 1 for end, _ in found]  # in order: the automaton reports by end
                starts += [lo + end + 1 - v[0] for end, v in found]
                left += [v[1] for _, v in found]
                right += [v[2] for _, v in found]
                lead += [v[3] for _, v in found]
        return Occurrences(starts, ends, left, right, self.longest, lead, self)

    def possible(self, left: set[int], right: set[int]) -> list[Rule]:
        """The rules (in order) whose required strings occur in the windows: the others cannot match."""
        lb, rb = 0, 0
        for f in left:
            lb |= self.left_bits.get(f, 0)
        for f in right:
            rb |= self.right_bits.get(f, 0)
        return self.rules_of(lb, rb)

    def allowed(self, among: int | None, flags: int) -> int | None:
        """The rules ``among`` (bits; None: every rule) less those a window's ``flags`` rule out
        (see :func:`window_flags`); None when that is every rule."""
        if not flags:
            return among
        veto = 0
        for i, v in enumerate(self.vetoes):
            if flags >> i & 1:
                veto |= v
        return (among if among is not None else (1 << len(self.rules)) - 1) & ~veto

    def rules_of(self, left: int, right: int, among: int | None = None) -> list[Rule]:
        bits = (self.left_free | left) & (self.right_free | right)
        if among is not None:
            bits &= among
        return self.rules_in(bits)

    def rules_in(self, bits: int) -> list[Rule]:
        """The rules of a rule set (bits, not negative), in order."""
        out = []
        while bits:
            low = bits & -bits
            out.append(self.rules[low.bit_length() - 1])
            bits ^= low
        return out


def _words(values: list[int], n: int) -> list[int]:
    """Rule sets (Python ints) as ``n`` 64-bit words each, one after the other."""
    return [v >> (64 * k) & 0xFFFFFFFFFFFFFFFF for v in values for k in range(n)]


def window_flags(weak: bool, show: bool, credit_only: bool, in_title: bool, at_sentence_start: bool,
                 cue_before: bool = False) -> int:
    """The flags of a mention's window, in the order of ``rules.VETOES``: each rules out rules."""
    return weak | show << 1 | credit_only << 2 | (not in_title) << 3 | (not at_sentence_start) << 4 | cue_before << 5


class Occurrences:
    """Where the factors occur in one text (in the order of their ends), with the rules each makes
    possible on the left and on the right of a mention (as bits). The compiled core's object
    (``citetrack_core.Found``) answers :meth:`candidates` and :meth:`lists` the same."""

    __slots__ = ("starts", "ends", "left", "right", "longest", "lead", "filter")

    def __init__(self, starts: list[int], ends: list[int], left: list[int], right: list[int], longest: int,
                 lead: list[int] | None = None, filter: RuleFilter | None = None):
        self.starts, self.ends, self.left, self.right, self.longest = starts, ends, left, right, longest
        self.lead = lead if lead is not None else [0] * len(starts)
        self.filter = filter

    def lists(self) -> tuple[list[int], ...]:
        return self.starts, self.ends, self.left, self.right, self.lead

    def bits(self, lo: int, hi: int, which: list[int]) -> int:
        """The union of ``which`` over the occurrences entirely inside text[lo:hi]."""
        ends = self.ends
        i, k = bisect_right(ends, lo), bisect_right(ends, hi)
        j = max(i, bisect_left(ends, lo + self.longest, i, k))  # from j on, every one starts after lo
        out = reduce(or_, which[j:k], 0)
        for t in range(i, j):
            if self.starts[t] >= lo:
                out |= which[t]
        return out

    def candidates(self, lo: int, start: int, end: int, hi: int, among: int | None = None,
                   flags: int = 0) -> list[tuple[Rule, list[int] | None]]:
        """The rules to try (in order) on a mention whose rules see text[lo:start] on the left and
        text[end:hi] on the right: those whose required strings occur there (``among`` them, if
        given) and that the window's ``flags`` do not rule out, each with the offsets in
        text[lo:start] where its ``before`` match can start (its leading strings' occurrences;
        None: the rule has no leading strings, anywhere)."""
        f = self.filter
        rules = f.rules_of(self.bits(lo, start, self.left), self.bits(end, hi, self.right), f.allowed(among, flags))
        if not rules:
            return []
        index, leading = f.index, f.leading
        ends, starts, lead = self.ends, self.starts, self.lead
        i, k = bisect_right(ends, lo), bisect_right(ends, start)
        out = []
        for rule in rules:
            bit = 1 << index[rule.id]
            if not leading & bit:
                out.append((rule, None))
            else:
                out.append((rule, sorted({starts[t] - lo for t in range(i, k) if lead[t] & bit and starts[t] >= lo})))
        return out


@memo(maxsize=4)
def rule_filter(ruleset: RuleSet) -> RuleFilter:
    return RuleFilter(ruleset)
