"""Precomputed layouts of the report page: the co-citation view's positions (issue 13 #3) are
deterministic, place only outlets cited together, keep them apart, and stay fast for big outlet sets."""
from __future__ import annotations

import math
import random
import time

import pytest

from citetrack.layout import EDGE, GROUP_MAX, cocite_layout, cocite_pairs

CASES = [
    # articles, each a list of the outlets (indexes) it cites; outlets; the outlets placed
    ([[0, 1], [1, 2], [3, 4], [5]], 6, {0, 1, 2, 3, 4}),  # two groups and one outlet cited alone
    ([[0], [1], [2], [2, 2]], 3, set()),  # nobody cited together: nothing to draw
    ([[0, 1, 2, 3]] * 5, 4, {0, 1, 2, 3}),  # one article type citing four, five times
    ([[0, 1]], 2, {0, 1}),
    ([], 0, set()),
    ([[0] + [k] for k in range(1, 60)] + [[7, 8]], 61, set(range(60))),  # a hub with 59 outlets around it
]


def distances(pos: list) -> list[float]:
    pts = [p for p in pos if p is not None]
    return [math.dist(p, q) for i, p in enumerate(pts) for q in pts[i + 1:]]


@pytest.mark.parametrize("articles, n, placed", CASES)
def test_only_outlets_cited_together_are_placed(articles, n, placed):
    pos = cocite_layout(cocite_pairs(articles), n)
    assert len(pos) == n
    assert {i for i, p in enumerate(pos) if p is not None} == placed
    assert all(math.isfinite(v) for p in pos if p for v in p)
    assert min(distances(pos), default=EDGE) >= 0.4 * EDGE  # room for a dot and its label
    assert cocite_layout(cocite_pairs(articles), n) == pos  # deterministic


def test_pairs_count_articles_not_mentions():
    assert cocite_pairs([[2, 0, 0], [0, 2], [1]]) == {(0, 2): 2}


def test_groups_do_not_overlap_and_stay_compact():
    rng = random.Random(3)
    articles = [[k * 10 + i, k * 10 + (i + 1) % 10] for k in range(8) for i in range(10)]  # 8 separate rings
    articles += [rng.sample(range(k * 10, k * 10 + 10), 3) for k in range(8) for _ in range(4)]  # and chords
    pos = cocite_layout(cocite_pairs(articles), 80)
    groups = [[pos[i] for i in range(k * 10, k * 10 + 10)] for k in range(8)]
    boxes = [(min(x for x, _ in g), min(y for _, y in g), max(x for x, _ in g), max(y for _, y in g)) for g in groups]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    assert (max(xs) - min(xs)) * (max(ys) - min(ys)) < 80 * (3 * EDGE) ** 2  # packed, not strewn


@pytest.mark.timing
def test_big_outlet_set_is_laid_out_quickly():
    """3,000 outlets, a few cited with most of the others (as in real corpora): a few seconds at most."""
    rng = random.Random(5)
    weights = [1 / (i + 1) for i in range(3000)]
    articles = [rng.choices(range(3000), weights, k=rng.choice((2, 2, 3, 4))) for _ in range(20000)]
    pairs = cocite_pairs(articles)
    start = time.process_time()
    pos = cocite_layout(pairs, 3000)
    took = time.process_time() - start
    placed = [p for p in pos if p is not None]
    assert len(placed) == len({o for pair in pairs for o in pair})
    assert took < 8, took
    # nobody sits on top of anybody: the closest pair, checked on a grid (linear)
    grid: dict[tuple[int, int], list] = {}
    for x, y in placed:
        grid.setdefault((int(x // EDGE), int(y // EDGE)), []).append((x, y))
    close = min(math.dist(p, q) for (cx, cy), pts in grid.items() for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for p in pts for q in grid.get((cx + dx, cy + dy), ()) if p != q)
    assert close > 0.2 * EDGE


@pytest.mark.timing
def test_an_article_citing_thousands_of_outlets_stays_linear():
    """A hostile article naming 3,000 outlets would be 4.5 million pairs: above GROUP_MAX outlets an
    article joins each to its most cited one instead (positions only; the page counts real pairs)."""
    articles = [list(range(3000)), [5, 7]]
    pairs = cocite_pairs(articles)
    assert len(pairs) == 3000 - 1 + 1 and pairs[0, 7] == 1 and pairs[5, 7] == 1
    start = time.process_time()
    pos = cocite_layout(pairs, 3000)
    assert time.process_time() - start < 8 and all(p is not None for p in pos)
    assert cocite_pairs([list(range(GROUP_MAX))]) == {(a, b): 1 for a in range(GROUP_MAX) for b in range(a + 1, GROUP_MAX)}
