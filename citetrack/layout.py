"""Node positions for the report page, computed when the page is written so the browser draws big
views at once instead of running physics: the article view's outlets and articles, and the outlet
co-citation view. Plain geometry in pure Python (no numpy), deterministic, about linear in the
nodes and edges; coordinates are the page's canvas units (a 15 px label is 15 units high).
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable, Iterator

GOLDEN = math.pi * (3 - math.sqrt(5))  # the golden angle: sunflower spirals fill a disc evenly
#: Ideal distance between two outlets cited together (room for a dot and a short label).
EDGE = 110.0
#: Above this many outlets, an article's outlets are joined to its most cited one, not pairwise.
GROUP_MAX = 40
#: Force-directed steps are shared out so a layout costs about this many node and edge updates in all.
_BUDGET = 200_000
#: How hard an outlet is pulled towards the outlets it is cited with, against the push of its neighbours.
_PULL = 1.0

Point = tuple[float, float]


def outlet_layout(outlet_cites: list[int]) -> list[Point]:
    """Outlets on a sunflower spiral, most cited in the middle, each with room for its articles."""
    order = sorted(range(len(outlet_cites)), key=lambda i: -outlet_cites[i])
    pos = [(0.0, 0.0)] * len(outlet_cites)
    area = 0.0
    for rank, i in enumerate(order):
        radius = 60 + 9 * math.sqrt(outlet_cites[i])
        r = math.sqrt(area / math.pi) + radius if rank else 0.0
        area += math.pi * radius**2
        pos[i] = (r * math.cos(rank * GOLDEN), r * math.sin(rank * GOLDEN))
    return pos


def article_layout(article_outlets: list[list[tuple[int, int]]], opos: list[Point]) -> list:
    """Each cited article in a small spiral around the weighted centre of the outlets it cites."""
    return list(iter_article_layout(article_outlets, opos))


def iter_article_layout(article_outlets: Iterable[list[tuple[int, int]]], opos: list[Point]) -> Iterator:
    """:func:`article_layout` one article at a time (a stored scan's page streams them)."""
    groups: dict[tuple[int, int], int] = defaultdict(int)
    for links in article_outlets:
        if not links:
            yield None
            continue
        total = sum(w for _, w in links)
        cx = sum(opos[o][0] * w for o, w in links) / total
        cy = sum(opos[o][1] * w for o, w in links) / total
        key = (round(cx), round(cy))
        k = groups[key]
        groups[key] = k + 1
        r = 28 + 8 * math.sqrt(k)
        yield (round(cx + r * math.cos(k * GOLDEN), 1), round(cy + r * math.sin(k * GOLDEN), 1))


def cocite_pairs(article_outlets: Iterable[Iterable[int]]) -> dict[tuple[int, int], int]:
    """``(outlet, outlet) -> articles citing both`` (lower index first), as the page's view counts them.

    For the layout only: an article citing more than GROUP_MAX outlets (a list of names, or hostile
    input) joins each of them to its first (most cited) one, so the pairs stay linear in the input.
    """
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for outlets in article_outlets:
        group = sorted(set(outlets))
        if len(group) > GROUP_MAX:
            for b in group[1:]:
                pairs[group[0], b] += 1
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pairs[a, b] += 1
    return dict(pairs)


def cocite_layout(pairs: dict[tuple[int, int], int], n: int) -> list[Point | None]:
    """Positions of the ``n`` outlets in the co-citation view; ``None`` for an outlet cited with no other.

    Each connected group is laid out by a force-directed pass (Fruchterman-Reingold, repulsion only
    between near neighbours on a grid, so each step is linear), started from a sunflower spiral in
    breadth-first order from its most co-cited outlet; the groups are then packed in rings,
    biggest in the middle, so the view opens on the main group with the small ones around it.
    """
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for (a, b), w in sorted(pairs.items()):
        adj[a].append((b, w))
        adj[b].append((a, w))
    strength = [sum(w for _, w in links) for links in adj]
    seen = [False] * n
    groups: list[list[int]] = []
    for start in sorted(range(n), key=lambda i: (-strength[i], i)):
        if seen[start] or not adj[start]:
            continue
        seen[start] = True
        order = [start]
        for v in order:  # breadth first, strongest neighbours first: neighbours start near each other
            for u, _ in sorted(adj[v], key=lambda t: (-t[1], t[0])):
                if not seen[u]:
                    seen[u] = True
                    order.append(u)
        groups.append(order)
    pos: list[Point | None] = [None] * n
    steps = max(12, min(300, _BUDGET // max(1, n + 2 * len(pairs))))
    laid = []
    for group in groups:
        local = _spring(group, adj, steps)
        cx = sum(x for x, _ in local) / len(local)
        cy = sum(y for _, y in local) / len(local)
        radius = max(math.hypot(x - cx, y - cy) for x, y in local) + 0.6 * EDGE
        laid.append((group, [(x - cx, y - cy) for x, y in local], radius))
    laid.sort(key=lambda t: (-t[2], t[0][0]))  # biggest first (the packing needs them in this order)
    for (group, local, _), (ox, oy) in zip(laid, _pack([r for _, _, r in laid])):
        for v, (x, y) in zip(group, local):
            pos[v] = (round(x + ox, 1), round(y + oy, 1))
    return pos


def _pack(radii: list[float]) -> list[Point]:
    """Centres for discs of these radii (biggest first): the first in the middle, the others side by
    side on rings around it, a new ring when one is full; no two overlap."""
    out: list[Point] = [(0.0, 0.0)] if radii else []
    inner = radii[0] if radii else 0.0  # the rings so far end here
    ring = angle = width = prev = first = 0.0  # the current ring: its radius, last angle and discs
    for r in radii[1:]:
        if ring:  # the next place on this ring, if the disc still fits before the ring's first one
            step = 2 * math.asin(min(1.0, (prev + r) / (2 * ring)))
            back = 2 * math.asin(min(1.0, (first + r) / (2 * ring)))
            if angle + step + back <= 2 * math.pi:
                angle += step
                out.append((ring * math.cos(angle), ring * math.sin(angle)))
                prev = r
                continue
            inner += 2 * width
        width = prev = first = r  # a new ring, as wide as its first (biggest) disc
        ring, angle = inner + r, 0.0
        out.append((ring, 0.0))
    return out


def _spring(group: list[int], adj: list[list[tuple[int, int]]], steps: int) -> list[Point]:
    """Force-directed positions of one connected group (in ``group``'s order)."""
    m = len(group)
    if m <= 2:
        return [(0.0, 0.0), (EDGE, 0.0)][:m]
    index = {v: i for i, v in enumerate(group)}
    xs = [0.8 * EDGE * math.sqrt(i) * math.cos(i * GOLDEN) for i in range(m)]
    ys = [0.8 * EDGE * math.sqrt(i) * math.sin(i * GOLDEN) for i in range(m)]
    # each outlet is pulled towards the weighted middle of the outlets it is cited with: an edge's
    # pull on an end is shared out by that end's total, so a hub does not crush its neighbours together
    pull = [sum(1 + math.log(w) for _, w in adj[v]) for v in group]
    edges = [(index[v], index[u], (1 + math.log(w)) * _PULL) for v in group for u, w in adj[v] if v < u]
    edges = [(a, b, w / pull[a], w / pull[b]) for a, b, w in edges]
    k2, cell = EDGE * EDGE, 2 * EDGE
    reach = cell * cell
    heat = EDGE
    for step in range(steps):
        dx, dy = [0.0] * m, [0.0] * m
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(m):
            grid[int(xs[i] // cell), int(ys[i] // cell)].append(i)
        for (gx, gy), members in grid.items():
            for ox, oy in ((0, 0), (1, 0), (0, 1), (1, 1), (-1, 1)):  # each pair of cells once
                others = members if (ox, oy) == (0, 0) else grid.get((gx + ox, gy + oy))
                if not others:
                    continue
                for ai, a in enumerate(members):
                    for b in others[ai + 1:] if others is members else others:
                        ex, ey = xs[a] - xs[b], ys[a] - ys[b]
                        d2 = ex * ex + ey * ey
                        if d2 >= reach:
                            continue
                        if d2 < 1e-6:  # on top of each other: apart along a fixed direction
                            ex, ey, d2 = 1e-3 * (a - b), 1e-3, 1e-6 * ((a - b) ** 2 + 1)
                        f = k2 / d2 - 0.25  # repulsion k²/d, fading to nothing at the reach
                        dx[a] += ex * f
                        dy[a] += ey * f
                        dx[b] -= ex * f
                        dy[b] -= ey * f
        for a, b, wa, wb in edges:  # attraction k·log(1 + d/k), stronger for outlets cited together often
            ex, ey = xs[a] - xs[b], ys[a] - ys[b]
            d = math.sqrt(ex * ex + ey * ey) + 1e-9
            f = EDGE * math.log1p(d / EDGE) / d
            dx[a] -= ex * f * wa
            dy[a] -= ey * f * wa
            dx[b] += ex * f * wb
            dy[b] += ey * f * wb
        t = heat * (1 - step / steps) + 1.0
        for i in range(m):
            d = math.hypot(dx[i], dy[i])
            if d > t:
                dx[i] *= t / d
                dy[i] *= t / d
            xs[i] += dx[i]
            ys[i] += dy[i]
    return list(zip(xs, ys))
