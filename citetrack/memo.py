"""A memo (like :func:`functools.lru_cache`) that can also be handed its values from outside.

The gazetteer, the rules, the matcher and the rule filter are built once per process and looked up
by their arguments on every article. The start cache (:mod:`citetrack.startcache`) unpickles them
instead of building them, and :meth:`seed` puts them where those look-ups find them, so every
later call in the process returns the very objects it loaded. What is built from the rules once
per process besides them (the extractor's own patterns, the wire signals: ~60 ms on the first
article, in every worker) is memoised with :func:`derived`, which the start cache stores and
seeds the same way.
"""
from __future__ import annotations

import functools
from typing import Any, Callable


def memo(maxsize: int) -> Callable[[Callable], Callable]:
    """Memoise a function of hashable positional arguments; the oldest entry goes past ``maxsize``.

    The wrapper has ``seed(value, *args)`` (the value for those arguments), ``cached(*args)``
    and ``cache_clear()``."""
    def decorate(fn: Callable) -> Callable:
        table: dict[tuple, Any] = {}

        def seed(value: Any, *args: Any) -> None:
            table.pop(args, None)
            while len(table) >= maxsize:
                table.pop(next(iter(table)))
            table[args] = value

        @functools.wraps(fn)
        def wrapper(*args: Any) -> Any:
            try:
                return table[args]
            except KeyError:
                pass
            value = fn(*args)
            seed(value, *args)
            return value

        wrapper.seed = seed  # type: ignore[attr-defined]
        wrapper.cached = lambda *args: args in table  # type: ignore[attr-defined]
        wrapper.cache_clear = table.clear  # type: ignore[attr-defined]
        return wrapper
    return decorate


#: What a derived memo may be built from (see :func:`derived`).
DERIVED_FROM = ("rules", "lexicon", "descriptors", "data")
#: The memos :func:`derived` made, by the function's module and name: (what it is built from, memo).
DERIVED: dict[str, tuple[str, Callable]] = {}


def derived(of: str, maxsize: int = 4) -> Callable[[Callable], Callable]:
    """:func:`memo` of something built from the rule set (``of="rules"``: the function takes the
    ``RuleSet``), from its lexicon (``"lexicon"``), from the lexicon's descriptors
    (``"descriptors"``) or from the packaged data alone (``"data"``: no argument). The start cache builds each one with the rules and stores its value, so that a
    process loading the cache compiles none of them (see :mod:`citetrack.startcache`)."""
    if of not in DERIVED_FROM:
        raise ValueError(f"derived of {of!r}: one of {', '.join(DERIVED_FROM)}")

    def decorate(fn: Callable) -> Callable:
        wrapper = memo(maxsize)(fn)
        DERIVED[f"{fn.__module__}.{fn.__qualname__}"] = (of, wrapper)
        return wrapper
    return decorate
