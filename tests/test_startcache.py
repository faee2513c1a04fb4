"""The start cache (citetrack/startcache.py): what it loads is what a cold build gives, what changes
its key, and that a cache that cannot be used is never an error.

Each test builds the gazetteer and rules at least once (about 1.3 s): the memos of this process are
emptied first (``startcache.forget``), so ``warm`` cannot answer from them.
"""
from __future__ import annotations

import re
import sys

import pytest

from conftest import write
from citetrack import startcache
from citetrack.models import ScanOptions
from citetrack.outlets import load_gazetteer
from citetrack.pipeline import iter_scan
from citetrack.rules import load_rules

EXAMPLES = "examples"
MINE = """
[[outlet]]
id = "zorblat-gazette"
name = "Zorblat Gazette"
type = "newspaper"
country = "GB"
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, and nothing held in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(startcache.ENV, str(folder))
    startcache.forget()
    yield folder
    startcache.forget()  # the next test builds or loads its own


def _citations(options: ScanOptions = ScanOptions(jobs=1)) -> list[dict]:
    return [c.to_dict() for _, cits in iter_scan([EXAMPLES], options) for c in cits]


def test_a_cache_hit_gives_the_citations_of_a_cold_build(cache):
    assert startcache.warm() == "built"
    built = load_gazetteer(), load_rules()
    cold = _citations()
    assert [p.name for p in cache.iterdir() if p.name.startswith("start-")] and len(cold) > 50

    startcache.forget()
    assert startcache.warm() == "loaded"
    loaded = load_gazetteer(), load_rules()
    assert loaded[0] is not built[0] and loaded[1] is not built[1]  # really the unpickled objects
    assert _citations() == cold
    # the rules' patterns came back compiled as they were
    assert [r.before for r in loaded[1].rules] == [r.before for r in built[1].rules]
    assert all(isinstance(r.before, re.Pattern) for r in loaded[1].rules if r.before is not None)
    assert startcache.warm() == "held"


def test_a_changed_user_outlets_file_misses(cache, tmp_path):
    mine = write(tmp_path / "mine.toml", MINE)
    assert startcache.warm([mine]) == "built"
    assert load_gazetteer([mine]).lookup("Zorblat Gazette") is not None
    key = startcache.cache_key((mine,), ())

    write(mine, MINE.replace("Zorblat Gazette", "Quixby Herald").replace("zorblat-gazette", "quixby-herald"))
    assert startcache.cache_key((mine,), ()) != key
    startcache.forget()
    assert startcache.warm([mine]) == "built"  # not the objects of the old file
    gaz = load_gazetteer([mine])
    assert gaz.lookup("Quixby Herald") is not None and gaz.lookup("Zorblat Gazette") is None
    assert startcache.cache_key((), ()) != key  # and the packaged data alone has a key of its own


def test_a_corrupt_cache_file_is_rebuilt(cache):
    cache.mkdir()
    target = cache / f"start-{startcache.cache_key((), ())}.pickle"
    target.write_bytes(b"\x80\x05not a pickle at all" + bytes(range(256)))
    assert startcache.warm() == "built"  # no error: built, and written again
    assert target.stat().st_size > 1_000_000
    startcache.forget()
    assert startcache.warm() == "loaded"


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(startcache.ENV, "off")
    assert startcache.cache_dir() is None
    startcache.forget()
    try:
        assert startcache.warm() == "built"
        assert list(tmp_path.iterdir()) == []
    finally:
        startcache.forget()


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocked = write(tmp_path / "a-file", "not a folder")
    monkeypatch.setenv(startcache.ENV, str(blocked / "cache"))  # a folder that cannot be made (as root too)
    startcache.forget()
    try:
        assert startcache.warm() == "built"
        assert load_gazetteer().lookup("Reuters") is not None
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no temporary file left
    finally:
        startcache.forget()


def test_where_the_cache_lives(tmp_path, monkeypatch):
    monkeypatch.setenv(startcache.ENV, str(tmp_path / "here"))
    assert startcache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv(startcache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert startcache.cache_dir() == tmp_path / "xdg" / "citetrack"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert startcache.cache_dir() == tmp_path / "home" / ".cache" / "citetrack"


def test_citetrack_cache_dir_is_honoured_by_the_command(tmp_path, monkeypatch):
    """The command line writes its cache file where CITETRACK_CACHE_DIR says (a subprocess: its own memos)."""
    import subprocess
    import sys

    folder = tmp_path / "cli-cache"
    env = dict(__import__("os").environ, CITETRACK_CACHE_DIR=str(folder))
    done = subprocess.run([sys.executable, "-m", "citetrack", "counts", f"{EXAMPLES}/uk-politics-budget.txt",
                           "--format", "csv"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Financial Times" in done.stdout
    assert len(list(folder.glob("start-*.pickle"))) == 1


def test_a_cache_hit_holds_what_the_extractor_derives_from_the_rules(cache, monkeypatch):
    """The memos of citetrack.memo.derived (the extractor's own patterns, the vocabulary, the reach
    of the cues, the wire signals) come from the cache file: a process that loads it compiles none
    of them on its first article."""
    from citetrack.memo import DERIVED
    assert len(DERIVED) >= 10
    assert startcache.warm() == "built"
    startcache.forget()
    assert startcache.warm() == "loaded"
    rules = load_rules()
    missing = [name for name, (of, fn) in DERIVED.items() if not fn.cached(*startcache._derived_args(of, rules))]
    assert missing == []
    ours = []  # the long patterns citetrack's own code compiles while it scans
    real = re._compiler.compile

    def spy(p, flags=0):
        frame = sys._getframe(1)
        while frame is not None and "/re/" in frame.f_code.co_filename.replace("\\", "/"):
            frame = frame.f_back
        if frame is not None and "citetrack" in frame.f_code.co_filename and len(str(p)) > 200:
            ours.append(f"{frame.f_code.co_filename}:{frame.f_lineno}")
        return real(p, flags)

    monkeypatch.setattr(re._compiler, "compile", spy)
    re.purge()
    assert len(_citations()) > 50
    assert ours == []
