"""The statistics of ``citetrack compare``: pure functions, the standard library only (no SciPy).

- :func:`two_proportion_z`: the two-sided two-proportion z-test with the pooled proportion (the
  test of ``prop.test(correct=FALSE)``, whose chi-squared is z squared), the normal tail from
  :func:`math.erfc`.
- :func:`smallest_expected`: the smallest cell of the 2x2 table expected under no difference; the
  normal approximation behind the z-test is unreliable when it is below :data:`SMALL_EXPECTED`
  (an outlet cited by 1 of 840 articles and 0 of 15,000 gets p = 2e-5, where Fisher's exact test
  gives 0.05).
- :func:`benjamini_hochberg`: Benjamini–Hochberg q-values (``p.adjust(method="BH")``), which keep
  the expected share of false discoveries among the outlets called different at most ``alpha``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence


def normal_two_sided(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z: ``erfc(|z| / sqrt 2)`` (exact in the far tail too)."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """``(z, p)`` for the difference between the proportions ``x1/n1`` and ``x2/n2``.

    Pooled standard error ``sqrt(p(1-p)(1/n1 + 1/n2))`` with ``p = (x1+x2)/(n1+n2)``; two-sided p.
    When neither side or both sides are all successes the proportions cannot differ: ``(0.0, 1.0)``.
    ``ValueError`` for a side without trials or counts outside ``0..n``.
    """
    if n1 <= 0 or n2 <= 0:
        raise ValueError("each side needs at least one trial")
    if not (0 <= x1 <= n1 and 0 <= x2 <= n2):
        raise ValueError("successes must lie between 0 and the trials")
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    if se == 0.0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return z, normal_two_sided(z)


#: The textbook rule of thumb: the z-test wants every expected count to be at least 5.
SMALL_EXPECTED = 5.0


def smallest_expected(x1: int, n1: int, x2: int, n2: int) -> float:
    """The smallest expected count of the 2x2 table (successes and failures on each side) under the
    pooled proportion: ``min(p, 1 - p) * min(n1, n2)``."""
    pooled = (x1 + x2) / (n1 + n2)
    return min(pooled, 1.0 - pooled) * min(n1, n2)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """The Benjamini–Hochberg adjusted p-values (q-values), in the order of ``p_values``.

    ``q_(i) = min over j >= i of m * p_(j) / j`` on the p-values sorted ascending, capped at 1.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = min(running, 1.0)
    return q
