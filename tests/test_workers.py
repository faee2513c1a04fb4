"""The local engine's workers read: the same results with --jobs 1 and --jobs 2, and as a whole-file read.

A big JSON Lines file is cut into byte ranges at line starts (citetrack/engines/parts.py), a CSV
file at row starts, and small files go out in groups; the workers read and analyse their share,
and the parent gives the results out in reading order. Here the parts are made tiny and the pool
starts at once, so that a small file is read in many parts by two workers, and every result
(articles, citations, skipped records and their line numbers) is compared with a read of the
whole file in one process.
"""
from __future__ import annotations

import json
import pickle

import pytest

from citetrack import scan
from citetrack.engines import local, parts
from citetrack.models import Article, ArticleInfo, Citation, Skipped
from citetrack.readers.csvfile import row_ranges
from citetrack.readers.jsonfile import LineRange, count_lines
from conftest import write

SENTENCES = [
    "The minister told the Financial Times on Monday that the budget was final.",
    "Reuters reported on Tuesday that talks on route {n} had stalled.",
    "According to Bloomberg, the bank will cut {n} jobs.",
    "In an interview with CNN, the governor said {n} schools would close.",
    "The council met and agreed the budget for bridge {n}.",
]


def _text(i: int) -> str:
    return " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(n=i + k) for k in range(3))


@pytest.fixture
def tiny_parts(monkeypatch):
    """Parts of ~2 KB, groups of 3 files, and workers started however little there is to do;
    returns the list of the plan's parts, filled as files are cut."""
    monkeypatch.setattr(parts, "RANGE_MIN", 2000)
    monkeypatch.setattr(parts, "RANGE_MAX", 2000)
    monkeypatch.setattr(local, "ENOUGH", 0)
    monkeypatch.setattr(local, "GROUP_FILES", 3)
    cut: list[LineRange] = []
    real = local.line_parts

    def recorded(*args):
        for part in real(*args):
            cut.append(part)
            yield part

    monkeypatch.setattr(local, "line_parts", recorded)
    return cut


@pytest.fixture
def pool_started(monkeypatch):
    """Whether a scan started worker processes."""
    started = []
    real = local.Pool.start

    def start(self):
        real(self)
        started.append(self.pool is not None)

    monkeypatch.setattr(local.Pool, "start", start)
    return started


def _whole(path, monkeypatch, **options):
    """The reference: one process, no file cut into parts."""
    with monkeypatch.context() as m:
        m.setattr(parts, "RANGE_MIN", 1 << 40)
        m.setattr(parts, "RANGE_MAX", 1 << 40)
        return scan(path, jobs=1, **options)


def _same(a, b):
    assert a.citations == b.citations
    assert a.articles == b.articles
    assert a.skipped == b.skipped
    assert a.counts == b.counts


def _hostile_jsonl(path, n: int = 160):
    """Records without ids (numbered file#N), with blank and whitespace-only lines, bad lines of
    every kind, a line over the record limit, a byte-order mark and no final line end."""
    lines = []
    for i in range(n):
        rec = {"text": _text(i)} if i % 3 else {"id": f"r{i}", "text": _text(i)}
        lines.append(json.dumps(rec).encode())
        if i % 17 == 5:
            lines.append(b"")
        if i % 23 == 7:
            lines.append(b"   \t")
        if i % 29 == 11:
            lines.append("\u00a0\u3000".encode())  # Unicode spaces only: blank, not a record
        if i % 31 == 13:
            lines.append(b"{broken")
        if i % 37 == 17:
            lines.append(b'{"text": "caf\xe9 told Reuters"}')  # not UTF-8
        if i % 41 == 19:
            lines.append(b'["a list, not an object"]')
        if i % 43 == 21:
            lines.append(b'  {"text": "Indented: officials told the BBC it was over."}')
        if i == 90:
            lines.append(json.dumps({"text": "x " * 3000}).encode())  # over the 5,000-byte limit
        if i == 120:
            lines.append(b" " * 2600)  # blank, longer than a part
    write(path, b"\xef\xbb\xbf" + b"\n".join(lines))


def test_jsonl_in_parts_gives_the_whole_file_results(tmp_path, monkeypatch, tiny_parts, pool_started):
    path = tmp_path / "big.jsonl"
    _hostile_jsonl(path)
    whole = _whole(path, monkeypatch, max_file_size=5000)
    assert len(whole.articles) > 150 and len(whole.citations) > 100
    reasons = {s.reason.split(":")[0].split(" (")[0] for s in whole.skipped}
    assert {"not valid JSON", "not valid UTF-8", "record too large", "record is not a JSON object"} <= reasons
    # records without an id are numbered in the file, blank lines left out and bad lines counted
    assert [a.id.rsplit("/", 1)[-1] for a in whole.articles[-3:]] == ["big.jsonl#176", "big.jsonl#177", "r159"]
    for jobs in (1, 2):
        tiny_parts.clear()
        _same(scan(path, jobs=jobs, max_file_size=5000), whole)
        assert len(tiny_parts) > 10  # read in many parts
    assert pool_started == [True]


@pytest.mark.parametrize("engine", ["python", "core"])
def test_line_parts_number_lines_and_records_as_a_reader_counts_them(tmp_path, monkeypatch, engine):
    if engine == "python":
        monkeypatch.setattr(parts, "core", lambda: None)  # bytes.count, not the compiled core's count
    elif parts.core() is None:
        pytest.skip("no compiled core")
    path = tmp_path / "big.jsonl"
    _hostile_jsonl(path)
    size = path.stat().st_size
    for max_bytes in (0, 5000):
        cut = list(parts.line_parts(path, 1500, max_bytes))
        assert len(cut) > 10 and cut[0].start == 0 and cut[-1].stop == size and [p.last for p in cut].count(True) == 1
        lines = records = 0
        for before, after in zip(cut, cut[1:]):
            assert before.stop == after.start
        data = path.read_bytes()
        for part in cut:
            assert part.start == 0 or data[part.start - 1:part.start] == b"\n"  # at a line start
            assert (part.lines_before, part.records_before) == (lines, records)
            counted = count_lines(path, LineRange(part.start, part.stop, lines, records), max_bytes)
            lines, records = lines + counted[0], records + counted[1]
        assert lines == data.count(b"\n") + 1


def test_csv_in_parts_gives_the_whole_file_results(tmp_path, monkeypatch, tiny_parts, pool_started):
    rows = ["id,title,text"]
    for i in range(150):
        text = _text(i).replace(". ", ".\n\n", 1) if i % 4 == 0 else _text(i)  # quoted cells over lines
        rows.append(f'{"" if i % 5 else f"c{i}"},"Title {i}","{text}"')
        if i == 60:
            rows.append('x,y,"z",extra,cells')
        if i == 70:
            rows.append("")
    path = write(tmp_path / "big.csv", "\n".join(rows) + "\n")
    whole = _whole(path, monkeypatch)
    assert len(whole.articles) == 150 and whole.skipped
    assert len(row_ranges(path, 2000)) > 10
    _same(scan(path, jobs=2), whole)
    _same(scan(path, jobs=1), whole)
    assert pool_started == [True]


def test_folder_of_txt_files_in_groups(tmp_path, monkeypatch, tiny_parts, pool_started):
    for i in range(40):
        write(tmp_path / "docs" / f"{i // 10}" / f"a{i:02d}.txt", f"Story {i}\n\n{_text(i)}\n")
    write(tmp_path / "docs" / "0" / "empty.txt", "")
    write(tmp_path / "docs" / "1" / "image.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    write(tmp_path / "docs" / "2" / "notes.xyz", "not an article")
    _hostile_jsonl(tmp_path / "docs" / "3" / "feed.jsonl", 40)
    whole = _whole(tmp_path / "docs", monkeypatch)
    assert len(whole.skipped) >= 3
    _same(scan(tmp_path / "docs", jobs=2), whole)
    assert pool_started == [True] and tiny_parts  # the JSON Lines file among them was cut too


def test_parts_with_the_cache(tmp_path, monkeypatch, tiny_parts):
    path = tmp_path / "docs" / "big.jsonl"
    _hostile_jsonl(path)
    whole = _whole(path, monkeypatch)
    db = tmp_path / "cache.sqlite"
    _same(scan(path, jobs=2, cache=db), whole)
    tiny_parts.clear()
    _same(scan(path, jobs=2, cache=db), whole)
    assert not tiny_parts  # the second scan read nothing


@pytest.mark.parametrize("record", [
    Article(file="a.jsonl", id="a#1", text="Reuters reported it.", title="T", date="2024-01-02", url="https://x.test/a",
            publisher="P", author="A", bad_date=True, nuls=True),
    ArticleInfo(file="a.jsonl", id="a#1", title="T", date="2024-01-02", url="u", publisher="P", chars=20, author="A",
                publisher_id="p", unexamined=3, bad_date=True, nuls=True, wire="Reuters"),
    Citation(file="a.jsonl", article_id="a#1", outlet="Reuters", outlet_id="reuters", known=True, mention="Reuters",
             start=0, end=7, kind="report", cue="reported", rule="r", sentence="Reuters reported it.", quote="q",
             speaker="s", self=True, outlet_type="agency", outlet_country="GB", wire_copy=True),
    Skipped("a.jsonl:3", "not valid JSON"),
])
def test_results_travel_between_processes_as_their_fields(record):
    """What workers send back is pickled as its class and its fields' values (not the dataclass's
    per-field state functions, ~60% of the cost of moving results): every field survives."""
    again = pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
    assert again == record and type(again) is type(record)
    assert record.__reduce__() == (type(record), tuple(getattr(record, f) for f in type(record).__slots__))


def _one_task_through_two_workers() -> None:
    pool = local.Pool(local.ScanOptions(jobs=2))
    try:
        pool.start()
        assert pool.call(local._items, []) == []
    finally:
        pool.close()


def test_the_parent_freezes_what_it_built_before_forking_workers(monkeypatch):
    """Forked workers share the parent's gazetteer, automaton and rules; a garbage collection in a
    worker would write to each of those objects and so copy their pages: they are frozen first."""
    frozen = []
    monkeypatch.setattr(local.gc, "freeze", lambda: frozen.append(True))
    _one_task_through_two_workers()
    assert frozen == ([True] if "fork" in local.mp.get_all_start_methods() else [])


def test_results_are_unpickled_with_the_garbage_collector_paused(monkeypatch):
    """A task's result crosses as its pickle and is loaded in the parent with collections paused
    (tens of thousands of new objects, none in a cycle); the collector is on again after."""
    seen = []
    loads = local.pickle.loads
    monkeypatch.setattr(local.pickle, "loads", lambda b: (seen.append(local.gc.isenabled()), loads(b))[1])
    _one_task_through_two_workers()
    assert seen == [False] and local.gc.isenabled()


def test_a_tasks_files_go_to_a_worker_as_strings_and_stay_paths_here():
    import pickle
    from pathlib import Path
    from citetrack.engines.local import _Files
    files = _Files([(Path("a/b.txt"), "a/b.txt", 3), ("https://x.example/c.txt", "https://x.example/c.txt", None)])
    assert isinstance(files[0][0], Path)  # read here as it is, with no string made and parsed again
    sent = pickle.loads(pickle.dumps(files))
    assert type(sent) is list and sent == [("a/b.txt", "a/b.txt", 3), ("https://x.example/c.txt", "https://x.example/c.txt", None)]
