"""Literal strings a regex needs: one of which every match must contain, read off its parse tree.

An exact, necessary condition: where none of the strings occurs (in the lower-cased text), the
pattern cannot match, so it need not be tried. :mod:`citetrack.prefilter` uses it on the rules'
templates, :mod:`citetrack.wire` on the wire signals; both stay exact because a skipped pattern
could not have matched.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

Factors = frozenset  # of literal strings, lower case

_MAX_CLASS = 12  # a character class of at most this many literal characters counts as a factor


def _tree(pattern: re.Pattern) -> list:
    """The pattern's top-level items as ``re``'s parser gives them."""
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return []


def required(pattern: re.Pattern) -> Factors | None:
    """Lower-case strings one of which every match of ``pattern`` contains (None: no such set found)."""
    return _sequence(_tree(pattern))


def anchored_at_end(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` ends at the end of the string (its last item is ``\\Z``)."""
    tree = _tree(pattern)
    return bool(tree) and _name(tree[-1][0]) == "AT" and _name(tree[-1][1]) == "AT_END_STRING"


def anchored_at_line_start(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` starts at a line start (``(?m)^`` is its first item)."""
    tree = _tree(pattern) if pattern.flags & re.MULTILINE else []
    return bool(tree) and _name(tree[0][0]) == "AT" and _name(tree[0][1]) == "AT_BEGINNING"


def _name(op) -> str:
    return getattr(op, "name", str(op))


def _score(f: Factors) -> tuple[int, int]:
    return (min(len(s) for s in f), -len(f))


_PLACEHOLDER = 0xE000  # private-use characters stand for macros in a template (see template_required)
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


def _leading(items: list, macro) -> Factors | None:
    run: list[str] = []
    for op, av in items:
        name = _name(op)
        if name in _ZERO_WIDTH and not run:
            continue  # "\b", look-arounds: no characters
        if name == "LITERAL":
            if _PLACEHOLDER <= av < _PLACEHOLDER + 4096:
                return frozenset(run and ["".join(run)]) if run else macro(av - _PLACEHOLDER)
            run.append(chr(av).lower())
            continue
        one = _one_char(name, av)
        if one is not None:
            run.append(one)
            continue
        if run:
            return frozenset(["".join(run)])
        return _nested(name, av, lambda items: _leading(items, macro), macro)
    return frozenset(["".join(run)]) if run else None


def _union(parts: list, factors) -> Factors | None:
    """The union of ``factors(part)`` over the parts (branches of an alternation): None when
    any part has none, since a match may then go through that part."""
    out: set[str] = set()
    for part in parts:
        f = factors(part)
        if not f:
            return None
        out |= f
    return frozenset(out)


def _one_char(op: str, av) -> str | None:
    """The one lower-case character a class of ASCII letters stands for in the lower-cased text
    ("[Cc]" is "c"), so that it joins the literals around it: "\\([Cc]\\)" needs "(c)", not "(".
    ASCII only: every other character's lower case may be longer, or depend on what follows."""
    if op != "IN" or not av or not all(_name(o) == "LITERAL" and c < 128 for o, c in av):
        return None
    lowered = {chr(c).lower() for _, c in av}
    return lowered.pop() if len(lowered) == 1 else None


def _class(av, macro) -> Factors | None:
    """A character class of a few literals, e.g. "[\\[(]"; "{A}|{B}" also becomes a class of
    placeholders when the parser folds an alternation of single characters."""
    if len(av) > _MAX_CLASS or not all(_name(o) == "LITERAL" for o, _ in av):
        return None
    if macro is not None and any(_PLACEHOLDER <= c < _PLACEHOLDER + 4096 for _, c in av):
        return _union([c for _, c in av], lambda c: macro(c - _PLACEHOLDER) if c >= _PLACEHOLDER
                      else frozenset([chr(c).lower()]))
    return frozenset(chr(c).lower() for _, c in av)


def _sequence(items: list, macro=None) -> Factors | None:
    candidates: list[Factors] = []
    run: list[str] = []
    for op, av in items:
        if _name(op) == "LITERAL":
            if macro is not None and av >= _PLACEHOLDER and av < _PLACEHOLDER + 4096:
                if run:
                    candidates.append(frozenset(["".join(run)]))
                    run = []
                f = macro(av - _PLACEHOLDER)
                if f:
                    candidates.append(f)
                continue
            run.append(chr(av).lower())
            continue
        one = _one_char(_name(op), av)
        if one is not None:
            run.append(one)
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        f = _item(_name(op), av, macro)
        if f:
            candidates.append(f)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return max(candidates, key=_score) if candidates else None


def _item(op: str, av, macro=None) -> Factors | None:
    return _nested(op, av, lambda items: _sequence(items, macro), macro)


def _nested(op: str, av, inner, macro) -> Factors | None:
    """The factors of one non-literal node, ``inner`` giving those of a nested item list: a group
    is its content, an alternation the union of its branches, a repeat its body when it must
    occur at least once, a class its few literals. Anything else (assertions, anchors,
    categories, any character, back-references) has none."""
    if op == "SUBPATTERN":
        return inner(list(av[-1]))
    if op == "ATOMIC_GROUP":
        return inner(list(av))
    if op == "BRANCH":
        return _union([list(branch) for branch in av[1]], inner)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, _hi, body = av
        return inner(list(body)) if lo >= 1 else None
    if op == "IN":
        return _class(av, macro)
    return None
