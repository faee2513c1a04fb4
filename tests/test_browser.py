"""The page as a person sees it: built from examples/ and opened in headless Chromium, offline.

Skipped, with the reason, where no chromium is installed (.ci/run installs Debian's package).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import citetrack

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900", "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page")
    citetrack.write_outputs(citetrack.scan(ROOT / "examples", jobs=1), out)
    return out / "graph.html"


def _chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)


def test_page_renders_without_console_messages(page, tmp_path):
    shot = tmp_path / "graph.png"
    proc = _chromium(page, tmp_path, f"--screenshot={shot}")
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, "\n".join(console)
    assert shot.exists() and shot.stat().st_size > 20_000  # a drawn network, not a blank page


def test_page_dom_has_the_table_and_no_injected_script(page, tmp_path):
    dom = _chromium(page, tmp_path, "--dump-dom").stdout
    assert 'id="counts-body"' in dom and "<tr" in dom.split('id="counts-body"')[1]
    assert "Reuters" in dom
    assert "<script src=" not in dom
