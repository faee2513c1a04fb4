"""What each attribution rule needs near a mention, read off its templates: cue words, punctuation,
a sentence start, and how far from the mention each may stand.

The templates' parse trees are read (like :mod:`citetrack.prefilter`, but every item that must
occur, not only the rarest): the words of the template and of the lexicon's word lists ("told",
"according", "in"), in the case the template asks for ("states" the verb, not "States");
punctuation ("[", "/"); for ``sentence_start`` / ``mid_line`` rules a sentence boundary before the
mention. A word counts as a whole word only where the template guarantees a non-word character
next to it inside the match; at the edge of the window a rule sees, "xtold" may end in "told", so
a word there is looked for as the end (or the start) of a word, and marked as such. Each need
also has a reach, read off what the template allows between it and the mention: at most so many
white-space gaps ("according to the X": two) and characters of the folded text (where every run
of white space is one space), and never more than the window a rule sees (LEFT_WINDOW before the
mention for ``before``, RIGHT_WINDOW after it for ``after``; ``later`` may match anywhere in that
window). An alternation needs one need of each branch, joined. Every need is necessary: a rule
whose needs are not all met near a mention cannot bind it (tested against the rules' matches).
:mod:`citetrack.reach` uses them on text dense with names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from .automaton import blanked
from .prefilter import _MAX_CLASS, _PLACEHOLDER, _name, _parse_template
from .rules import LEFT_WINDOW, RIGHT_WINDOW, Rule

_FINITE = 64  # a span of a template that spells at most this many strings is read as those strings
_UNBOUNDED = 1 << 30

_W, _N, _E = 1, 2, 4  # what stands next to an item: a word character, a non-word one, nothing (the window's edge)
_ANY = _W | _N | _E

#: where a sentence may start: after end punctuation (and closing quotes) and a space, see
#: sentences._CANDIDATE; after a blank line (a collapsed run of white space); at the text's start
STOP, RUN, START = "stop", "run", "start"
SENTENCE_START = re.compile(r"[.!?]+[\"')\]”]* ")


@dataclass(frozen=True)
class Cue:
    """A word as the folded text holds it with non-word characters blanked (" told " a whole
    word, "told " the end of one, " told" the start of one, "told" anywhere), in the text's case
    or (``icase``) in lower case; or one punctuation character of the folded text; or where a
    sentence may start (STOP, RUN, START)."""

    kind: str  # "word", "punct", "mark" (STOP, RUN, START)
    text: str
    icase: bool = True
    #: a word with no space on that side only because the window a rule sees may end there: found
    #: inside a longer word, it counts only where the window ends (see _Stretch.span)
    edge_left: bool = False
    edge_right: bool = False


Condition = frozenset  # of Cue: one of them must occur


@dataclass(frozen=True)
class Need:
    """One condition of a rule and its reach: at most ``gaps`` white-space gaps and ``chars``
    characters between the cue and the mention (before it) or the mention's end (after it);
    ``words``: False when only non-word characters may stand between (a sentence start right
    before a credit)."""

    cond: Condition
    gaps: int
    chars: int
    words: bool = True


def _cls(ch: str) -> int:
    return _W if ch.isalnum() or ch == "_" else _N


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return min(a[0] + b[0], _UNBOUNDED), min(a[1] + b[1], _UNBOUNDED)


def _times(a: tuple[int, int], k: int) -> tuple[int, int]:
    return min(a[0] * k, _UNBOUNDED), min(a[1] * k, _UNBOUNDED)


_ZERO = (0, 0)


class Reader:
    """Reads the conditions off the templates (with their macros) of one lexicon."""

    def __init__(self, lexicon):
        self.lex = lexicon
        self.trees: dict[tuple[str, bool], tuple] = {}
        self.memo: dict = {}

    def tree(self, template: str, spaces: bool):
        key = (template, spaces)
        if key not in self.trees:
            tree, names = _parse_template(template, spaces)
            icase = tree is not None and bool(tree.state.flags & re.IGNORECASE)
            self.trees[key] = (None if tree is None else list(tree), names, icase)
        return self.trees[key]

    def words_of(self, name: str) -> tuple[frozenset[str], bool] | None:
        """The forms of a word-list macro and whether they match only as written (None: the macro
        is a regex fragment)."""
        if ("words", name) not in self.memo:
            words, out = self.lex.words.get(name), None
            src = self.lex.macros.get(name, "")
            if words is not None and src.startswith("(?<![\\w-])"):
                forms = frozenset(" ".join(w.split()) for w in words if w.split())
                out = (forms, name in self.lex.exact)
            self.memo[("words", name)] = out
        return self.memo[("words", name)]

    def fragment(self, name: str):
        src = self.lex.macros.get(name)
        return (None, [], False) if src is None else self.tree(src, False)

    # -- what an item holds: (always one character or more, first characters, last characters)
    def props(self, item, names, depth=0):
        op, av = item
        op = _name(op)
        if op == "LITERAL":
            if _PLACEHOLDER <= av < _PLACEHOLDER + 4096:
                return self.macro_props(names[av - _PLACEHOLDER], depth)
            c = _cls(chr(av))
            return True, c, c
        if op in ("NOT_LITERAL", "ANY"):
            return True, _W | _N, _W | _N
        if op == "IN":
            c = _class_of(av)
            return True, c, c
        if op == "SUBPATTERN":
            return self.seq_props(list(av[-1]), names, depth)
        if op == "ATOMIC_GROUP":
            return self.seq_props(list(av), names, depth)
        if op == "BRANCH":
            ps = [self.seq_props(list(b), names, depth) for b in av[1]]
            return all(p[0] for p in ps), _or(p[1] for p in ps), _or(p[2] for p in ps)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, _hi, body = av
            p = self.seq_props(list(body), names, depth)
            return lo >= 1 and p[0], p[1], p[2]
        if op in ("AT", "ASSERT", "ASSERT_NOT"):
            return None  # no characters
        return False, _W | _N, _W | _N  # back-references and the like: anything, maybe nothing

    def ends(self, item, names, depth=0) -> tuple[int, bool]:
        """What the last character before the next item is, as far as this item decides it:
        (classes, decided). "(?:\\s+|(?<=[—–-]))" decides: a non-word character either way."""
        op, av = item
        op = _name(op)
        if op in ("AT", "ASSERT_NOT"):
            return 0, False
        if op == "ASSERT":
            direction, body = av
            body = list(body)
            if direction < 0 and len(body) == 1 and _name(body[0][0]) == "IN" and _class_of(body[0][1]) == _N:
                return _N, True
            return 0, False
        if op == "SUBPATTERN":
            return self.seq_ends(list(av[-1]), names, depth)
        if op == "ATOMIC_GROUP":
            return self.seq_ends(list(av), names, depth)
        if op == "BRANCH":
            got = [self.seq_ends(list(b), names, depth) for b in av[1]]
            return _or(g[0] for g in got), all(g[1] for g in got)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            mask, sure = self.seq_ends(list(av[2]), names, depth)
            return mask, sure and av[0] >= 1
        if op == "LITERAL" and _PLACEHOLDER <= av < _PLACEHOLDER + 4096:
            name = names[av - _PLACEHOLDER]
            if self.words_of(name) is None:
                sub, subnames, _ = self.fragment(name)
                if sub is not None and depth <= 8:
                    return self.seq_ends(sub, subnames, depth + 1)
        p = self.props(item, names, depth)
        return p[2], p[0]

    def seq_ends(self, items, names, depth=0) -> tuple[int, bool]:
        acc = 0
        for item in reversed(items):
            mask, sure = self.ends(item, names, depth)
            if sure:
                return acc | mask, True
            acc |= mask
        return acc, False

    def macro_props(self, name: str, depth: int):
        key = ("props", name)
        if key not in self.memo:
            self.memo[key] = (False, _W | _N, _W | _N)  # a cycle: anything
            self.memo[key] = self._macro_props(name, depth)
        return self.memo[key]

    def _macro_props(self, name: str, depth: int):
        words = self.words_of(name)
        if words is not None:
            forms = words[0]
            return bool(forms), _or(_cls(w[0]) for w in forms), _or(_cls(w[-1]) for w in forms)
        items, names, _ = self.fragment(name)
        if items is None or depth > 8:
            return False, _W | _N, _W | _N
        return self.seq_props(items, names, depth + 1)

    def seq_props(self, items, names, depth=0):
        nonempty, first, last = False, 0, 0
        for item in items:
            p = self.props(item, names, depth)
            if p is None:
                continue
            if not nonempty:
                first |= p[1]
            last = p[2] if p[0] else last | p[2]
            nonempty = nonempty or p[0]
        return nonempty, first, last

    def may_word(self, items, names, depth=0) -> bool:
        """Whether the items may match a word character."""
        for op, av in items:
            op = _name(op)
            if op == "LITERAL":
                if _PLACEHOLDER <= av < _PLACEHOLDER + 4096:
                    name = names[av - _PLACEHOLDER]
                    if self.words_of(name) is not None:
                        return True
                    sub, subnames, _ = self.fragment(name)
                    if sub is None or depth > 8 or self.may_word(sub, subnames, depth + 1):
                        return True
                elif _cls(chr(av)) == _W:
                    return True
            elif op in ("NOT_LITERAL", "ANY"):
                return True
            elif op == "IN":
                if _class_of(av) & _W:
                    return True
            elif op == "SUBPATTERN":
                if self.may_word(list(av[-1]), names, depth):
                    return True
            elif op == "ATOMIC_GROUP":
                if self.may_word(list(av), names, depth):
                    return True
            elif op == "BRANCH":
                if any(self.may_word(list(b), names, depth) for b in av[1]):
                    return True
            elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                if av[1] > 0 and self.may_word(list(av[2]), names, depth):
                    return True
            elif op not in ("AT", "ASSERT", "ASSERT_NOT"):
                return True
        return False

    # -- how much an item can hold: (white-space gaps, characters) of the folded text at most
    def width(self, item, names, depth=0) -> tuple[int, int]:
        op, av = item
        op = _name(op)
        if op == "LITERAL":
            if _PLACEHOLDER <= av < _PLACEHOLDER + 4096:
                return self.macro_width(names[av - _PLACEHOLDER], depth)
            return (1 if chr(av).isspace() else 0), 1
        if op in ("NOT_LITERAL", "ANY"):
            return 1, 1
        if op == "IN":
            return (1 if _may_space(av) else 0), 1
        if op == "SUBPATTERN":
            return self.seq_width(list(av[-1]), names, depth)
        if op == "ATOMIC_GROUP":
            return self.seq_width(list(av), names, depth)
        if op == "BRANCH":
            ws = [self.seq_width(list(b), names, depth) for b in av[1]]
            return max(w[0] for w in ws), max(w[1] for w in ws)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body = av
            body = list(body)
            if len(body) == 1 and _name(body[0][0]) == "IN" and _only_space(body[0][1]):
                return 1, 1  # a run of white space is one space once folded
            w = self.seq_width(body, names, depth)
            if hi >= 65535:
                return (_UNBOUNDED if w[0] else 0), (_UNBOUNDED if w[1] else 0)
            return _times(w, hi)
        if op in ("AT", "ASSERT", "ASSERT_NOT"):
            return _ZERO
        return _UNBOUNDED, _UNBOUNDED

    def macro_width(self, name: str, depth: int) -> tuple[int, int]:
        key = ("width", name)
        if key not in self.memo:
            self.memo[key] = (_UNBOUNDED, _UNBOUNDED)  # a cycle: unbounded
            words = self.words_of(name)
            if words is not None:
                forms = words[0]
                self.memo[key] = (max((f.count(" ") for f in forms), default=0), max(map(len, forms), default=0))
            else:
                items, names, _ = self.fragment(name)
                if items is not None and depth <= 8:
                    self.memo[key] = self.seq_width(items, names, depth + 1)
        return self.memo[key]

    def seq_width(self, items, names, depth=0) -> tuple[int, int]:
        out = _ZERO
        for item in items:
            out = _add(out, self.width(item, names, depth))
        return out

    # -- the needs of a sequence, given what stands before it and after it (left, right), the
    # width of the template before it (pre) and after it (post)
    def needs(self, items, names, left: int, right: int, pre, post, icase: bool, depth=0) -> list[tuple]:
        """(condition, width before it, width after it) of every condition of the items."""
        props = [self.props(it, names, depth) for it in items]
        widths = [self.width(it, names, depth) for it in items]
        n = len(items)
        before, after = [0] * n, [0] * n
        ctx = left
        for i in range(n):
            before[i] = ctx
            mask, sure = self.ends(items[i], names, depth)
            ctx = mask if sure else mask | ctx
        ctx = right
        for i in range(n - 1, -1, -1):
            after[i] = ctx
            p = props[i]
            if p is not None:
                ctx = p[1] if p[0] else p[1] | ctx
        pres, posts = [pre] * (n + 1), [post] * (n + 1)
        for i in range(n):
            pres[i + 1] = _add(pres[i], widths[i])
        for i in range(n - 1, -1, -1):
            posts[i] = _add(posts[i + 1], widths[i])
        out: list[tuple] = []
        i = 0
        while i < n:
            # a span of items that spell a few strings ("th" + "e|at|is": the parser's trie of "the|that|this")
            j, strings = i, {""}
            while j < n and props[j] is not None:
                f = self.finite(items[j])
                if f is None:
                    break
                grown = {a + b for a in strings for b in f}
                if len(grown) > _FINITE:
                    break
                strings, j = grown, j + 1
            if j > i:
                own = self.seq_width(items[i:j], names, depth)
                for cond in _string_conditions(strings, self._left(items, props, i, before),
                                               self._right(items, props, j - 1, after), icase):
                    out.append((cond, _add(pres[i], own), _add(posts[j], own)))
                i = j
                continue
            op, av = items[i]
            lc, rc = self._left(items, props, i, before), self._right(items, props, i, after)
            out.extend(self.item_needs(_name(op), av, names, lc, rc, pres[i], posts[i + 1], icase, depth))
            i += 1
        return out

    def finite(self, item) -> set[str] | None:
        """The strings an item can match, if they are few and literal (None otherwise)."""
        op, av = item
        op = _name(op)
        if op == "LITERAL":
            return None if _PLACEHOLDER <= av < _PLACEHOLDER + 4096 else {chr(av)}
        if op == "IN":
            if len(av) <= _MAX_CLASS and all(_name(o) == "LITERAL" and not _PLACEHOLDER <= c < _PLACEHOLDER + 4096
                                            for o, c in av):
                return {chr(c) for _, c in av}
            return None
        if op == "SUBPATTERN":
            if av[1] & re.IGNORECASE or av[2] & re.IGNORECASE:
                return None  # another case: read on its own
            return self.finite_seq(list(av[-1]))
        if op == "BRANCH":
            out: set[str] = set()
            for branch in av[1]:
                f = self.finite_seq(list(branch))
                if f is None:
                    return None
                out |= f
                if len(out) > _FINITE:
                    return None
            return out
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body = av
            f = self.finite_seq(list(body))
            if f is None or hi > 2:
                return None
            out, cur = ({""} if lo == 0 else set()), {""}
            for k in range(1, hi + 1):
                cur = {a + b for a in cur for b in f}
                if k >= lo:
                    out |= cur
            return out if len(out) <= _FINITE else None
        return None

    def finite_seq(self, items) -> set[str] | None:
        out = {""}
        for item in items:
            if _name(item[0]) in ("AT", "ASSERT", "ASSERT_NOT"):
                return None  # keep the assertion: it tells what stands next to the words
            f = self.finite(item)
            if f is None:
                return None
            out = {a + b for a in out for b in f}
            if len(out) > _FINITE:
                return None
        return out

    def _left(self, items, props, i, before) -> int:
        """What may stand before item ``i``, narrowed by the assertions right before it ("\\b",
        "(?<![\\w-])")."""
        ctx = before[i]
        first = props[i][1] if props[i] is not None else 0
        j = i - 1
        while j >= 0 and props[j] is None:
            ctx = _narrow(items[j], ctx, first, behind=True)
            j -= 1
        return ctx

    def _right(self, items, props, i, after) -> int:
        ctx = after[i]
        last = props[i][2] if props[i] is not None else 0
        j = i + 1
        while j < len(items) and props[j] is None:
            ctx = _narrow(items[j], ctx, last, behind=False)
            j += 1
        return ctx

    def item_needs(self, op: str, av, names, left: int, right: int, pre, post, icase: bool, depth: int) -> list:
        if op == "LITERAL":  # a macro
            name = names[av - _PLACEHOLDER]
            words = self.words_of(name)
            if words is not None:
                forms, exact = words
                if not forms:
                    return []
                own = self.macro_width(name, depth)
                key = ("cues", name, left, right, icase)
                if key not in self.memo:
                    self.memo[key] = frozenset(c for f in forms for c in _form_cues(f, left, right, icase, exact))
                return [(self.memo[key], _add(pre, own), _add(post, own))]
            items, sub, _ = self.fragment(name)
            if items is None or depth > 8:
                return []
            return self.needs(items, sub, left, right, pre, post, icase, depth + 1)
        if op == "SUBPATTERN":
            _group, add, delete, body = av
            inner = (icase or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
            return self.needs(list(body), names, left, right, pre, post, inner, depth)
        if op == "ATOMIC_GROUP":
            return self.needs(list(av), names, left, right, pre, post, icase, depth)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body = av
            if lo < 1:
                return []
            body = list(body)
            again = self.seq_props(body, names, depth)[1] if hi != 1 else 0
            more = self.seq_width(body, names, depth)
            more = _times(more, hi - 1) if hi < 65535 else (_UNBOUNDED if more[0] else 0, _UNBOUNDED if more[1] else 0)
            # the first time round is enough; the others stand after it
            return self.needs(body, names, left, right | again, pre, _add(post, more), icase, depth)
        if op == "BRANCH":
            return _either([self.needs(list(branch), names, left, right, pre, post, icase, depth)
                            for branch in av[1]])
        if op == "IN":  # "{A}|{B}", folded by the parser into a class of placeholders
            if all(_name(o) == "LITERAL" for o, _ in av):
                best = []
                for _, c in av:
                    got = self.item_needs("LITERAL", c, names, left, right, pre, post, icase, depth) \
                        if c >= _PLACEHOLDER else [(cond, pre, post) for cond in
                                                   _string_conditions({chr(c)}, left, right, icase)]
                    if not got:
                        return []
                    best.append(max(got, key=lambda g: _strength(g[0])))
                return [(frozenset().union(*(b[0] for b in best)), _widest(b[1] for b in best),
                         _widest(b[2] for b in best))]
        return []


def _either(branches: list[list[tuple]]) -> list[tuple]:
    """The needs of an alternation, given those of each branch: (A and B) or C needs A or C, and
    B or C. One need of each branch, joined, for a few choices (the strongest of each first)."""
    if not branches or not all(branches):
        return []  # a branch that needs nothing
    ranked = [sorted(got, key=lambda g: _strength(g[0]), reverse=True)[:3] for got in branches]
    out = []
    for choice in product(*ranked):
        out.append((frozenset().union(*(c[0] for c in choice)), _widest(c[1] for c in choice),
                    _widest(c[2] for c in choice)))
        if len(out) >= 16:
            break
    return out


def _widest(ws) -> tuple[int, int]:
    ws = list(ws)
    return max(w[0] for w in ws), max(w[1] for w in ws)


def _or(masks) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


def _class_of(av) -> int:
    """The characters a class may match: word ones, non-word ones, or both."""
    out, negate = 0, False
    for o, a in av:
        o = _name(o)
        if o == "NEGATE":
            negate = True
        elif o == "LITERAL":
            out |= _cls(chr(a))
        elif o == "CATEGORY":
            cat = _name(a)
            out |= {"CATEGORY_SPACE": _N, "CATEGORY_NOT_WORD": _N, "CATEGORY_WORD": _W,
                    "CATEGORY_DIGIT": _W}.get(cat, _W | _N)
            if negate and cat == "CATEGORY_WORD":
                return _N  # [^\w...]: no word character
        elif o == "RANGE":
            lo, hi = a
            out |= _or(_cls(chr(c)) for c in range(lo, hi + 1)) if hi - lo < 512 else _W | _N
        else:
            out |= _W | _N
    return _W | _N if negate else out


def _may_space(av) -> bool:
    """Whether a class may match white space."""
    negate = any(_name(o) == "NEGATE" for o, _ in av)
    has = any((_name(o) == "LITERAL" and chr(a).isspace())
              or (_name(o) == "CATEGORY" and _name(a) in ("CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_NOT_DIGIT"))
              or (_name(o) == "RANGE" and a[0] <= 0x20 <= a[1]) for o, a in av)
    if negate:
        return not any(_name(o) == "CATEGORY" and _name(a) == "CATEGORY_SPACE" for o, a in av)
    return has


def _only_space(av) -> bool:
    return bool(av) and all((_name(o) == "LITERAL" and chr(a).isspace())
                            or (_name(o) == "CATEGORY" and _name(a) == "CATEGORY_SPACE") for o, a in av)


def _narrow(item, ctx: int, near: int, *, behind: bool) -> int:
    """What an assertion next to an item says about the character beyond it: "\\b" next to a
    word character means a non-word one (or the edge); a look-around of non-word characters (or
    of none of the word characters) likewise."""
    op, av = item
    op = _name(op)
    if op == "AT" and _name(av) == "AT_BOUNDARY" and near == _W:
        return ctx & ~_W
    if op in ("ASSERT", "ASSERT_NOT"):
        direction, body = av
        if (direction < 0) != behind:
            return ctx
        body = list(body)
        if len(body) == 1 and _name(body[0][0]) == "IN":
            c = _class_of(body[0][1])
            if op == "ASSERT" and c == _N:
                return ctx & _N  # (?<=[—–-]): a non-word character, so not the edge either
            if op == "ASSERT_NOT" and any(_name(o) == "CATEGORY" and _name(a) == "CATEGORY_WORD" for o, a in body[0][1]):
                return ctx & ~_W  # (?<![\w-])
    return ctx


def _key(word: str, left: int, right: int, icase: bool) -> Cue:
    """A word as the automaton looks for it: with a space on a side where a non-word character
    surely stands."""
    core = word.lower() if icase else word
    if not core.isalnum():
        core = blanked(core)
    return Cue("word", (" " if left == _N else "") + core + (" " if right == _N else ""), icase,
               left == _N | _E or left == _E, right == _N | _E or right == _E)


def _form_cues(form: str, left: int, right: int, icase: bool, exact: bool) -> list[Cue]:
    """The best word of one form of a word list (inside the form, words stand between white
    space; the list asserts no word character around it), and its spelling with a capital when
    it starts the form and the list also matches so."""
    words = form.split()
    left, right = left & ~_W, right & ~_W
    if len(words) == 1:
        best, i = _key(words[0], left, right, icase), 0
    else:
        keys = [(_key(w, _N if i > 0 else left, _N if i < len(words) - 1 else right, icase), i)
                for i, w in enumerate(words)]
        best, i = max(keys, key=lambda k: _cue_strength(k[0]))
    if icase or exact or i > 0 or not words[0][:1].islower():
        return [best]
    w = words[0]
    return [best, _key(w[0].upper() + w[1:], left, _N if len(words) > 1 else right, False)]


def _string_conditions(strings: set[str], left: int, right: int, icase: bool) -> list[Condition]:
    """What one of a few literal strings holds: of one string, each word and punctuation mark;
    of several, the best of each (one condition)."""
    per = [_string_cues(t, left, right, icase) for t in strings]
    if len(per) == 1:
        return [frozenset([c]) for c in per[0]]
    if not all(per):
        return []  # one of them has nothing to look for (an empty alternative)
    return [frozenset(max(cues, key=_cue_strength) for cues in per)]


def _string_cues(chars: str, left: int, right: int, icase: bool) -> list[Cue]:
    out = []
    i, n = 0, len(chars)
    while i < n:
        if _cls(chars[i]) == _W:
            j = i
            while j < n and _cls(chars[j]) == _W:
                j += 1
            out.append(_key(chars[i:j], _N if i > 0 else left, _N if j < n else right, icase))
            i = j
            continue
        if not chars[i].isspace():
            out.append(Cue("punct", "'" if chars[i] == "’" else chars[i]))
        i += 1
    return out


_WEAK = frozenset("a an the of in on to at by for with and or as from is was it s".split())


@lru_cache(maxsize=None)
def _cue_strength(c: Cue) -> int:
    """How rare a cue is likely to be: a long word that is not a function word, bounded."""
    if c.kind == "word":
        core = c.text.strip()
        return ((core.lower() not in _WEAK) * 10 + (c.text[:1] == " ") + (c.text[-1:] == " ")
                + min(len(core), 8) + 2 * (not c.icase and core.islower()))
    return 6 if c.kind == "punct" else 1


def _strength(cond: Condition) -> tuple[int, int]:
    return min(map(_cue_strength, cond)), -len(cond)


_SENTENCE = frozenset([Cue("mark", STOP), Cue("mark", RUN), Cue("mark", START)])
_MID_LINE = frozenset([Cue("mark", STOP)])  # a sentence that starts mid-line follows end punctuation


@dataclass(frozen=True)
class RuleCues:
    """What one rule needs: each ``left`` need before the mention, each ``right`` one after it;
    ``title``: only in a headline."""

    rule: Rule
    left: tuple[Need, ...]
    right: tuple[Need, ...]
    title: bool


def rule_cues(rule: Rule, lexicon, reader: Reader | None = None) -> RuleCues:
    """The needs of one rule, read off its templates (a rule made without templates needs nothing)."""
    reader = reader or Reader(lexicon)
    window_left, window_right = (LEFT_WINDOW // 2, LEFT_WINDOW), (RIGHT_WINDOW // 2, RIGHT_WINDOW)

    def tree(key: str):
        if getattr(rule, key) is None or rule.template(key) is None:
            return None, [], False
        return reader.tree(rule.template(key), True)

    def read(key: str, left: int, side: str) -> list[Need]:
        items, names, icase = tree(key)
        if items is None:
            return []
        out = []
        for cond, pre, post in reader.needs(items, names, left, _ANY, _ZERO, _ZERO, icase):
            # before: what stands between the cue and the mention is the rest of the template;
            # after: what stands between the mention's end and the cue is the template before it;
            # later: searched anywhere after the mention, so the window's width
            reach = post if side == "before" else pre if side == "after" else window_right
            limit = window_left if side == "before" else window_right
            out.append(Need(cond, min(reach[0], limit[0]), min(reach[1], limit[1])))
        return out

    # a sentence-start rule's window begins at the sentence, after white space
    left = read("before", _N if rule.sentence_start else _ANY, "before")
    if rule.sentence_start:  # and its ``before`` spans all of it, up to the mention
        items, names, _ = tree("before")
        width = reader.seq_width(items, names) if items is not None else window_left
        words = items is None or reader.may_word(items, names)
        left.append(Need(_SENTENCE if not rule.mid_line else _MID_LINE, min(width[0], window_left[0]),
                         min(width[1], window_left[1]), words))
    # ``later`` is searched from the end of the ``after`` match: what that match ends with
    # stands before it (with no ``after``, the mention's own last character: anything)
    later_left = _ANY
    items, names, _ = tree("after")
    if items is not None and reader.seq_props(items, names)[0]:
        mask, sure = reader.seq_ends(items, names)
        later_left = mask if sure else _ANY
    right = read("after", _ANY, "after") + read("later", later_left, "later")
    return RuleCues(rule, tuple(dict.fromkeys(left)), tuple(dict.fromkeys(right)), rule.where == "title")
