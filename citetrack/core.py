"""The optional compiled core (the ``citetrack-core`` wheel, Rust): the same results, faster.

Every function of the core has its reference here in pure Python, which stays what citetrack
runs wherever the core is not installed; ``tests/test_core.py`` asserts that both give identical
results on every shared corpus. The core only ever answers for what it handles exactly; for the
rest (text dense with names, characters that case folding could misrepresent) it answers None
and the Python code does the work, so a user never sees a difference but the speed.

``CITETRACK_CORE=off`` makes citetrack ignore an installed core (for comparing, or for a bug
report). Build and install it with ``core/build.sh`` (see docs/compiled-core.md).
"""
from __future__ import annotations

import os
from functools import lru_cache
from types import ModuleType

#: The interface this version of citetrack speaks; a core built for another one is not used.
API = 3


@lru_cache(maxsize=1)
def _load() -> tuple[ModuleType | None, str]:
    if os.environ.get("CITETRACK_CORE", "").strip().lower() in ("off", "0", "no", "false"):
        return None, "pure Python (CITETRACK_CORE=off)"
    try:
        import citetrack_core
    except ImportError as exc:
        if getattr(exc, "name", None) == "citetrack_core":
            return None, "pure Python (no compiled core installed: core/build.sh builds one)"
        return None, f"pure Python (the compiled core does not load: {exc})"  # built for another system
    except Exception as exc:  # noqa: BLE001 - a broken core never stops citetrack, which runs without it
        return None, f"pure Python (the compiled core does not load: {type(exc).__name__}: {exc})"
    try:
        got = citetrack_core.api()
    except Exception:  # noqa: BLE001
        got = None
    if got != API:
        return None, f"pure Python (the installed compiled core speaks interface {got}, this citetrack {API}: rebuild it)"
    return citetrack_core, f"compiled core {getattr(citetrack_core, '__version__', '')} (interface {API})".replace("  ", " ")


def core() -> ModuleType | None:
    """The compiled core's module, or None where citetrack runs in pure Python."""
    return _load()[0]


def status() -> str:
    """One line: whether the compiled core is used, and if not, why."""
    return _load()[1]


def make(kind: str, *args):
    """An object of the core (``Scanner``, ``Wire``, ``Factors`` ...) made from plain data, or None:
    no core, or arguments made for another build of it (then Python does that work itself)."""
    mod = core()
    if mod is None:
        return None
    try:
        return getattr(mod, kind)(*args)
    except (AttributeError, TypeError, ValueError):
        return None
