"""``scan --format parquet``: citations.parquet holds exactly citations.jsonl's rows, typed."""
from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from citetrack import parquet
from citetrack.cli import app

pq = pytest.importorskip("pyarrow.parquet")

runner = CliRunner(env={"COLUMNS": "250"})
ARTICLES = {
    "a.txt": "Officials told the Financial Times on Monday that the deal was off.\n\n"
             "Reuters reported that talks would resume, according to Bloomberg.\n",
    "b.txt": "The minister said in an interview with the BBC that no decision had been made.\n",
    "c.txt": "Nothing here cites anyone.\n",
}


def _scan(tmp_path, *extra: str):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(src), "-o", str(out), "-j", "1", *extra])
    return result, out


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_table_has_the_jsonl_rows_and_typed_columns(tmp_path):
    result, out = _scan(tmp_path, "--format", "parquet")
    assert result.exit_code == 0, result.output
    table = pq.read_table(out / "citations.parquet")
    rows = _jsonl(out / "citations.jsonl")
    assert len(rows) >= 4
    assert table.to_pylist() == rows
    types = {f.name: str(f.type) for f in table.schema}
    assert types["start"] == types["end"] == "int64"
    assert types["known"] == types["self"] == types["wire_copy"] == "bool"
    assert types["sentence"] == types["date"] == types["quote"] == "string"
    assert "citations.parquet" in result.output  # the summary lists it


def test_row_groups_are_cut_at_the_batch_size(tmp_path, monkeypatch):
    monkeypatch.setattr(parquet, "BATCH", 2)
    result, out = _scan(tmp_path, "-f", "parquet", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    meta = pq.ParquetFile(out / "citations.parquet").metadata
    rows = _jsonl(out / "citations.jsonl")
    assert meta.num_rows == len(rows) and meta.num_row_groups == (len(rows) + 1) // 2
    assert pq.read_table(out / "citations.parquet").to_pylist() == rows


def test_no_citations_is_an_empty_table_with_the_columns(tmp_path):
    jsonl = tmp_path / "citations.jsonl"
    jsonl.write_text("", encoding="utf-8")
    parquet.write_citations_parquet(jsonl, tmp_path / "citations.parquet")
    table = pq.read_table(tmp_path / "citations.parquet")
    assert table.num_rows == 0 and table.schema.names == list(parquet.COLUMN_TYPES)


def test_a_scan_without_parquet_removes_an_older_table(tmp_path):
    """The folder holds one run's set: no citations.parquet of an earlier run beside newer files."""
    _scan(tmp_path, "--format", "parquet")
    result, out = _scan(tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / "citations.jsonl").exists() and not (out / "citations.parquet").exists()
    assert "citations.parquet" not in result.output


def test_an_unknown_format_is_one_error_line(tmp_path):
    result, out = _scan(tmp_path, "--format", "xml")
    assert result.exit_code == 2
    assert result.output.strip() == "error: unknown format 'xml'; use jsonl or parquet"
    assert not out.exists()


def test_without_pyarrow_the_scan_stops_before_reading(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result, out = _scan(tmp_path, "--format", "parquet")
    assert result.exit_code == 2
    assert "error: --format parquet needs pyarrow: pip install 'citetrack[parquet]'" in result.output
    assert not out.exists()
