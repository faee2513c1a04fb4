"""Python's own character tables, as sorted code-point ranges, read from the running interpreter.

The compiled core runs citetrack's regexes with Rust's ``fancy-regex``, whose ``\\w``, ``\\s``,
``\\d`` and case-insensitive matching are not Python's (``\\w`` is ``str.isalnum()`` or ``_`` in
``re``, Unicode's Alphabetic and marks in Rust; ``re`` folds "ſ" with "s" and "İ" with "i", Rust
does not). :mod:`citetrack.regexport` therefore spells every class out as explicit ranges, and the
ranges come from here: from ``re`` itself, so they are right for this Python's Unicode version by
construction, whatever it is.

How: one string holding every code point 0..0x10FFFF (built from bytes in C, ~15 ms), and one
``re`` pass over it per table (``\\w+`` gives the runs of word characters: the ranges, in C).
Nothing here loops over the 1.1 million code points in Python. A set that ``re`` computes for
one character under IGNORECASE (which code points a literal or a class matches) is found the same
way: the atom alone, compiled by ``re``, run over that string.

Cost: the three Unicode tables take ~45 ms together, over the ~20 ms a start should spend, so
:func:`snapshot` / :func:`restore` let the start cache (:mod:`citetrack.startcache`) store what
was computed, with the other compiled data; every function is memoised for the process.

Ranges are ``(first, last)`` pairs, both inclusive, sorted and disjoint, adjacent runs merged.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

Ranges = tuple[tuple[int, int], ...]

#: one past the last code point
LIMIT = 0x110000
_SURROGATES = (0xD800, 0xDFFF)

#: memo of every set computed from a regex atom: (source, flags) -> ranges (see snapshot/restore)
_SETS: dict[tuple[str, int], Ranges] = {}


@lru_cache(maxsize=1)
def all_code_points() -> str:
    """Every code point from 0 to 0x10FFFF, in order, as one string (lone surrogates included)."""
    buf = bytearray(4 * LIMIT)  # UTF-32-LE: byte 0 the low byte, 1 the middle, 2 the plane
    buf[0::4] = bytes(range(256)) * (LIMIT // 256)
    buf[1::4] = b"".join(bytes([j]) * 256 for j in range(256)) * (LIMIT // 65536)
    buf[2::4] = b"".join(bytes([k]) * 65536 for k in range(LIMIT // 65536))
    return buf.decode("utf-32-le", "surrogatepass")


def runs(pattern: re.Pattern, text: str | None = None, base: Iterable[int] | None = None) -> Ranges:
    """The ranges of code points a one-character pattern matches, from one pass of ``pattern+``.

    ``text`` defaults to every code point; with ``base`` (the code point of each character of
    ``text``) the runs are mapped back through it."""
    if text is None:
        return merge((m.start(), m.end() - 1) for m in re.compile(f"(?:{pattern.pattern})+", pattern.flags).finditer(all_code_points()))
    points = list(base) if base is not None else [ord(c) for c in text]
    return merge((points[i], points[i]) for m in pattern.finditer(text) for i in range(m.start(), m.end()))


def atom_set(source: str, flags: int = 0) -> Ranges:
    """The code points that the one-character regex ``source`` matches under ``flags``, as ``re``
    decides it (memoised; part of :func:`snapshot`)."""
    key = (source, flags)
    got = _SETS.get(key)
    if got is None:
        got = _SETS[key] = runs(re.compile(source, flags))
    return got


def word(ascii_only: bool = False) -> Ranges:
    """What ``re`` calls ``\\w`` in a str pattern (``str.isalnum()`` or ``_``; with re.ASCII, [A-Za-z0-9_])."""
    return atom_set(r"\w", re.ASCII if ascii_only else 0)


def space(ascii_only: bool = False) -> Ranges:
    """What ``re`` calls ``\\s`` in a str pattern (``str.isspace()``; with re.ASCII, [ \\t\\n\\r\\f\\v])."""
    return atom_set(r"\s", re.ASCII if ascii_only else 0)


def digit(ascii_only: bool = False) -> Ranges:
    """What ``re`` calls ``\\d`` in a str pattern (Unicode Nd, ``str.isdecimal()``; with re.ASCII, [0-9])."""
    return atom_set(r"\d", re.ASCII if ascii_only else 0)


def case_sets(chars: Iterable[str], flags: int = re.IGNORECASE) -> dict[str, Ranges]:
    """For each character, the code points ``re`` matches with it as a literal under ``flags``
    (which include IGNORECASE): "k" -> k, K and the Kelvin sign; "i" -> i, I, "İ", "ı".

    One pass over every code point finds the candidates (what the class of all the characters
    matches: ``re`` compiles a cased literal and a class item alike, to "its lower case, or one
    of the extra equivalences of ``re._casefix``, equals the text's character lowered"), then each
    literal alone is run over those candidates only. A character outside the Basic Multilingual
    Plane gets its own pass (``re`` compiles those differently in a class)."""
    todo = sorted({c for c in chars if (f"(?:{re.escape(c)})", flags) not in _SETS})
    bmp = [c for c in todo if ord(c) <= 0xFFFF and not 0xD800 <= ord(c) <= 0xDFFF]
    if bmp:
        cls = re.compile("[" + "".join(re.escape(c) for c in bmp) + "]", flags)
        candidates = "".join(chr(c) for lo, hi in runs(cls) for c in range(lo, hi + 1))
        points = [ord(c) for c in candidates]
        for c in bmp:
            _SETS[(f"(?:{re.escape(c)})", flags)] = runs(re.compile(re.escape(c), flags), candidates, points)
    for c in todo:
        if c not in bmp:
            atom_set(f"(?:{re.escape(c)})", flags)
    return {c: _SETS[(f"(?:{re.escape(c)})", flags)] for c in chars}


def merge(pairs: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, disjoint, adjacent ranges merged."""
    out: list[list[int]] = []
    for lo, hi in sorted(pairs):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((lo, hi) for lo, hi in out)


def union(*sets: Ranges) -> Ranges:
    return merge(p for s in sets for p in s)


def complement(ranges: Ranges) -> Ranges:
    """Every code point not in ``ranges``."""
    out, at = [], 0
    for lo, hi in ranges:
        if lo > at:
            out.append((at, lo - 1))
        at = hi + 1
    if at < LIMIT:
        out.append((at, LIMIT - 1))
    return tuple(out)


def without_surrogates(ranges: Ranges) -> Ranges:
    """``ranges`` less U+D800..U+DFFF, which no Rust string (so no text the core sees) holds."""
    s0, s1 = _SURROGATES
    out = []
    for lo, hi in ranges:
        if hi < s0 or lo > s1:
            out.append((lo, hi))
            continue
        if lo < s0:
            out.append((lo, s0 - 1))
        if hi > s1:
            out.append((s1 + 1, hi))
    return tuple(out)


def contains(ranges: Ranges, point: int) -> bool:
    from bisect import bisect_right
    i = bisect_right(ranges, (point, LIMIT)) - 1
    return i >= 0 and ranges[i][0] <= point <= ranges[i][1]


def snapshot() -> dict[tuple[str, int], Ranges]:
    """Every set computed in this process (for the start cache to store)."""
    return dict(_SETS)


def restore(sets: dict[tuple[str, int], Ranges] | None) -> None:
    """Take sets a :func:`snapshot` stored (in a process of the same Python: the start cache's key
    holds its exact version)."""
    if sets:
        for key, value in sets.items():
            _SETS.setdefault(key, value)
