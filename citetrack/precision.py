"""Precision from a judged sample: Wilson intervals and the stratified (citation-weighted) estimate.

Pure arithmetic, no I/O. A sample drawn by ``citetrack sample`` is stratified (by rule, outlet or
both); each judged row says ``right``, ``wrong`` or ``unsure``. ``unsure`` rows are left out of
every proportion and counted; rows without a verdict are counted as unjudged.

- :func:`wilson`: the Wilson score interval of ``right`` out of ``right + wrong`` (0 of 0 gives no
  precision and the interval [0, 1]).
- :func:`stratified`: the scan-wide precision, each stratum's precision weighted by its size (the
  citations it holds in the scan), with a normal interval from the stratified variance. Each
  stratum's variance uses the Agresti-Coull proportion ``(right + z²/2) / (judged + z²)``, so a
  stratum judged all right still carries uncertainty, and the finite population correction
  ``1 - judged / size``, so a stratum judged in full carries none. Strata with no judged row are
  left out, and the citations they hold are reported as not covered.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

#: z of a two-sided 95% interval.
Z95 = 1.959963984540054
#: The verdicts a reviewer writes (case and surrounding spaces ignored); empty means not judged.
VERDICTS = ("right", "wrong", "unsure")


@dataclass(frozen=True)
class Estimate:
    """A precision (None when nothing was judged) and its 95% interval."""

    precision: float | None
    low: float
    high: float


@dataclass(frozen=True)
class Tally:
    """Verdicts of a group of sampled rows."""

    right: int = 0
    wrong: int = 0
    unsure: int = 0
    unjudged: int = 0

    @property
    def judged(self) -> int:
        """Rows judged right or wrong (the denominator of precision)."""
        return self.right + self.wrong

    def add(self, verdict: str) -> Tally:
        key = verdict or "unjudged"
        return Tally(**{f: getattr(self, f) + (f == key) for f in ("right", "wrong", "unsure", "unjudged")})


@dataclass(frozen=True)
class Group:
    """One rule's or kind's verdicts and its precision with the Wilson interval."""

    name: str
    tally: Tally
    estimate: Estimate


@dataclass(frozen=True)
class Judged:
    """One row of a judged sample, as :func:`score` reads it."""

    stratum: str
    stratum_size: int
    rule: str
    kind: str
    verdict: str  # one of VERDICTS or "" (not judged)


@dataclass(frozen=True)
class Score:
    """Precision per rule and per kind, of the whole sample, and of the scan (stratified)."""

    by_rule: tuple[Group, ...]
    by_kind: tuple[Group, ...]
    sample: Group
    scan: Estimate
    covered: int  # citations of the scan in strata with at least one row judged right or wrong
    citations: int  # citations of the scan in all sampled strata
    strata: int
    notes: tuple[str, ...] = field(default=())


def wilson(right: int, judged: int, z: float = Z95) -> Estimate:
    """The Wilson score interval of ``right`` successes in ``judged`` trials."""
    if judged <= 0:
        return Estimate(None, 0.0, 1.0)
    p = right / judged
    z2 = z * z
    denom = 1 + z2 / judged
    centre = (p + z2 / (2 * judged)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / judged + z2 / (4 * judged * judged))
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half))


def stratified(strata: Iterable[tuple[int, Tally]], z: float = Z95) -> tuple[Estimate, int, int]:
    """The size-weighted precision over ``(size, tally)`` strata, its interval, the citations
    covered (strata with a judged row) and the citations in all strata."""
    strata = list(strata)
    total = sum(size for size, _ in strata)
    used = [(size, t) for size, t in strata if t.judged > 0 and size > 0]
    covered = sum(size for size, _ in used)
    if not covered:
        return Estimate(None, 0.0, 1.0), 0, total
    p = sum(size * t.right / t.judged for size, t in used) / covered
    var = 0.0
    for size, t in used:
        n = t.judged
        q = (t.right + z * z / 2) / (n + z * z)
        fpc = max(0.0, 1 - n / size)
        var += (size / covered) ** 2 * fpc * q * (1 - q) / n
    half = z * math.sqrt(var)
    return Estimate(p, max(0.0, p - half), min(1.0, p + half)), covered, total


def _groups(rows: list[Judged], key) -> tuple[Group, ...]:
    tallies: dict[str, Tally] = {}
    for r in rows:
        tallies[key(r)] = tallies.get(key(r), Tally()).add(r.verdict)
    return tuple(Group(name, t, wilson(t.right, t.judged)) for name, t in sorted(tallies.items()))


def score(rows: Iterable[Judged]) -> Score:
    """Score a judged sample (verdicts already checked to be one of :data:`VERDICTS` or "")."""
    rows = list(rows)
    total = Tally()
    for r in rows:
        total = total.add(r.verdict)
    strata: dict[str, tuple[int, Tally]] = {}
    notes = []
    for r in rows:
        size, t = strata.get(r.stratum, (r.stratum_size, Tally()))
        if size != r.stratum_size:
            notes.append(f"stratum {r.stratum!r} has rows of two sizes ({size}, {r.stratum_size}); the first is used")
        strata[r.stratum] = (size, t.add(r.verdict))
    scan, covered, citations = stratified(strata.values())
    uncovered = [name for name, (_, t) in strata.items() if not t.judged]
    if uncovered:
        notes.append(f"{len(uncovered)} strata have no row judged right or wrong and are left out of the scan-wide "
                     f"estimate ({citations - covered} of {citations} citations), first: {uncovered[0]}")
    return Score(by_rule=_groups(rows, lambda r: r.rule), by_kind=_groups(rows, lambda r: r.kind),
                 sample=Group("all sampled (unweighted)", total, wilson(total.right, total.judged)), scan=scan,
                 covered=covered, citations=citations, strata=len(strata), notes=tuple(notes))
