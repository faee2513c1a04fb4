"""--engine dask and fsspec URLs: the outputs equal a local run's.

One LocalCluster (2 worker processes, loopback only) serves the whole module; the tests that need
it skip without the ``dask`` extra, the others (URL reading, numbering of JSON Lines parts, the
messages when the extra is missing, the local engine never importing dask) always run.
"""
from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citetrack import scan
from citetrack.cli import app
from citetrack.errors import CitetrackError
from citetrack.models import ScanOptions
from citetrack.readers.csvfile import row_ranges
from citetrack.readers.jsonfile import LineRange, count_lines, read_jsonl
from citetrack.readers.registry import read_items
from citetrack.report import write_outputs
from conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BBC = ROOT.parent / "shared" / "corpus" / "bbc"
OUTPUTS = ("citations.jsonl", "outlets.csv", "articles.csv")
OUTLETS = ["Reuters", "the BBC", "the Financial Times", "Bloomberg", "CNN", "Al Jazeera"]


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'citetrack[dask]')")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as c:
        yield c.scheduler_address


def _outputs(result, folder: Path) -> dict[str, bytes]:
    write_outputs(result, folder)
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def _same_outputs(paths, tmp_path: Path, address: str, **options):
    local = scan(paths, ScanOptions(jobs=1, **options))
    dask = scan(paths, ScanOptions(engine="dask", scheduler=address, **options))
    assert _outputs(dask, tmp_path / "dask") == _outputs(local, tmp_path / "local")
    assert dask.skipped == local.skipped
    return local


def _jsonl(path: Path, n: int = 300) -> None:
    """Records with and without ids, blank and whitespace lines, bad JSON, an over-long record,
    Windows line ends in the first part and a byte-order mark: everything that moves numbers."""
    lines = []
    for i in range(n):
        if i % 17 == 3:
            lines.append("" if i % 2 else " \t")
        elif i % 23 == 5:
            lines.append("{broken")
        elif i % 41 == 7:
            lines.append("\u00a0\u00a0")  # not blank as bytes, blank as text: not a record
        elif i % 29 == 11:
            lines.append(json.dumps({"text": "word " * 200 + f"told {OUTLETS[i % 6]}."}))
        else:
            rec = {"text": f"The minister told {OUTLETS[i % 6]} on Monday that plan {i} was ready. "
                           f"According to {OUTLETS[(i + 1) % 6]}, talks went on.", "title": f"Plan {i}"}
            if i % 3 == 0:
                rec["id"] = f"plan-{i}"
            lines.append(json.dumps(rec, ensure_ascii=False))
    text = "\ufeff" + "\r\n".join(lines[:40]) + "\r\n" + "\n".join(lines[40:]) + "\n"
    path.write_text(text, encoding="utf-8", newline="")


def _csv(path: Path, n: int = 300) -> None:
    """Rows with line breaks inside quoted cells (\\n, \\r\\n and a lone \\r), blank rows, rows with
    too many cells, ids and none, non-ASCII text, Windows line ends and a byte-order mark."""
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerow(["id", "title", "text"])
    for i in range(n):
        if i % 19 == 4:
            out.write("\r\n")
        elif i % 31 == 9:
            out.write("a,b,c,d\n")
        else:
            brk = "\n\r\n\r"[i % 3]
            rows.writerow(["" if i % 3 else f"row-{i}", f"Plan {i}",
                           f"The minister told {OUTLETS[i % 6]} that plan {i} was ready.{brk}"
                           f"According to {OUTLETS[(i + 1) % 6]}, \"talks\" went on \u2014 café."])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def _tree(folder: Path) -> Path:
    """A small corpus of our own: nested folders, a name that sorts differently as a full path,
    a hidden folder, a README, a gzipped file and a JSON Lines file."""
    (folder / "a").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "a" / "x.txt").write_text("Budget\n\nThe chancellor told the BBC the plan was final.\n")
    (folder / "a-b.txt").write_text("Talks\n\nReuters reported that the talks had stalled.\n")
    (folder / ".hidden" / "h.txt").write_text("Hidden\n\nBloomberg reported it.\n")
    (folder / "README.md").write_text("Not an article. Reuters reported nothing.\n")
    (folder / "z.txt.gz").write_bytes(gzip.compress(b"Jobs\n\nAccording to CNN, the bank cut 300 jobs.\n"))
    _jsonl(folder / "feed.jsonl", 40)
    return folder


# --- the dask engine equals the local one -----------------------------------------------------

def test_examples(cluster, tmp_path):
    local = _same_outputs([EXAMPLES], tmp_path, cluster)
    assert local.citations and local.skipped  # examples/ has citations and a file to skip


def test_bbc_sample(cluster, tmp_path):
    if not BBC.is_dir():
        pytest.skip("../shared/corpus/bbc is missing (the team's shared corpora sit beside the checkout)")
    files = sorted(BBC.iterdir())[:150]
    assert len(_same_outputs(files, tmp_path, cluster).articles) == 150


@pytest.mark.parametrize("max_file_size", [0, 400], ids=["no-record-limit", "400-byte-records"])
def test_big_jsonl_in_parts(cluster, tmp_path, monkeypatch, max_file_size):
    import citetrack.engines.dask as engine

    feed = tmp_path / "feed.jsonl"
    _jsonl(feed)
    monkeypatch.setattr(engine, "CHUNK_BYTES", 2000)
    units = list(engine._plan([feed], engine.CHUNK_BYTES))
    assert len(units) == 1 and units[0][0] == "parts" and len(units[0][3]) > 10
    local = _same_outputs([feed], tmp_path, cluster, max_file_size=max_file_size)
    assert any(a.id == f"{feed}#2" for a in local.articles)
    assert any(s.path == f"{feed}:6" for s in local.skipped)  # a bad line, numbered as in the file


def test_big_csv_in_parts(cluster, tmp_path, monkeypatch):
    import citetrack.engines.dask as engine

    table = tmp_path / "table.csv"
    _csv(table)
    monkeypatch.setattr(engine, "CHUNK_BYTES", 3000)
    assert len(row_ranges(table, engine.CHUNK_BYTES)) > 10
    assert [u[0] for u in engine._plan([table], engine.CHUNK_BYTES)] == ["rows"]
    local = _same_outputs([table], tmp_path, cluster)
    assert any(a.id == f"{table}#2" for a in local.articles) and any(a.id == "row-0" for a in local.articles)


def test_file_urls(cluster, tmp_path):
    tree = _tree(tmp_path / "corpus")
    url = tree.as_uri()
    by_url = _same_outputs([url], tmp_path / "url", cluster)
    by_path = scan([tree], jobs=1)
    assert [a.id.replace(url, str(tree)) for a in by_url.articles] == [a.id for a in by_path.articles]
    assert [c.sentence for c in by_url.citations] == [c.sentence for c in by_path.citations]


def test_cli_with_scheduler(cluster, tmp_path):
    runner = CliRunner()
    local = runner.invoke(app, ["scan", str(EXAMPLES), "-o", str(tmp_path / "local"), "--quiet", "--jobs", "1"])
    dask = runner.invoke(app, ["scan", str(EXAMPLES), "-o", str(tmp_path / "dask"), "--quiet",
                               "--engine", "dask", "--scheduler", cluster])
    assert local.exit_code == 0 and dask.exit_code == 0, dask.output
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


# --- without a cluster -----------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [37, 97, 1000, 10**6], ids=["37-bytes", "97-bytes", "1000-bytes", "whole"])
@pytest.mark.parametrize("max_bytes", [0, 400], ids=["no-limit", "400-bytes"])
def test_jsonl_parts_number_as_whole_file(tmp_path, chunk, max_bytes):
    feed = tmp_path / "feed.jsonl"
    _jsonl(feed, 120)
    size = feed.stat().st_size
    whole = list(read_jsonl(feed, "feed.jsonl", max_bytes=max_bytes))
    parts, lines, records = [], 0, 0
    for start in range(0, size, chunk):
        part = LineRange(start, min(start + chunk, size), lines, records, last=start + chunk >= size)
        parts += read_jsonl(feed, "feed.jsonl", max_bytes=max_bytes, part=part)
        counted = count_lines(feed, part, max_bytes)
        lines, records = lines + counted[0], records + counted[1]
    assert parts == whole
    assert lines == len(feed.read_bytes().splitlines())


@pytest.mark.parametrize("chunk", [1, 300, 3000], ids=["1-byte", "300-bytes", "3000-bytes"])
def test_csv_parts_number_as_whole_file(tmp_path, chunk):
    table = tmp_path / "table.csv"
    _csv(table, 150)
    whole = list(read_items(table, "table.csv"))
    parts = row_ranges(table, chunk)
    assert len(parts) > 3 and row_ranges(table, 10**6) == []  # a file within one part is read whole
    assert list(itertools.chain.from_iterable(read_items(table, "table.csv", part=p) for p in parts)) == whole
    assert any(s.path == "table.csv:19" and "cells in a row" in s.reason for s in whole if hasattr(s, "reason"))


def _bad_csv(path: Path) -> None:
    """:func:`_csv`'s rows with bad ones among them: a 600-byte cell, a NUL, a quote never closed
    that a later row's quoted cell meets, and one left open to the end of the file."""
    _csv(path, 60)
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\r\n")
    rows.writerows([[f"more-{i}", f"More {i}", f"The minister told {OUTLETS[i % 6]}, on Monday, that plan {i} was ready."]
                    for i in range(60)])
    bad = ("big,Big," + "x" * 600 + "\r\n"
           "nul,Nul,The minister told Reuters\0 that the plan was ready.\r\n"
           'open-1,Open,"The minister told CNN that the plan was ready.\r\n'
           "ok-1,Ok,The minister told Bloomberg that the plan was late.\r\n"
           'ok-2,Ok,"According to the BBC, ""talks"" went on."\r\n')
    tail = 'open-2,Open,"The minister told Reuters that\r\nok-3,Ok,Reuters said it.\r\nok-4,Ok,CNN said it.\r\n'
    path.write_bytes(path.read_bytes() + (bad + out.getvalue() + tail).encode("utf-8"))


@pytest.mark.parametrize("chunk", [1, 300, 3000], ids=["1-byte", "300-bytes", "3000-bytes"])
@pytest.mark.parametrize("max_bytes", [0, 400], ids=["no-limit", "400-bytes"])
def test_csv_parts_with_bad_rows_number_as_whole_file(tmp_path, chunk, max_bytes):
    """Issue 12 #9, #2: rows skipped as unclosed quotes or too large (and the lines read again after
    an unclosed one) are the same, numbered the same, in parts as in a whole read."""
    table = tmp_path / "table.csv"
    _bad_csv(table)
    whole = list(read_items(table, "table.csv", max_bytes=max_bytes))
    parts = row_ranges(table, chunk, max_bytes=max_bytes)
    assert len(parts) > 3
    read = itertools.chain.from_iterable(read_items(table, "table.csv", max_bytes=max_bytes, part=p) for p in parts)
    assert list(read) == whole
    skips = [(s.path, s.reason) for s in whole if hasattr(s, "reason")]
    assert ("table.csv:119", "unclosed quote") in skips and ("table.csv:182", "unclosed quote") in skips
    assert (("table.csv:117", "record too large (over 400 bytes; see --max-file-size)") in skips) == (max_bytes == 400)
    ids = [a.id for a in whole if hasattr(a, "text")]
    assert {"ok-1", "ok-2", "ok-3", "ok-4", "nul"} <= set(ids) and "open-1" not in ids and "open-2" not in ids
    assert next(a for a in whole if getattr(a, "id", "") == "nul").text.startswith("The minister told Reuters  that")


def test_memory_urls_with_the_local_engine(tmp_path):
    fsspec = pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")
    tree = _tree(tmp_path / "corpus")
    fs = fsspec.filesystem("memory")
    for p in sorted(tree.rglob("*")):
        if p.is_file():
            fs.pipe(f"/citetrack-test/{p.relative_to(tree).as_posix()}", p.read_bytes())
    try:
        by_url = scan(["memory:///citetrack-test"], jobs=1)
    finally:
        fs.rm("/citetrack-test", recursive=True)
    by_path = scan([tree], jobs=1)
    prefix = "memory:///citetrack-test"
    assert [a.id.replace(prefix, str(tree)) for a in by_url.articles] == [a.id for a in by_path.articles]
    assert [(s.path.replace(prefix, str(tree)), s.reason) for s in by_url.skipped] == \
        [(s.path, s.reason) for s in by_path.skipped]
    assert [c.mention for c in by_url.citations] == [c.mention for c in by_path.citations]
    assert [a.file for a in by_url.articles][:3] == [f"{prefix}/a/x.txt", f"{prefix}/a-b.txt", f"{prefix}/feed.jsonl"]


@pytest.mark.parametrize("module, argv, message", [
    ("distributed", ["scan", str(EXAMPLES), "--engine", "dask"], "pip install 'citetrack[dask]'"),
    ("fsspec", ["scan", "s3://bucket/articles/"], "pip install 'citetrack[dask]'"),
    (None, ["scan", str(EXAMPLES), "--engine", "spark"], "unknown engine 'spark'"),
], ids=["no-dask", "no-fsspec", "unknown-engine"])
def test_clear_errors(tmp_path, monkeypatch, module, argv, message):
    if module:
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
        monkeypatch.setitem(sys.modules, f"{module}.core", None)
    result = invoke([*argv, "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_cache_is_for_the_local_engine(tmp_path):
    with pytest.raises(CitetrackError, match="--cache works with the local engine only"):
        scan([EXAMPLES], ScanOptions(engine="dask", cache=tmp_path / "c.sqlite"))


def test_local_engine_imports_no_dask(tmp_path):
    # (fsspec is left out: warcio imports it by itself when it is installed)
    code = ("import sys, citetrack.cli; from citetrack import scan; scan(sys.argv[1], jobs=1); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    (tmp_path / "a.txt").write_text("Talks\n\nReuters reported that the talks had stalled.\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_cli_reads_a_file_url_with_the_local_engine(tmp_path):
    pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")
    tree = _tree(tmp_path / "corpus")
    result = invoke(["scan", tree.as_uri(), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    files = {json.loads(line)["file"] for line in (tmp_path / "out" / "citations.jsonl").read_text().splitlines()}
    assert f"{tree.as_uri()}/a/x.txt" in files and f"{tree.as_uri()}/z.txt.gz" in files
