"""--cache: a re-scan reads only new and changed files and gives the outputs of a full scan."""
from __future__ import annotations

import importlib
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citetrack import scan
from citetrack.cache import CACHE_NAME, SCHEMA
from citetrack.cli import app
from citetrack.models import FieldMap
from conftest import invoke

SENTENCES = [
    "The minister told the Financial Times on Monday that the budget was final.",
    "Reuters reported on Tuesday that talks had stalled.",
    "According to Bloomberg, the bank will cut {n} jobs.",
    "In an interview with CNN, the governor said {n} schools would close.",
]


def _write(folder, n):
    for i in range(n):
        text = " ".join(SENTENCES[(i + k) % 4].format(n=i + k) for k in range(2))
        (folder / f"a{i:03d}.txt").write_text(f"Story {i}\n\n{text}\n", encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"id": "r1", "text": "Xinhua reported it on Monday."}\n{broken\n', encoding="utf-8")


def _counting(monkeypatch):
    mod = importlib.import_module("citetrack.engines.local")
    calls = []
    real = mod.file_result

    def counted(file, shown, options, *size):
        calls.append(os.path.basename(shown))
        return real(file, shown, options, *size)

    monkeypatch.setattr(mod, "file_result", counted)
    return calls


def _same(a, b):
    assert a.citations == b.citations
    assert a.articles == b.articles
    assert a.counts == b.counts
    assert a.skipped == b.skipped


def test_rescan_reads_only_changed_files(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 100)
    db = tmp_path / "out" / CACHE_NAME
    calls = _counting(monkeypatch)
    first = scan(docs, jobs=1, cache=db)
    assert len(calls) == 101 and db.exists()
    _same(first, scan(docs, jobs=1))

    calls.clear()
    (docs / "a007.txt").write_text("Story 7\n\nThe mayor told the Guardian he would run.\n", encoding="utf-8")
    again = scan(docs, jobs=1, cache=db)
    assert calls == ["a007.txt"]  # 1% changed: only that file is read
    full = scan(docs, jobs=1)
    _same(again, full)
    assert "Guardian" in {c.outlet for c in again.citations}


def test_touched_file_is_not_extracted_again(tmp_path, monkeypatch):
    _write(tmp_path, 3)
    db = tmp_path / ".cache.sqlite"
    scan(tmp_path, jobs=1, cache=db)
    calls = _counting(monkeypatch)
    os.utime(tmp_path / "a001.txt", ns=(1, 1))
    again = scan(tmp_path, jobs=1, cache=db)
    assert calls == []
    _same(again, scan(tmp_path, jobs=1))


def test_new_and_deleted_files(tmp_path):
    _write(tmp_path, 5)
    db = tmp_path / "out" / CACHE_NAME
    scan(tmp_path, jobs=1, cache=db)
    (tmp_path / "a002.txt").unlink()
    (tmp_path / "new.txt").write_text("Officials told the BBC it was over.", encoding="utf-8")
    _same(scan(tmp_path, jobs=1, cache=db), scan(tmp_path, jobs=1))


def test_changed_options_do_not_reuse_results(tmp_path):
    _write(tmp_path, 4)
    db = tmp_path / "out" / CACHE_NAME
    scan(tmp_path, jobs=1, cache=db)
    kinds = scan(tmp_path, jobs=1, cache=db, kinds={"interview"})
    assert kinds.citations and {c.kind for c in kinds.citations} == {"interview"}


def test_parallel_cached_scan_equals_serial(tmp_path):
    _write(tmp_path, 60)
    db = tmp_path / "out" / CACHE_NAME
    _same(scan(tmp_path, jobs=2, cache=db), scan(tmp_path, jobs=1))
    _same(scan(tmp_path, jobs=2, cache=db), scan(tmp_path, jobs=1))


def test_cli_cache_flag(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 3)
    out = tmp_path / "out"
    runner = CliRunner()
    for _ in range(2):
        r = runner.invoke(app, ["scan", str(docs), "-o", str(out), "--cache", "--jobs", "1", "--quiet"])
        assert r.exit_code == 0, r.output
    assert (out / CACHE_NAME).exists()
    assert (out / "citations.jsonl").read_text(encoding="utf-8").count("\n") == len(scan(docs, jobs=1).citations)


def test_progress_callback_sees_every_article(tmp_path):
    _write(tmp_path, 4)
    seen = []
    r = scan(tmp_path, jobs=1, progress=seen.append)
    assert [i.id for i in seen] == [a.id for a in r.articles]


def test_big_file_is_split_across_workers_with_the_same_result(tmp_path, monkeypatch):
    import json

    monkeypatch.setattr(importlib.import_module("citetrack.engines.local"), "BIG_FILE", 1000)
    lines = [json.dumps({"id": f"r{i}", "text": SENTENCES[i % 4].format(n=i)}) for i in range(1200)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines[:600] + ["{broken"] + lines[600:]) + "\n", encoding="utf-8")
    _write(tmp_path, 3)
    serial = scan(tmp_path, jobs=1)
    assert len(serial.articles) == 1200 + 4 and any("big.jsonl:601" in s.path for s in serial.skipped)
    _same(scan(tmp_path, jobs=2), serial)
    db = tmp_path / "out" / ".c.sqlite"
    _same(scan(tmp_path, jobs=2, cache=db), serial)
    _same(scan(tmp_path, jobs=2, cache=db), serial)


def test_progress_bar_on_a_terminal_only(tmp_path):
    import io

    from rich.console import Console

    from citetrack.progress import progress_bar

    _write(tmp_path, 3)
    tty = Console(file=io.StringIO(), force_terminal=True, width=120)
    with progress_bar(tty, [tmp_path], True) as advance:
        assert advance is not None
        scan(tmp_path, jobs=1, progress=advance)
    pipe = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(pipe, [tmp_path], True) as advance:
        assert advance is None
    with progress_bar(tty, [tmp_path], False) as advance:  # --quiet
        assert advance is None


def _publisher_records(folder):
    import json

    recs = [{"id": f"p{i}", "outlet": "BBC", "text": f"The BBC reported that {i} people left, Reuters said."}
            for i in range(3)]
    (folder / "pub.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def test_options_from_main_are_part_of_the_cache_key(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 3)
    _publisher_records(docs)
    db = tmp_path / "out" / CACHE_NAME
    first = scan(docs, jobs=1, cache=db)
    assert any(c.self for c in first.citations)
    for opts in ({"self_citations": False}, {"publisher": "Reuters"}, {"max_file_size": 10},
                 {"fields": FieldMap().override(text="body")}, {}):
        _same(scan(docs, jobs=1, cache=db, **opts), scan(docs, jobs=1, **opts))


def test_web_pages_in_workers_with_cache_equal_serial(tmp_path):
    page = (Path(__file__).parent / "fixtures" / "page.html").read_text(encoding="utf-8")
    for i in range(20):  # enough pages to start the worker pool
        (tmp_path / f"p{i:02d}.html").write_text(page, encoding="utf-8")
    _write(tmp_path, 3)
    _publisher_records(tmp_path)
    serial = scan(tmp_path, jobs=1)
    assert serial.citations and any(a.id.endswith(".html") for a in serial.articles)
    db = tmp_path / "out" / CACHE_NAME
    _same(scan(tmp_path, jobs=2), serial)
    _same(scan(tmp_path, jobs=2, cache=db), serial)
    _same(scan(tmp_path, jobs=2, cache=db), serial)


def test_dump_text_with_cache_writes_every_article(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 3)
    db = tmp_path / "out" / CACHE_NAME
    scan(docs, jobs=1, cache=db)
    dump = tmp_path / "text"
    r = scan(docs, jobs=1, cache=db, dump_text=dump)
    assert len(list(dump.glob("*.txt"))) == len(r.articles) == 4


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _random(db: Path) -> None:
    db.write_bytes(bytes(range(256)) * 80)


def _bad_rows(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("UPDATE files SET result = '{broken' WHERE rowid = 2")
    con.execute("""UPDATE files SET result = '{"articles": [[{"no": 1}, []]], "skipped": []}' WHERE rowid = 3""")
    con.execute("UPDATE files SET result = '[1, 2]' WHERE rowid = 4")
    con.commit()
    con.close()


def _old_schema(db: Path) -> None:  # the layout before the schema carried a version
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("CREATE TABLE files (path TEXT, size INTEGER)")
    con.commit()
    con.close()


def _other_meta(db: Path) -> None:
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (name TEXT)")
    con.commit()
    con.close()


@pytest.mark.parametrize("damage, moved", [(_truncate, True), (_random, True), (_bad_rows, False),
                                           (_old_schema, False), (_other_meta, False)],
                         ids=["truncated", "random-bytes", "bad-rows", "old-schema", "other-meta-table"])
def test_a_cache_that_cannot_be_used_is_rebuilt(tmp_path, damage, moved):
    """Issue 12 #7: a damaged cache is moved aside with a note and rebuilt; a bad row is a miss; a
    cache of another schema is dropped. The results are those of a scan without a cache."""
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 12)
    db = tmp_path / "out" / CACHE_NAME
    plain = scan(docs, jobs=1)
    scan(docs, jobs=1, cache=db)
    damage(db)
    again = scan(docs, jobs=1, cache=db)
    _same(again, plain)
    aside = list(db.parent.glob(CACHE_NAME + ".corrupt-*"))
    assert len(aside) == moved
    assert bool(again.notes) == moved and all("moved aside" in n for n in again.notes)
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (SCHEMA,)
    assert con.execute("SELECT count(*) FROM files").fetchone() == (13,)
    con.close()
    _same(scan(docs, jobs=1, cache=db), plain)  # and the rebuilt cache serves the next run


def test_cli_with_a_damaged_cache_says_so_in_one_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, 3)
    out = tmp_path / "out"
    assert invoke(["scan", str(docs), "-o", str(out), "--cache", "-j1"]).exit_code == 0
    _random(out / CACHE_NAME)
    r = invoke(["scan", str(docs), "-o", str(out), "--cache", "-j1"])
    assert r.exit_code == 0, r.output
    notes = [line for line in r.output.splitlines() if line.startswith("note: cache")]
    assert len(notes) == 1 and "file is not a database" in notes[0] and "moved aside" in notes[0]
    assert "Read 4 articles" in r.output
