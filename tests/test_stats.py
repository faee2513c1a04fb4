"""citetrack.stats against values worked by hand and textbook figures."""
from __future__ import annotations

import math

import pytest

from citetrack.stats import benjamini_hochberg, normal_two_sided, smallest_expected, two_proportion_z


@pytest.mark.parametrize("z, p", [
    (0.0, 1.0),
    (1.0, 0.31731050786291415),        # 1 - 2 * 0.8413447...: the 68% within one sigma
    (-1.0, 0.31731050786291415),       # two-sided: the sign does not matter
    (1.959963984540054, 0.05),          # the 97.5% quantile
    (2.5758293035489004, 0.01),         # the 99.5% quantile
    (10.0, 1.523970604832105e-23),      # far tail, where 1 - cdf would round to 0
])
def test_normal_two_sided(z, p):
    assert normal_two_sided(z) == pytest.approx(p, rel=1e-9)


@pytest.mark.parametrize("x1, n1, x2, n2, z, p", [
    # 45% vs 30% of 100: pooled 0.375, se = sqrt(0.375 * 0.625 * 0.02); z^2 = 4.8 exactly, the
    # chi-squared of prop.test(c(45, 30), c(100, 100), correct = FALSE), p = 0.02846
    (45, 100, 30, 100, math.sqrt(4.8), 0.028459736916),
    # 50 vs 10 of 100: pooled 0.3, se = sqrt(0.0042) = 0.0648074, z = 0.4 / se
    (50, 100, 10, 100, 6.172133998483676, 6.7435e-10),
    # 5 vs 6 of 100: pooled 0.055, z = -0.01 / 0.0322413
    (5, 100, 6, 100, -0.310160, 0.756439),
    # unequal sides: 20 of 200 vs 30 of 100: pooled 50/300, se = sqrt(1/6 * 5/6 * 0.015); z^2 = 19.2,
    # a chi-squared (1 df) of 19.2 has p = 1.1771e-05
    (20, 200, 30, 100, -math.sqrt(19.2), 1.17713e-05),
])
def test_two_proportion_z(x1, n1, x2, n2, z, p):
    got_z, got_p = two_proportion_z(x1, n1, x2, n2)
    assert got_z == pytest.approx(z, rel=1e-5)
    assert got_p == pytest.approx(p, rel=1e-4)


@pytest.mark.parametrize("x1, n1, x2, n2", [(0, 10, 0, 20), (10, 10, 20, 20)])
def test_two_proportion_z_without_variance(x1, n1, x2, n2):
    """No article or every article cites the outlet on both sides: nothing differs."""
    assert two_proportion_z(x1, n1, x2, n2) == (0.0, 1.0)


@pytest.mark.parametrize("args", [(0, 0, 1, 10), (1, 10, 0, 0), (11, 10, 1, 10), (-1, 10, 1, 10)])
def test_two_proportion_z_rejects_impossible_counts(args):
    with pytest.raises(ValueError):
        two_proportion_z(*args)


#: Benjamini & Hochberg (1995), section 3.2: 15 p-values; at q = 0.05 the first 4 are rejected.
BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
           0.5719, 0.6528, 0.7590, 1.000]


@pytest.mark.parametrize("p, q", [
    # by hand: sorted 0.005, 0.01, 0.03, 0.04 -> 4p/rank 0.02, 0.02, 0.04, 0.04 (running min from the top)
    ([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02]),
    # 2 * 0.9 / 1 = 1.8 is lowered to the next q, 0.95
    ([0.9, 0.95], [0.95, 0.95]),
    # capped at 1
    ([0.6, 0.7, 0.8], [0.8, 0.8, 0.8]),
    ([0.5], [0.5]),
    ([], []),
])
def test_benjamini_hochberg(p, q):
    assert benjamini_hochberg(p) == pytest.approx(q)


def test_benjamini_hochberg_worked_example():
    q = benjamini_hochberg(BH_1995)
    assert [i for i, v in enumerate(q) if v < 0.05] == [0, 1, 2, 3]
    assert q[3] == pytest.approx(15 * 0.0095 / 4)
    assert q[4] == pytest.approx(15 * 0.0201 / 5)  # 0.0603: the first q above 0.05
    assert q[5] == pytest.approx(15 * 0.0298 / 7)  # the 6th (15 * 0.0278 / 6 = 0.0695) takes the 7th's 0.0639
    assert all(a <= b for a, b in zip(q, q[1:]))   # monotone in the sorted p-values


@pytest.mark.parametrize("args, expected", [
    ((1, 840, 0, 15266), 840 / 16106),     # one citing article in all: far below 5
    ((50, 100, 10, 100), 30.0),            # pooled 0.3 of the 100 on either side
    ((90, 100, 90, 100), 10.0),            # the failures are the small cell
])
def test_smallest_expected(args, expected):
    assert smallest_expected(*args) == pytest.approx(expected)
