"""A Python ``re`` pattern as a ``fancy-regex`` source that matches exactly the same text.

The compiled core (docs/compiled-core.md, decision 2) runs citetrack's regexes with Rust's
``fancy-regex`` 0.7 (Debian's), which hands every part without look-arounds to the ``regex`` crate
1.7. Both disagree with ``re`` on the shorthand classes, word boundaries, ``$``, case-insensitive
matching and some syntax, so the core never reads a pattern as written: :func:`translate` walks
``re``'s own parse tree (``re._parser.parse``; ``sre_parse`` on 3.10) and writes every construct
in a form whose meaning in fancy-regex is fixed and whose sets come from ``re``'s own tables
(:mod:`citetrack.unitables`). The result matches what ``re`` matches, at the same positions,
with the same groups (numbered and named). Nothing is rewritten as text.

The source is written in the part of the syntax that ``re`` and fancy-regex share and read
alike, so the very string the core compiles can be compiled by ``re`` too, and checked against the
original on every code point (tests/test_regexport.py). What each construct becomes:

- every class (``\\w``, ``\\S``, ``[^\\W_]``, ``[a-z\\d]`` ...): an explicit class of code-point
  ranges, or the complement ``[^...]`` of one when that is shorter. No shorthand class and no
  ``(?i)`` reaches the Rust side. Lone surrogates are left out of every set: a Rust string cannot
  hold one, so no text the core sees does;
- a character: ASCII letters and digits, and everything beyond ASCII, as it is (no such
  character means anything to either parser); other printable ASCII escaped with a backslash
  outside a class, the rest of ASCII as ``\\xHH`` (both read it; fancy-regex has no ``\\N{...}``,
  ``\\0`` or ``\\Z``, ``re`` no ``\\x{...}`` or ``\\z``);
- ``\\b`` / ``\\B``: look-arounds on the explicit ``\\w`` class (``(?<=W)(?!W)|(?<!W)(?=W)``);
  ``re``'s ``\\B`` does not match in an empty string (before Python 3.14): read from the running
  Python, and written as a guard;
- ``\\A`` -> ``\\A``; ``\\Z`` -> ``(?!(?s:.))`` (no character follows); ``^`` -> ``\\A``, or ``(?m:^)``
  under MULTILINE; ``$`` -> ``(?=\\n?(?!(?s:.)))`` (the end, or before a final newline), or ``(?m:$)``
  under MULTILINE (before any ``\\n`` or at the end, the same in both); ``.`` -> ``.`` (any but
  ``\\n`` in both) or ``(?s:.)`` under DOTALL;
- possessive quantifiers (``a*+``) and atomic groups -> ``(?>...)``, which fancy-regex runs in its
  backtracking VM with the same cut as ``re``; look-arounds as written (``re`` admits only
  fixed-width look-behinds, which fancy-regex requires);
- flags are resolved while walking (scoped ``(?i:...)`` included), so the source carries none;
- an empty alternative (``(?:|x)``) -> ``a{0}``: fancy-regex turns an empty branch of an
  alternation it hands to ``regex`` into a trailing ``?``, which would try ``x`` first.

IGNORECASE: **explicit case classes from Python's tables**, not the ``regex`` crate's folding.
``re`` matches a cased literal by its simple lower case plus the extra equivalences of
``re._casefix`` ("i" ~ "İ" ~ "ı", "s" ~ "ſ", "k" ~ "K"), while ``regex`` uses Unicode simple case
folding, so they differ on such characters (``(?i)i`` matches "İ" in ``re``, not in ``regex``).
:func:`citetrack.automaton.lowered` keeps those texts from the folded path, but relying on that
would need a proof over every code point and every text, redone for each Python and each crate
version; explicit classes need none. Each cased literal under IGNORECASE becomes the class of
every code point that ``re`` matches with it (``unitables.case_sets``: ``s`` -> ``[Ssſ]``), a
class under IGNORECASE with a cased member is computed whole by ``re`` over every code point
(``unitables.atom_set``), and an uncased character or a class without a cased member is written
as it is (``re``'s compiler makes the same choice, with the same ``_sre.unicode_iscased``). The
``regex`` crate compiles ``(?i)`` into the same kind of class, so this costs no speed.

Not translated (:class:`TranslateError`, naming the construct): bytes patterns, LOCALE,
back-references (``\\1``, ``(?P=name)``: fancy-regex 0.7.1's parser drops its record of which
groups they refer to), conditional groups ``(?(1)a|b)``, a repeat of
something that can match the empty string more than once (``re`` and fancy-regex stop such
loops by different rules), a quantified zero-width assertion, and group names fancy-regex cannot
read (not ASCII letters, digits and ``_``).
"""
from __future__ import annotations

import re
import sys

import _sre
from functools import lru_cache

from . import unitables as ut
from .errors import CitetrackError

if sys.version_info >= (3, 11):
    from re import _constants as C, _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants as C
    import sre_parse

#: the flags as plain ints (RegexFlag's operators cost ~1 us a call, a million calls a rule set)
I, M, S, A, U = (int(f) for f in (re.IGNORECASE, re.MULTILINE, re.DOTALL, re.ASCII, re.UNICODE))
#: ``re``'s \\B does not match inside an empty string (true before Python 3.14): read, not assumed
_B_NEEDS_TEXT = re.search(r"\B", "") is None
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SCALARS = ut.without_surrogates(((0, ut.LIMIT - 1),))
_NEVER = "(?!)"
_ANY_CHAR = "(?s:.)"
#: the end of the text, written the one way both re and fancy-regex read alike (re has no \\z
#: before 3.14, fancy-regex no \\Z)
_END = "(?!(?s:.))"
_CATEGORIES = {
    C.CATEGORY_DIGIT: (ut.digit, False), C.CATEGORY_NOT_DIGIT: (ut.digit, True),
    C.CATEGORY_SPACE: (ut.space, False), C.CATEGORY_NOT_SPACE: (ut.space, True),
    C.CATEGORY_WORD: (ut.word, False), C.CATEGORY_NOT_WORD: (ut.word, True),
}
_CATEGORY_SOURCE = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


class TranslateError(CitetrackError):
    """A pattern (or a construct in it) that has no exact fancy-regex equivalent here."""


def translate(pattern: re.Pattern | str, flags: int = 0) -> str:
    """A fancy-regex source matching exactly what ``re`` matches with ``pattern`` (and ``flags``,
    for a str): same matches, same positions, same groups. Raises :class:`TranslateError`."""
    return _translated(*_source(pattern, flags))[0]


def translate_for_ascii(pattern: re.Pattern | str, flags: int = 0, also: str = "") -> str:
    """:func:`translate` for ASCII text only, and faster there: ``\\b`` as the ``regex`` crate's own
    and ``\\Z`` as ``\\z``, which it runs in its automata instead of fancy-regex's backtracking VM
    (on ASCII text its word characters are ``re``'s: letters, digits and "_"), and every class cut
    to its ASCII members (a far smaller program). Not for ``re``, which reads no ``\\z`` (before
    3.14); the core uses it only on windows that are all ASCII, or ASCII and the characters of
    ``also``: punctuation, symbols and spaces that no case, ``re``'s word characters or the
    ``regex`` crate's know (curly quotes, dashes, "£", the no-break space), which the classes
    then keep too (:func:`plain_extras` tells which characters qualify)."""
    bad = [c for c in also if c not in plain_extras(c)]
    if bad:
        raise TranslateError(f"{bad[0]!r} is no plain punctuation, symbol or space")
    return _translated(*_source(pattern, flags), alphabet="".join(sorted(set(also))))[0]


def plain_extras(chars: str) -> str:
    """Those of ``chars`` beyond ASCII that :func:`translate_for_ascii` may allow besides it: no
    case (``re`` matches them as themselves under IGNORECASE, ``str.lower`` keeps them), not a word
    character for ``re`` (``str.isalnum``) nor for the ``regex`` crate's ``\\b`` (letters, marks,
    digits, connector punctuation), not a line break."""
    import unicodedata
    return "".join(c for c in chars if ord(c) > 0x7F and not _sre.unicode_iscased(ord(c)) and c.lower() == c == c.upper()
                   and not c.isalnum() and unicodedata.category(c)[0] in "PSZ" and unicodedata.category(c) != "Pc"
                   and c not in "\x85\u2028\u2029")


def can_match_empty(pattern: re.Pattern | str, flags: int = 0) -> bool:
    """Whether the pattern can match the empty string somewhere (the core's ``find_all`` refuses
    such patterns: see core/src/pattern.rs)."""
    return _translated(*_source(pattern, flags))[1] == 0


def _source(pattern: re.Pattern | str, flags: int) -> tuple[str, int]:
    if isinstance(pattern, re.Pattern):
        source, flags = pattern.pattern, pattern.flags | flags
    else:
        source = pattern
    if not isinstance(source, str):
        raise TranslateError("a bytes pattern cannot be translated (the core matches str text)")
    return source, int(flags)


@lru_cache(maxsize=1024)
def _translated(source: str, flags: int, alphabet: str | None = None) -> tuple[str, int]:
    """The translation and the pattern's shortest match, in characters (memoised). ``alphabet``:
    for text of ASCII and these characters only (see translate_for_ascii); None: for any text."""
    try:
        tree = sre_parse.parse(source, flags)
    except re.error as exc:
        raise TranslateError(f"not a valid regex: {exc}") from None
    flags = int(tree.state.flags)
    if flags & re.LOCALE:
        raise TranslateError("the LOCALE flag (bytes patterns only)")
    names = {index: name for name, index in tree.state.groupdict.items()}
    for name in names.values():
        if not _NAME.match(name):
            raise TranslateError(f"group name {name!r} (fancy-regex reads ASCII letters, digits and _ only)")
    _Writer.prepare(tree.data, flags)
    return _Writer(names, alphabet).seq(tree.data, flags), _width_of(tree)[0]


def _width_of(sub) -> tuple[int, int]:
    lo, hi = sub.getwidth()
    return lo, hi


class _Writer:
    """Writes one parse tree; every method returns the source of one construct."""

    def __init__(self, names: dict[int, str], alphabet: str | None = None):
        self.names = names
        self.ascii_text = alphabet is not None  # see translate_for_ascii
        self.extras = tuple(sorted(ord(c) for c in alphabet or ""))

    def cls(self, ranges: ut.Ranges) -> str:
        """:func:`_class`; for ASCII text only, only its ASCII members and the extra characters
        (a far smaller program)."""
        if self.ascii_text:
            kept = [(lo, min(hi, 127)) for lo, hi in ranges if lo <= 127]
            kept += [(c, c) for c in self.extras if any(lo <= c <= hi for lo, hi in ranges)]
            ranges = ut.merge(kept)
        return _class(ranges)

    @staticmethod
    def prepare(data, flags: int) -> None:
        """Compute the case sets of every literal under IGNORECASE in one batch (one pass over
        every code point for all of them: see unitables.case_sets)."""
        wanted: dict[int, set[str]] = {}

        def walk(items, fl):
            for op, av in items:
                if op is C.LITERAL and fl & I:
                    wanted.setdefault(_case_flags(fl), set()).add(chr(av))
                elif op is C.SUBPATTERN:
                    walk(av[3].data, (fl | av[1]) & ~av[2])
                elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                    walk(av[2].data, fl)
                elif op is C.BRANCH:
                    for b in av[1]:
                        walk(b.data, fl)
                elif op in (C.ASSERT, C.ASSERT_NOT):
                    walk(av[1].data, fl)
                elif op is getattr(C, "ATOMIC_GROUP", None):
                    walk(av.data, fl)
        walk(data, flags)
        for fl, chars in wanted.items():
            cased = {c for c in chars if _cased(ord(c), fl)}
            if cased:  # the ASCII letters come in the same pass: most patterns need some
                ut.case_sets(cased | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), fl)

    def seq(self, items, flags: int) -> str:
        return "".join(self.item(op, av, flags) for op, av in items)

    def item(self, op, av, flags: int) -> str:  # noqa: C901 - one branch per opcode
        if op is C.LITERAL:
            return self.literal(av, flags)
        if op is C.NOT_LITERAL:
            if flags & I:
                return self.cls(ut.atom_set(f"[^{_py_char(av)}]", _case_flags(flags)))
            return self.cls(ut.complement(((av, av),)))
        if op is C.ANY:
            return _ANY_CHAR if flags & S else "."
        if op is C.IN:
            return self.cls(_in_set(av, flags))
        if op is C.BRANCH:
            alts = [self.seq(b.data, flags) or "a{0}" for b in av[1]]
            return "(?:" + "|".join(alts) + ")"
        if op is C.SUBPATTERN:
            group, add, delete, sub = av
            inner_flags = (flags | add) & ~delete
            body = self.seq(sub.data, inner_flags)
            if group is None:
                return f"(?:{body})" if body else ""
            name = self.names.get(group)
            return f"(?P<{name}>{body})" if name else f"({body})"
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            return self.repeat(op, av, flags)
        if op is C.AT:
            return self.at(av, flags)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            body = self.seq(sub.data, flags)
            kind = ("=" if op is C.ASSERT else "!") if direction == 1 else ("<=" if op is C.ASSERT else "<!")
            return f"(?{kind}{body})"
        if op is getattr(C, "ATOMIC_GROUP", None):
            return f"(?>{self.seq(av.data, flags)})"
        if op is C.GROUPREF:
            raise TranslateError(f"the back-reference to group {av} (fancy-regex 0.7.1 loses track of the groups they refer to)")
        if op is C.GROUPREF_EXISTS:
            raise TranslateError(f"the conditional group (?({av[0]})...) (fancy-regex has none)")
        if op is C.CATEGORY:
            return self.cls(_category(av, flags))
        raise TranslateError(f"the construct {op} (not known to the translator)")

    def literal(self, code: int, flags: int) -> str:
        return _literal(code, flags & (I | A | U))

    def repeat(self, op, av, flags: int) -> str:
        lo, hi, sub = av
        body = self.seq(sub.data, flags)
        wlo, whi = _width_of(sub)
        if whi == 0:
            raise TranslateError("a quantified zero-width assertion (e.g. (?=x)?)")
        if wlo == 0 and hi > 1:
            raise TranslateError("a repeat of something that can match the empty string (e.g. (a?)*): "
                                 "re and fancy-regex end such loops by different rules")
        unbounded = hi is C.MAXREPEAT or hi == C.MAXREPEAT
        if (lo, unbounded) == (0, True):
            q = "*"
        elif (lo, unbounded) == (1, True):
            q = "+"
        elif unbounded:
            q = f"{{{lo},}}"
        elif (lo, hi) == (0, 1):
            q = "?"
        elif lo == hi:
            q = f"{{{lo}}}"
        else:
            q = f"{{{lo},{hi}}}"
        if op is C.MIN_REPEAT:
            q += "?"
        out = f"(?:{body}){q}"
        if op is getattr(C, "POSSESSIVE_REPEAT", None):
            out = f"(?>{out})"
        return out

    def at(self, code, flags: int) -> str:
        if code is C.AT_BEGINNING:
            return "(?m:^)" if flags & M else r"\A"
        if code is C.AT_BEGINNING_STRING:
            return r"\A"
        if code is C.AT_END:
            return "(?m:$)" if flags & M else f"(?=\\n?{_END})"
        if code is C.AT_END_STRING:
            return r"\z" if self.ascii_text else _END
        if code is C.AT_BOUNDARY and self.ascii_text:
            return r"\b"
        if code in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
            w = self.cls(ut.word(ascii_only=_ascii(flags)))
            if code is C.AT_BOUNDARY:
                return f"(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"
            guard = f"(?:(?<={_ANY_CHAR})|(?={_ANY_CHAR}))" if _B_NEEDS_TEXT else ""
            return f"(?:(?<={w})(?={w})|(?<!{w})(?!{w}){guard})"
        raise TranslateError(f"the assertion {code}")


@lru_cache(maxsize=8192)
def _literal(code: int, flags: int) -> str:
    """A literal character: as it is, or under IGNORECASE the class of what ``re`` matches with it."""
    if flags & I and _cased(code, flags):
        got = ut.case_sets([chr(code)], _case_flags(flags))[chr(code)]
        if got != ((code, code),):
            return _class(got)
    if 0xD800 <= code <= 0xDFFF:
        return _NEVER  # a lone surrogate: in no Rust string
    return _char(code, in_class=False)


def _cased(code: int, flags: int) -> bool:
    """Whether ``re`` compiles this character case-insensitively under IGNORECASE: its compiler
    asks this very function (``_sre.unicode_iscased``, or ``ascii_iscased`` under re.ASCII) and
    matches an uncased character exactly, a class without a cased member as written."""
    return bool((_sre.ascii_iscased if _ascii(flags) else _sre.unicode_iscased)(code))


def _cased_member(op, av, flags: int) -> bool:
    if op is C.LITERAL:
        return _cased(av, flags)
    if op is C.RANGE:
        return any(_cased(c, flags) for c in range(av[0], av[1] + 1))
    return False


def _ascii(flags: int) -> bool:
    return bool(flags & A) or not flags & U


def _case_flags(flags: int) -> int:
    """The flags that decide what one character matches under IGNORECASE."""
    return flags & (I | A | U)


def _category(code, flags: int) -> ut.Ranges:
    if code not in _CATEGORIES:
        raise TranslateError(f"the class category {code}")
    table, negated = _CATEGORIES[code]
    got = table(ascii_only=_ascii(flags))
    return ut.complement(got) if negated else got


def _in_set(items, flags: int) -> ut.Ranges:
    """The code points a class ``[...]`` matches, as ``re`` decides it."""
    return _in_set_of(tuple(items), flags)


@lru_cache(maxsize=4096)
def _in_set_of(items: tuple, flags: int) -> ut.Ranges:
    negate = bool(items) and items[0][0] is C.NEGATE
    members = items[1:] if negate else items
    if flags & I and any(_cased_member(op, av, flags) for op, av in members):
        # re lower-cases the text's character before testing a class with a cased member: let
        # re itself compute the whole class, over every code point
        return ut.atom_set(_py_class(items), _case_flags(flags))
    parts = []
    for op, av in members:
        if op is C.LITERAL:
            parts.append(((av, av),))
        elif op is C.RANGE:
            parts.append(((av[0], av[1]),))
        elif op is C.CATEGORY:
            parts.append(_category(av, flags))
        else:
            raise TranslateError(f"the class member {op}")
    got = ut.union(*parts)
    return ut.complement(got) if negate else got


def _py_class(items) -> str:
    """A class's parse-tree items as re source (for re to compute its set)."""
    out = []
    for op, av in items:
        if op is C.NEGATE:
            out.append("^")
        elif op is C.LITERAL:
            out.append(_py_char(av))
        elif op is C.RANGE:
            out.append(_py_char(av[0]) + "-" + _py_char(av[1]))
        elif op is C.CATEGORY:
            out.append(_CATEGORY_SOURCE[av])
        else:
            raise TranslateError(f"the class member {op}")
    return "[" + "".join(out) + "]"


def _py_char(code: int) -> str:
    return f"\\U{code:08x}"


def _char(code: int, in_class: bool) -> str:
    c = chr(code)
    if c.isascii() and c.isalnum() or code > 0x7F:
        return c  # no character beyond ASCII means anything to either parser (a class's source 4x shorter)
    if not in_class and 0x20 <= code < 0x7F:
        return "\\" + c
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@lru_cache(maxsize=4096)
def _class(ranges: ut.Ranges) -> str:
    """A fancy-regex class of exactly these code points (less surrogates)."""
    ranges = ut.without_surrogates(ranges)
    if not ranges:
        return _NEVER
    if ranges == _SCALARS:
        return _ANY_CHAR
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _char(ranges[0][0], in_class=False)
    negated = ut.without_surrogates(ut.complement(ranges))
    use, prefix = (negated, "^") if len(negated) < len(ranges) else (ranges, "")
    body = "".join(_char(lo, True) if lo == hi else f"{_char(lo, True)}-{_char(hi, True)}" for lo, hi in use)
    return f"[{prefix}{body}]"
