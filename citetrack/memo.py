"""A memo (like :func:`functools.lru_cache`) that can also be handed its values from outside.

The gazetteer, the rules, the matcher and the rule filter are built once per process and looked up
by their arguments on every article. The start cache (:mod:`citetrack.startcache`) unpickles them
instead of building them, and :meth:`seed` puts them where those look-ups find them, so every
later call in the process returns the very objects it loaded.
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
