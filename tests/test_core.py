"""The optional compiled core (citetrack/core.py, core/): found, or refused with the reason; and
wherever it is installed, the same results as the pure-Python reference."""
from __future__ import annotations

import subprocess
import sys

import pytest

from citetrack import core as core_mod

CORE = core_mod.core()
needs_core = pytest.mark.skipif(CORE is None, reason=f"no compiled core: {core_mod.status()}")


def _status_with(env: dict) -> str:
    code = "import citetrack.core as c; print(c.status())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_off_switch_forces_python(monkeypatch):
    import os
    env = dict(os.environ, CITETRACK_CORE="off")
    assert _status_with(env) == "pure Python (CITETRACK_CORE=off)"


def test_status_names_the_engine():
    s = core_mod.status()
    assert s.startswith("compiled core ") if CORE is not None else s.startswith("pure Python (")


@needs_core
def test_core_speaks_this_interface():
    assert CORE.api() == core_mod.API


def test_core_of_another_interface_is_not_used(monkeypatch):
    import types
    fake = types.ModuleType("citetrack_core")
    fake.api = lambda: core_mod.API + 1
    monkeypatch.setitem(sys.modules, "citetrack_core", fake)
    monkeypatch.delenv("CITETRACK_CORE", raising=False)
    core_mod._load.cache_clear()
    try:
        assert core_mod.core() is None
        assert f"interface {core_mod.API + 1}" in core_mod.status()
    finally:
        core_mod._load.cache_clear()
