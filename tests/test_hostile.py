"""Hostile and broken input: every bad file or record is skipped with a one-line reason, every good
article is still read, the run exits 0 (1 with ``--strict``), and nothing crashes or hangs.

One table, :data:`CASES`, lists each kind of bad input with what citetrack must do with it. Each case
is scanned beside a good article (which must still be cited), through the library; then all of
them at once through the command line.
"""
from __future__ import annotations

import csv
import gzip
import importlib
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import citetrack
from citetrack.cli import app
from citetrack.models import DEFAULT_MAX_FILE_SIZE, Skipped
from citetrack.outputs import FILES
from citetrack.readers.csvrows import Rows
from citetrack.readers.limits import format_size, parse_size
from citetrack.readers.lines import Lines
from citetrack.readers.registry import read_items

GOOD = "Council budget approved\n\nThe minister told the Financial Times on Monday that the budget was final.\n"
CITED = "The minister told the Reuters news agency on Tuesday that the bridge would reopen.\n"
POSIX = sys.platform != "win32"


SAID = CITED.strip()
FILLER = "The council met on Tuesday and agreed the budget for the bridge repairs. " * 1_000  # 73 KB, no outlet


def _table(*rows: str) -> bytes:
    """A CSV file of (id, text) rows, one a line."""
    return ("id,text\n" + "".join(row + "\n" for row in rows)).encode("utf-8")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("story.txt", GOOD)
    return buf.getvalue()


def _write(folder: Path, name: str | bytes, content: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_bytes(content)
    return path


def _link(target: str) -> Callable[[Path, str], None]:
    def make(folder: Path, name: str) -> None:
        os.symlink(target.replace("{self}", name), folder / name)
    return make


def _loop(folder: Path, name: str) -> None:
    os.symlink(folder / "other-end.txt", folder / name)
    os.symlink(folder / name, folder / "other-end.txt")


def _fifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


# (file name, content or a function making it, what happens). What happens is either the exact
# skip reason of the file, or a list of (path suffix, reason) for skipped records, or "read" when
# the file is a good article that must be read and cited.
CASES = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\t\r\n", "empty file"),
    ("empty.json", b"", "empty file"),
    ("empty.jsonl", b"", "empty file"),
    ("report.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary file (PDF)"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", "binary file (PNG image)"),
    ("archive.txt", _zip(), "binary file (zip archive)"),
    ("archive.json", _zip(), "binary file (zip archive)"),
    ("packed.jsonl", gzip.compress(json.dumps({"text": GOOD}).encode() + b"\n"), "read"),  # gzip is read
    ("jpeg.md", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image)"),
    ("controls.txt", bytes(range(1, 9)) * 40, "binary file (control bytes)"),
    ("utf16.txt", GOOD.encode("utf-16-le"), "read"),  # UTF-16 without a BOM is detected
    ("nul.json", b'{"text": "a\0b"}', "binary file (NUL bytes)"),
    ("doc.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ("no-extension", b"Reuters reported.", "unsupported file type (no extension)"),
    ("undecodable.txt", b"Budget approved\n\nThe minister told the Financial Times \xff\xfe on Monday.\n", "read"),
    ("cp1252.json", json.dumps({"text": GOOD + " Caf\u00e9."}, ensure_ascii=False).encode("cp1252"), "read"),
    ("bad.json", b'{"text": "x", "title": }', "not valid JSON: line 1: Expecting value"),
    ("lines.jsonl",
     b'{"text": "' + CITED.strip().encode() + b'"}\n{"text": \n{"text": "' + CITED.strip().encode() + b' Caf\xe9."}\n[1, 2]\n{"title": "t"}\n'
     b'{"text": "' + CITED.strip().encode() + b'"}\n',
     # line 3's lone \xe9 makes the file cp1252 (encodings are detected), so it reads as "café"
     [(":2", "not valid JSON: line 2: Expecting value (column 10)"),
      (":4", "record is not a JSON object (list)"), (":5", "no 'text' field")]),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON: nested too deeply"),
    ("deep.jsonl",
     b'{"text": "' + CITED.strip().encode() + b'"}\n' + b"[" * 100_000 + b"\n" + b'{"id": ' + b"1" * 5000
     + b', "text": "x"}\n{"text": "' + CITED.strip().encode() + b'"}\n',
     [(":2", "not valid JSON: line 2: nested too deeply"), (":3", "not valid JSON: line 3: Exceeds the limit")]),
    ("list.json", json.dumps([{"text": CITED}, None, {"text": 3}]).encode(),
     [("#2", "record is not a JSON object (NoneType)"), ("#3", "'text' is not a string (int)")]),
    ("name with  spaces.txt", CITED.encode(), "read"),
    ("new\nline.txt", CITED.encode(), "read"),
    ("café — ünïcode 新聞 🗞.md", CITED.encode(), "read"),
    (b"latin1-caf\xe9.txt", CITED.encode(), "read"),
    ("quote's \"and\" back\\slash.txt", CITED.encode(), "read"),
    ("broken-link.txt", _link("/nonexistent/citetrack/target.txt"), "broken link (its target does not exist)"),
    ("self-link.txt", _link("{self}"), "link loop (the link leads back to itself)"),
    ("loop-a.txt", _loop, "link loop (the link leads back to itself)"),
    ("pipe.txt", _fifo, "named pipe, not a regular file"),
    # issue 12 #9: a cell that opens a quote and never closes it swallowed the rows below it; its
    # row is skipped and the lines after its first read again (here a later row's quote meets it)
    ("unclosed.csv", _table(f"a,{SAID}", f'b,"{SAID}', f'c,"{SAID} Again, it was late."', f"d,{SAID}"),
     [(":3", "unclosed quote")]),
    # issue 12 #10: one NUL in a CSV cell skipped the whole file as binary; in a text, after the
    # first 64 KB, it hid the citation; now it reads as a space
    ("nul-cell.csv", _table(f"a,{SAID[:-1]} after the spring\0 floods had damaged its deck and rails."), "read"),
    ("nul-late.txt", ("Bridge repairs\n\n" + FILLER + "\n\nReuters\0 said on Tuesday that the bridge "
                      "would reopen.\n").encode(), "read"),
    ("nul-early.txt", b"Bridge reopens\n\nReuters\0 said on Tuesday that the bridge would reopen. " + FILLER[:300].encode(),
     "read"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", "binary file (PNG image)"),  # still binary
    ("zeros.csv", b"id,text\n" + b"\0" * 64, "binary file (NUL bytes)"),
    ("utf16.csv", f"id,text\n1,{SAID}\n".encode("utf-16-le"), "read"),  # UTF-16 without a BOM: NULs, not binary
]
IDS = [os.fsdecode(c[0]).encode("ascii", "replace").decode().replace("\n", "NL").replace(" ", "_") for c in CASES]


def _make(folder: Path, name: str | bytes, content) -> str:
    """Create the case's file in ``folder``; return its name as citetrack shows it."""
    if callable(content):
        content(folder, os.fsdecode(name))
    else:
        _write(folder, name, content)
    return citetrack.readers.display_path(folder / os.fsdecode(name))


@pytest.mark.parametrize("name, content, expected", CASES, ids=IDS)
def test_bad_input_is_skipped_with_a_reason_and_the_rest_is_read(tmp_path, name, content, expected):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    shown = _make(tmp_path, name, content)
    result = citetrack.scan(tmp_path, jobs=1)
    skipped = [s for s in result.skipped if not s.path.endswith("other-end.txt")]
    good = tmp_path.as_posix() + "/good.txt"
    assert good in {a.file for a in result.articles}, "one bad file must never lose the rest"
    assert ("Financial Times", good) in {(c.outlet, c.file) for c in result.citations}
    for s in result.skipped:
        assert s.reason and "\n" not in s.reason, s
    if expected == "read":
        assert skipped == []
        (article,) = [a for a in result.articles if a.file == shown]
        cits = [c for c in result.citations if c.file == shown]
        assert cits, "the good article in a hostile name is still cited"
        assert article.chars > 0
    elif isinstance(expected, str):
        assert [(s.path, s.reason) for s in skipped] == [(shown, expected)]
        assert shown not in {a.file for a in result.articles}
    else:  # bad records among good ones: each bad one skipped as file:line / file#n, the good ones read
        got = [(s.path, s.reason) for s in skipped]
        assert len(got) == len(expected), got
        for (path, reason), (suffix, want) in zip(got, expected):
            assert path == shown + suffix and reason.startswith(want), (path, reason)
        records = [a for a in result.articles if a.file == shown]
        assert records and all(c.outlet == "Reuters" for c in result.citations if c.file == shown)
        assert len([c for c in result.citations if c.file == shown]) == len(records)


def test_undecodable_bytes_are_replaced_and_offsets_index_the_text(tmp_path):
    f = _write(tmp_path, "a.txt", b"Budget approved\n\nThe minister told the Financial Times \xff\xfe on Monday.\n")
    result = citetrack.scan(f, jobs=1)
    text = f.read_text(encoding="utf-8", errors="replace")
    assert "\ufffd\ufffd" in text
    (c,) = result.citations
    assert text[c.start:c.end] == c.mention == "Financial Times"


@pytest.mark.skipif(not POSIX, reason="symlinks and pipes")
def test_explicitly_named_pipe_and_broken_link_are_skipped_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "citetrack", "counts", "pipe.txt", "dangling.txt", "good.txt", "-f", "csv", "-j", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Financial Times" in proc.stdout
    assert "skipped pipe.txt: named pipe, not a regular file" in proc.stderr
    assert "skipped dangling.txt: broken link (its target does not exist)" in proc.stderr


# -- size limit -------------------------------------------------------------------------------

def test_a_200_mb_single_line_file_is_skipped_unread(tmp_path):
    """The default limit (50 MB) skips a 200 MB one-line file before opening it: no memory, no time."""
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, instant to make
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    citetrack.scan(tmp_path / "good.txt", jobs=1)  # load the gazetteer and rules before measuring
    tracemalloc.start()
    try:
        result = citetrack.scan(tmp_path, jobs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(s.path, s.reason) for s in result.skipped] == [
        (big.as_posix(), "file too large (200 MB, over the 50 MB limit; raise it with --max-file-size)")]
    assert [c.outlet for c in result.citations] == ["Financial Times"]
    assert peak < 20 * 1024 * 1024, f"peak {peak} bytes: the big file was read"


def test_single_line_file_under_the_limit_is_read(tmp_path):
    """A 1 MB file that is one line (no newline anywhere) is read and its citations found."""
    plain = "The council met on Tuesday and agreed the budget for the bridge repairs. " * 199
    cited = "The minister told the Financial Times on Monday that the budget was final. "
    f = tmp_path / "one-line.txt"
    f.write_text(((plain + cited) * 70).rstrip(), encoding="utf-8")
    assert f.stat().st_size > 1_000_000 and b"\n" not in f.read_bytes()
    result = citetrack.scan(f, jobs=1)
    assert result.skipped == []
    assert len(result.citations) == 70


@pytest.mark.parametrize("limit, skipped", [(0, False), (10_000, False), (1_000, True)], ids=["no-limit", "above", "below"])
def test_max_file_size_option(tmp_path, limit, skipped):
    (tmp_path / "a.txt").write_text(GOOD + "x" * 2_000, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": GOOD + "y" * 2_000}), encoding="utf-8")
    result = citetrack.scan(tmp_path, jobs=1, max_file_size=limit)
    assert len(result.skipped) == (2 if skipped else 0)
    assert len(result.articles) == (0 if skipped else 2)
    if skipped:
        assert all(s.reason.startswith("file too large (") and "1000 bytes limit" in s.reason for s in result.skipped)


def test_jsonl_record_over_the_limit_is_skipped_and_the_next_read(tmp_path):
    f = tmp_path / "big.jsonl"
    with open(f, "w", encoding="utf-8") as out:
        out.write(json.dumps({"text": CITED}) + "\n")
        out.write(json.dumps({"text": "z" * 3_000_000}) + "\n")  # longer than the limit, read in chunks
        out.write(json.dumps({"text": CITED, "id": "last"}) + "\n")
    result = citetrack.scan(f, jobs=1, max_file_size=100_000)
    assert [(s.path, s.reason) for s in result.skipped] == [
        (f.as_posix() + ":2", "record too large (over 97.7 KB; see --max-file-size)")]
    assert [a.id for a in result.articles] == [f.as_posix() + "#1", "last"]
    assert len(result.citations) == 2


# -- CSV rows: unclosed quotes, rows over the limit (issue 12 #9 and #2) ------------------------

UNCLOSED = "unclosed quote"
TOO_LARGE = "record too large (over 1000 bytes; see --max-file-size)"
# (rows below the header "id,text", --max-file-size (None: the default), skips (line, reason), ids read)
CSV_ROWS = [
    ("unclosed-to-the-end", [f"a,{SAID}", f'b,"{SAID}', f"c,{SAID}", f"d,{SAID}"], None,
     [(3, UNCLOSED)], ["a", "c", "d"]),
    ("met-by-a-later-quote", [f"a,{SAID}", f'b,"{SAID}', f'c,"{SAID}, said a spokesman"', f"d,{SAID}"], None,
     [(3, UNCLOSED)], ["a", "c", "d"]),
    ("two-unclosed", [f"a,{SAID}", f'b,"{SAID}', f"c,{SAID}", f'd,"{SAID}', f"e,{SAID}"], None,
     [(3, UNCLOSED), (5, UNCLOSED)], ["a", "c", "e"]),
    # would close at 'tail"', 10,002 lines down: past the line-break limit it is an unclosed quote
    ("past-the-line-break-limit", [f"a,{SAID}", f'b,"{SAID}', *(f"r{i},{SAID}" for i in range(10_001)),
                                   f'tail",{SAID}', f"z,{SAID}"], None,
     [(3, UNCLOSED)], ["a", *(f"r{i}" for i in range(10_001)), 'tail"', "z"]),
    ("past-the-size-limit", [f"a,{SAID}", f'b,"{SAID}', *(f"r{i},{SAID}" for i in range(40)), f'tail",{SAID}',
                             f"z,{SAID}"], 1000,
     [(3, UNCLOSED)], ["a", *(f"r{i}" for i in range(40)), 'tail"', "z"]),
    ("record-too-large", [f"a,{SAID}", "big," + "x" * 5000, f"z,{SAID}"], 1000,
     [(3, TOO_LARGE)], ["a", "z"]),
    ("quoted-record-too-large", [f"a,{SAID}", 'big,"' + "x, " * 2000 + '"', f"z,{SAID}"], 1000,
     [(3, TOO_LARGE)], ["a", "z"]),
    ("quote-open-on-the-last-line", [f"a,{SAID}", f'z,"{SAID}'], None, [], ["a", "z"]),  # swallows nothing: read
]


@pytest.mark.parametrize("ending", ["csv", "csv.gz", "tsv"])
@pytest.mark.parametrize("rows, limit, skips, ids", [c[1:] for c in CSV_ROWS], ids=[c[0] for c in CSV_ROWS])
def test_csv_bad_rows_are_skipped_and_the_rows_below_read(tmp_path, ending, rows, limit, skips, ids):
    """Issue 12 #9: a cell that opens a quote and never closes it swallowed the rows below it (their
    citations went to its article); #2: a CSV row had no size limit. Now each bad row is skipped as
    file:line, and every good row is read (the lines after an unclosed row's first are read again)."""
    delimiter = "\t" if ending == "tsv" else ","
    data = "".join(row.replace(",", delimiter, 1) + "\n" for row in ["id,text", *rows]).encode()
    f = tmp_path / f"table.{ending}"
    f.write_bytes(gzip.compress(data) if ending.endswith(".gz") else data)
    items = list(read_items(f, "table", max_bytes=limit or DEFAULT_MAX_FILE_SIZE))
    assert [(s.path, s.reason) for s in items if isinstance(s, Skipped)] == [(f"table:{n}", r) for n, r in skips]
    assert [a.id for a in items if not isinstance(a, Skipped)] == ids
    assert all(a.text.startswith(SAID) for a in items if not isinstance(a, Skipped))


def test_csv_multi_line_article_bodies_still_read(tmp_path):
    """Quoted cells of hundreds of lines and a few hundred KB, with quotes and commas, are not
    taken for unclosed quotes."""
    body = "\n".join(f'Paragraph {i}: the "plan", its costs and the vote. ' + "Words of the report. " * 20
                     for i in range(600))
    f = tmp_path / "long.csv"
    with open(f, "w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerows([["id", "text"], ["a", SAID], ["long", body], ["z", body.replace("\n", "\r\n")]])
    assert len(body) > 250_000 and f.read_bytes().count(b"\n") > 1200
    items = list(read_items(f, "long.csv"))
    assert [(a.id, a.text) for a in items] == [("a", SAID), ("long", body), ("z", body.replace("\n", "\r\n"))]


def test_csv_header_with_an_unclosed_quote_is_skipped(tmp_path):
    f = _write(tmp_path, "head.csv", _table(f"a,{SAID}").replace(b"id,text", b'id,"text'))
    assert list(read_items(f, "head.csv")) == [Skipped("head.csv", "header row: unclosed quote")]


def test_csv_reads_each_line_at_most_twice(tmp_path, monkeypatch):
    """Linear time: an unclosed quote's row is read again from its second line once, however many
    there are (each row here opens a quote that the next one meets)."""
    f = _write(tmp_path, "many.csv", _table(*(f'r{i},"{SAID}' if i % 3 == 0 else f"r{i},{SAID}" for i in range(3000))))
    fed = []
    reader = csv.reader

    def counting(lines, **kwargs):
        return reader((fed.append(len(line)) or line for line in lines), **kwargs)

    monkeypatch.setattr(csv, "reader", counting)
    items = list(read_items(f, "many.csv"))
    assert len([a for a in items if not isinstance(a, Skipped)]) == 2000
    assert [s.reason for s in items if isinstance(s, Skipped)] == [UNCLOSED] * 1000
    assert sum(fed) < 2 * f.stat().st_size


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b c", ",", "\t", '"', '""', "\n", "\r\n", "\r", "\0"]), max_size=60).map("".join),
       st.sampled_from([",", "\t"]))
def test_csv_rows_are_the_csv_modules_when_none_is_skipped(text, delimiter):
    """The rows read (cells, first and last line) are the csv module's own, NULs as spaces, unless
    one is skipped as an unclosed quote."""
    rows = list(Rows(Lines(io.BytesIO(text.encode())), delimiter).rows())
    if any(isinstance(cells, str) for _, _, cells in rows):
        assert all(cells == UNCLOSED for _, _, cells in rows if isinstance(cells, str))
        return
    reader = csv.reader(io.StringIO(text.replace("\0", " "), newline=""), delimiter=delimiter)
    expected, last = [], 0
    for cells in reader:
        expected.append((last + 1, reader.line_num, cells))
        last = reader.line_num
    assert rows == expected


_BIG_CELL = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
from citetrack.readers.registry import read_items
items = list(read_items(Path(sys.argv[1]), "big"))
print([getattr(i, "id", None) or i.reason for i in items])
status = Path("/proc/self/status")  # VmHWM: this process's peak (ru_maxrss keeps the parent's across exec)
print(next((line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM")), 0)
      if status.exists() else 0)
"""


@pytest.mark.skipif(not POSIX, reason="resource limits")
@pytest.mark.parametrize("ending", ["csv", "csv.gz"])
def test_a_200_mb_csv_cell_is_skipped_in_bounded_memory(tmp_path, ending):
    """Issue 12 #2 (CSV): one 200 MB cell cost 2.3 GB. Now its row is skipped (over the 50 MB
    limit) without ever being held, in a process allowed 600 MB of address space, its peak resident
    memory (where /proc tells it) under 200 MB."""
    f = tmp_path / f"big.{ending}"
    with (gzip.open(f, "wb", compresslevel=1) if ending.endswith(".gz") else open(f, "wb")) as out:
        out.write(f"id,text\na,{SAID}\nbig,\"".encode())
        chunk = b"The council met. " * (1 << 16)
        for _ in range(200 * (1 << 20) // len(chunk)):
            out.write(chunk)
        out.write(f'"\nz,{SAID}\n'.encode())
    proc = subprocess.run([sys.executable, "-c", _BIG_CELL, str(f)], capture_output=True, text=True, timeout=120,
                          cwd=Path(citetrack.__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    shown, peak_kb = proc.stdout.splitlines()
    assert shown == str(["a", "record too large (over 50 MB; see --max-file-size)", "z"])
    assert int(peak_kb) < 200 * 1024, f"peak {int(peak_kb) >> 10} MB"


@pytest.mark.parametrize(
    "text, expected",
    [("0", 0), ("1048576", 1 << 20), ("50MB", 50 << 20), ("1.5g", 3 << 29), (" 200 kb ", 200 << 10), ("7b", 7)],
)
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("n, shown", [(0, "0 bytes"), (1000, "1000 bytes"), (1536, "1.5 KB"), (200 << 20, "200 MB"),
                                      (3 << 30, "3 GB")])
def test_format_size(n, shown):
    assert format_size(n) == shown


# -- everything at once, through the command line ---------------------------------------------

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, content, _ in CASES:
        _make(folder, name, content)
    return folder


def _expected_skips() -> int:
    n = sum(1 if isinstance(e, str) else len(e) for _, _, e in CASES if e != "read")
    return n + 1  # the other end of the link loop is skipped too


def test_cli_scan_of_every_bad_input_exits_0_and_counts_the_skips(hostile, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(hostile), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    n = _expected_skips()
    assert f"skipped {n} items (files or records)." in result.stdout
    assert "Skipped: " in result.stdout and "4 empty file" in result.stdout and "3 link loop" in result.stdout
    lines = [x for x in result.stdout.splitlines() if x.startswith("  skipped ")]
    assert len(lines) == 20 and f"... and {n - 20} more" in result.stdout
    records = [json.loads(x) for x in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    files = {r["file"] for r in records}
    for name in ("good.txt", "new\nline.txt", "café — ünïcode 新聞 🗞.md", "latin1-caf\\xe9.txt", "undecodable.txt"):
        assert f"{hostile.as_posix()}/{name}" in files, name
    for name in FILES:
        (out / name).read_text(encoding="utf-8")  # every output is valid UTF-8


def test_cli_strict_exits_1_after_writing_everything(hostile, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(hostile), "-o", str(out), "-j", "1", "--strict"])
    assert result.exit_code == 1, result.output
    assert f"error: --strict: {_expected_skips()} items skipped" in result.stderr
    assert "Traceback" not in result.output
    assert (out / "graph.html").is_file() and (out / "citations.jsonl").is_file()


@pytest.mark.parametrize("command", ["scan", "counts", "show"])
def test_strict_without_skips_exits_0(tmp_path, command):
    (tmp_path / "in").mkdir()
    f = tmp_path / "in" / "good.txt"
    f.write_text(GOOD, encoding="utf-8")
    args = [command, str(f), "--strict"] + (["-o", str(tmp_path / "out")] if command == "scan" else [])
    assert runner.invoke(app, args).exit_code == 0
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    args[1] = str(tmp_path / "in" / "empty.txt") if command == "show" else str(tmp_path / "in")
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "--strict: 1 item skipped" in result.stderr


def test_counts_lists_skips_on_stderr_and_keeps_stdout_data(hostile):
    result = runner.invoke(app, ["counts", str(hostile), "-f", "csv", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("outlet,citations,")
    assert "skipped" not in result.stdout
    assert "Skipped: " in result.stderr


def test_file_names_with_control_characters_stay_on_one_line(tmp_path):
    (tmp_path / "evil\n\x1b[31mred.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "-o", str(tmp_path.parent / "o"), "-j", "1"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("  skipped ")]
    assert line.endswith("evil\\n\\x1b[31mred.txt: empty file")
    assert "\x1b" not in result.stdout


def test_show_escapes_control_characters_from_article_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Budget\n\nThe minister told the Financial Times \x1b]0;pwned\x07 on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(f)])
    assert result.exit_code == 0, result.output
    assert "Financial Times" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b]0;pwned" in result.stdout


# -- permissions: real ones, as an unprivileged user (root reads everything) -------------------

def _as_nobody(code: str, folder: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in a Python that imports citetrack, then drops to the ``nobody`` user."""
    prelude = ("import os, sys, json, citetrack, citetrack.cli\n"
               "citetrack.cli.app(['scan', sys.argv[1] + '/warm', '-o', sys.argv[1] + '/warm-out', '-j', '1', '-q'],\n"
               "                  standalone_mode=False)  # every module the command needs is loaded\n"
               "os.setgid(65534); os.setuid(65534)\n")
    return subprocess.run([sys.executable, "-c", prelude + code, str(folder)], capture_output=True, text=True, timeout=120)


@pytest.fixture
def shared_tmp(tmp_path_factory):
    """A folder the ``nobody`` user can enter (pytest's own are private to root)."""
    if not POSIX or os.geteuid() != 0:
        pytest.skip("needs root to switch to an unprivileged user" if POSIX else "POSIX permissions")
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="citetrack-perm-"))
    folder.chmod(0o755)
    (folder / "warm").mkdir()
    (folder / "warm" / "a.txt").write_text(GOOD, encoding="utf-8")
    yield folder
    for p in folder.rglob("*"):
        p.chmod(0o755) if p.is_dir() else None
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_permission_denied_file_and_folder_are_skipped(shared_tmp):
    news = shared_tmp / "news"
    news.mkdir()
    news.chmod(0o755)
    (news / "good.txt").write_text(GOOD, encoding="utf-8")
    (news / "locked.txt").write_text(CITED, encoding="utf-8")
    (news / "locked.txt").chmod(0)
    (news / "private").mkdir()
    (news / "private" / "x.txt").write_text(CITED, encoding="utf-8")
    (news / "private").chmod(0)
    proc = _as_nobody(
        "r = citetrack.scan(sys.argv[1] + '/news', jobs=1)\n"
        "print(json.dumps({'skipped': [s.to_dict() for s in r.skipped], 'outlets': [c.outlet for c in r.citations]}))",
        shared_tmp)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["outlets"] == ["Financial Times"]
    assert got["skipped"] == [{"path": f"{news.as_posix()}/locked.txt", "reason": "permission denied"},
                              {"path": f"{news.as_posix()}/private", "reason": "permission denied"}]


def test_unwritable_output_folder_is_a_user_error(shared_tmp):
    (shared_tmp / "ro").mkdir()
    (shared_tmp / "ro").chmod(0o555)
    proc = _as_nobody(
        "sys.argv = ['citetrack', 'scan', sys.argv[1] + '/warm', '-o', sys.argv[1] + '/ro/out', '-j', '1']\n"
        "citetrack.cli.main()", shared_tmp)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: cannot create output folder ") and "Permission denied" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = _as_nobody(
        "sys.argv = ['citetrack', 'scan', sys.argv[1] + '/warm', '-o', sys.argv[1] + '/ro', '-j', '1']\n"
        "citetrack.cli.main()", shared_tmp)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: cannot write ") and "Permission denied" in proc.stderr
    assert list((shared_tmp / "ro").iterdir()) == []


# -- user errors: a clear message, exit code 2, no traceback -----------------------------------

def _user_error(args: list[str], *needles: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    text = " ".join(result.stderr.split())
    assert "error:" in text.lower(), text
    for n in needles:
        assert n in text, f"{n!r} not in {text!r}"
    return text


@pytest.mark.parametrize(
    "args, needles",
    [
        (["scan", "{tmp}/no-such-folder", "-o", "{tmp}/out"], ["path not found", "no-such-folder"]),
        (["scan", "{tmp}/in", "--bogus"], ["No such option: --bogus"]),
        (["scan", "{tmp}/in", "--jobs", "many"], ["--jobs", "valid integer"]),
        (["scan", "{tmp}/in", "-o", "{tmp}/out", "--max-file-size", "12XB"], ["not a size: '12XB'"]),
        (["counts", "{tmp}/in", "--max-file-size", "-5"], ["not a size: '-5'"]),
        (["frobnicate", "{tmp}/in"], ["No such command 'frobnicate'"]),
        (["scan", "{tmp}/in", "-o", "{tmp}/in/good.txt"], ["good.txt", "not a folder"]),
        (["scan", "{tmp}/in", "-o", "{tmp}/in/good.txt/out"], ["cannot create output folder", "Not a directory"]),
        (["scan", "{tmp}/in", "-o", "{tmp}/taken"], ["cannot write", "graph.html", "Is a directory"]),
        (["show", "{tmp}/in/missing.txt"], ["path not found", "missing.txt"]),
    ],
    ids=["missing-path", "unknown-option", "bad-jobs", "bad-size", "negative-size", "unknown-command",
         "output-is-a-file", "output-below-a-file", "output-file-is-a-folder", "show-missing"],
)
def test_user_errors(tmp_path, args, needles):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "taken" / "graph.html").mkdir(parents=True)
    _user_error([a.replace("{tmp}", str(tmp_path)) for a in args], *needles)
    assert not (tmp_path / "out").exists()


OUTLET_HEAD = '# my outlets\n\n[[outlet]]\nid = "good-daily"\nname = "Good Daily"\n\n[[outlet]]\n'
BAD_OUTLETS = {
    # case: (text after the second [[outlet]] header, which starts on line 7; the needles)
    "unknown-field": ('id = "x-daily"\nname = "X Daily"\ncolour = "red"\n', ["outlet #2", "line 10", "colour"]),
    "list-is-a-string": ('id = "x-daily"\nname = "X Daily"\naliases = "XD"\n', ["line 10", "'aliases'", "list"]),
    "bad-type": ('id = "x-daily"\ntype = "pamphlet"\nname = "X Daily"\n', ["line 9", "'type'", "pamphlet"]),
    "bad-id": ('id = "X Daily!"\nname = "X Daily"\n', ["line 8", "'id'", "lowercase"]),
    "empty-name": ('id = "x-daily"\nname = ""\n', ["line 9", "'name'", "non-empty"]),
    "missing-name": ('id = "x-daily"\n', ["outlet #2", "line 7", "'name'", "required"]),
    "duplicate-id": ('id = "good-daily"\nname = "Good Daily Two"\n', ["line 8", "duplicate id 'good-daily'"]),
    "stray-ambiguous": ('id = "x-daily"\nname = "X Daily"\nambiguous = ["Daily"]\n', ["line 10", "'ambiguous'"]),
    "not-toml": ('id = "x-daily"\nname = "X Daily\n', ["not valid TOML", "line 9"]),
    "not-utf8": (b'id = "x-daily"\nname = "X \xff Daily"\n', ["cannot read outlet file"]),
}


@pytest.mark.parametrize("case", sorted(BAD_OUTLETS))
def test_malformed_outlets_file_names_the_line_and_field(tmp_path, case):
    body, needles = BAD_OUTLETS[case]
    f = tmp_path / f"{case}.toml"
    f.write_bytes(OUTLET_HEAD.encode() + (body if isinstance(body, bytes) else body.encode()))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    text = _user_error(["scan", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--outlets", str(f)],
                       f"{case}.toml", *needles)
    assert text.count("error:") == 1
    assert not (tmp_path / "out").exists()


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path):
    depth = sys.getrecursionlimit() + 200
    path = str(tmp_path / "deep")
    os.mkdir(path)
    for _ in range(depth):
        path += "/a"
        os.mkdir(path)
    Path(path, "x.txt").write_text(GOOD, encoding="utf-8")
    try:
        result = citetrack.scan(tmp_path / "deep", jobs=1)
    finally:  # pytest's own clean-up (shutil.rmtree) recurses: take the tree down here, bottom up
        os.remove(os.path.join(path, "x.txt"))
        for _ in range(depth + 1):
            os.rmdir(path)
            path = os.path.dirname(path)
    assert [c.outlet for c in result.citations] == ["Financial Times"] and result.skipped == []


# -- a bug costs one article or file, never the scan ---------------------------------------------

def _explode_on(word: str, real: Callable) -> Callable:
    def extract(article, *args, **kwargs):
        if word in article.text:
            raise RuntimeError("boom")
        return real(article, *args, **kwargs)
    return extract


def test_an_unexpected_error_in_extraction_skips_that_article_only(tmp_path, monkeypatch):
    module = importlib.import_module("citetrack.analyse")
    monkeypatch.setattr(module, "extract_counted", _explode_on("TRIGGER", module.extract_counted))
    (tmp_path / "a.txt").write_text("Officials told Reuters on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("TRIGGER. Officials told the BBC.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("According to CNN, it rained.", encoding="utf-8")
    result = citetrack.scan(tmp_path, jobs=1)
    assert sorted(c.outlet for c in result.citations) == ["CNN", "Reuters"]
    [skip] = result.skipped
    assert skip.path.endswith("b.txt")
    assert skip.reason.startswith("internal error (RuntimeError: boom); please report it")
    monkeypatch.setenv("CITETRACK_DEBUG", "1")  # for developers: the traceback, not a skip
    with pytest.raises(RuntimeError, match="boom"):
        citetrack.scan(tmp_path, jobs=1)


def test_an_unexpected_error_in_a_reader_skips_that_file_only(tmp_path, monkeypatch):
    from citetrack.readers import registry

    def broken(path, display, fields=None):
        yield citetrack.Article(file=display, id=display, text="Officials told Reuters on Monday.")
        raise LookupError("reader bug")

    monkeypatch.setitem(registry.SUPPORTED, ".txt", registry.Format("broken", (".txt",), broken))
    (tmp_path / "a.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "According to CNN, it rained."}) + "\n", encoding="utf-8")
    result = citetrack.scan(tmp_path, jobs=1)
    assert sorted(c.outlet for c in result.citations) == ["CNN", "Reuters"]
    [skip] = result.skipped
    assert skip.reason.startswith("internal error (LookupError: reader bug)")


@pytest.mark.parametrize("field", ["id", "title", "url", "date", "outlet", "text"])
def test_lone_surrogates_in_a_json_record_are_replaced(tmp_path, field):
    """Issue 12 #4: "\\ud800" is valid JSON but not encodable as UTF-8; scan and show crashed
    writing the spool or citations.jsonl. It becomes U+FFFD (offsets unchanged), the other
    records are kept and every output is valid UTF-8."""
    rec = {"id": "r1", "title": "T", "url": "https://example.org/a", "date": "2024-05-01", "outlet": "Daily Zorvian",
           "text": "Prices rose, Reuters reported."}
    rec[field] = rec[field] + "\\ud800" if field != "text" else "A\\ud800 note. Prices rose, Reuters reported."
    line = json.dumps(rec).replace("\\\\ud800", "\\ud800")  # a literal JSON escape, not an escaped backslash
    assert "\\ud800" in line and "\\\\ud800" not in line
    good = json.dumps({"id": "r2", "text": "The BBC reported the fire."})
    f = tmp_path / "recs.jsonl"
    f.write_text(line + "\n" + good + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["scan", str(f), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["outlet"] for r in rows) == ["BBC", "Reuters"]
    for p in out.iterdir():
        if p.is_file():
            p.read_bytes().decode("utf-8")  # valid UTF-8 everywhere
    res = runner.invoke(app, ["show", str(f)])
    assert res.exit_code == 0, res.output
    assert "Reuters" in res.output


def test_invalid_dates_are_undated_and_never_pass_a_date_filter(tmp_path):
    """Issue 12 #5 and #11: dates were kept as raw strings, so '9999-99-99' passed --since and
    '2023-05-32' reached the page (RangeError in its weekly chart). Unparseable dates are undated."""
    f = tmp_path / "recs.jsonl"
    dates = ["2023-05-01", "9999-99-99", "May 32, 2023", "\u202e2023-05-01", "2023-02-30", "2023-05-32"]
    f.write_text("".join(json.dumps({"id": f"r{i}", "date": d, "text": "Prices rose, Reuters reported."}) + "\n"
                         for i, d in enumerate(dates)), encoding="utf-8")
    result = citetrack.scan([f], jobs=1)
    assert {a.id: a.date for a in result.articles} == {"r0": "2023-05-01", **{f"r{i}": None for i in range(1, 6)}}
    assert [a.bad_date for a in result.articles] == [False] + [True] * 5
    assert result.notes == ["5 articles gave a date that is not a real day (such as 2023-05-32 or May 32) and count "
                            "as undated"]
    out = tmp_path / "out"
    res = runner.invoke(app, ["scan", str(f), "-o", str(out), "--since", "2023-01-01", "--undated", "drop",
                              "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "note: 5 articles gave a date that is not a real day" in res.output
    assert "--since/--until left them out" in res.output
    rows = [json.loads(x) for x in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["article_id"] for r in rows] == ["r0"]
    assert "2023-05-32" not in (out / "graph.html").read_text(encoding="utf-8")


def test_a_reason_is_one_short_printable_line(tmp_path, monkeypatch):
    """Issue 12 #12 (reasons): a library's message with kilobytes of binary became the skip reason;
    a reason is cut to 200 printable characters, control bytes shown escaped."""
    from citetrack.readers import registry

    def broken(path, display, fields=None):
        raise ValueError("bad record: " + "\x00\x1b[31m\x07" * 400)
        yield  # pragma: no cover

    monkeypatch.setitem(registry.SUPPORTED, ".txt", registry.Format("broken", (".txt",), broken))
    (tmp_path / "a.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "According to CNN, it rained."}) + "\n", encoding="utf-8")
    result = citetrack.scan(tmp_path, jobs=1)
    assert [c.outlet for c in result.citations] == ["CNN"]
    [skip] = result.skipped
    assert len(skip.reason) <= 200 and skip.reason.isprintable() and skip.reason.endswith("…")
    assert "bad record: \\x00\\x1b[31m" in skip.reason
    assert citetrack.models.Skipped("f", "file too large").reason == "file too large"  # short reasons untouched


@pytest.mark.parametrize("layout", ["output-inside-input", "text-inside-input", "both-twice-jobs2"])
def test_citetrack_never_reads_its_own_folders(tmp_path, layout):
    """Issue 12 #8: `scan ex -o ex/out` or `--dump-text ex/text` run twice read the outputs (graph.html
    as an article) and the dumped texts back in: counts doubled. Marked folders are left out, with a note."""
    ex = tmp_path / "ex"
    ex.mkdir()
    for i in range(3):
        (ex / f"a{i}.txt").write_text(f"Story {i}\n\nThe minister told Reuters on Monday that plan {i} was final.\n",
                                      encoding="utf-8")
    args = ["scan", str(ex), "-o", str(ex / "out"), "-j", "2" if layout.endswith("jobs2") else "1"]
    if layout != "output-inside-input":
        args += ["--dump-text", str(ex / "text")]
    if layout == "text-inside-input":
        args[3] = str(tmp_path / "out")
    for run in range(2 if layout != "both-twice-jobs2" else 3):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert "Read 3 articles; found 3 citations" in res.output
        if run:
            assert "note: left out" in res.output
    out = Path(args[3])
    assert (out / ".citetrack-output").exists()
    assert len((out / "citations.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    if layout != "output-inside-input":
        assert (ex / "text" / ".citetrack-text").exists() and len(list((ex / "text").glob("*.txt"))) == 3
    # a file named on the command line is still read, and a user's own file in the output folder too
    (out / "mine.txt").write_text("Notes\n\nAccording to CNN, it rained.\n", encoding="utf-8")
    result = citetrack.scan([ex, out / "citations.jsonl"], jobs=1)
    named = str(out / "citations.jsonl").replace(os.sep, "/")
    assert any(s.path.startswith(named + ":") for s in result.skipped)  # read (its records have no text)
    assert any(c.outlet == "CNN" for c in result.citations) == (out.parent == ex)


def _bomb(name: str, unpacked: int) -> bytes:
    """A small gzip file that unpacks to ``unpacked`` bytes of one format."""
    filler = "The council met on Tuesday. " * (unpacked // 28)
    body = {
        ".txt": "Story\n\n" + filler,
        ".md": "# Story\n\n" + filler,
        ".json": json.dumps({"text": filler}),
        ".html": f"<html><body><article><p>{filler}</p></article></body></html>",
    }[name]
    return gzip.compress(body.encode("utf-8"), compresslevel=1)


@pytest.mark.parametrize("ending, lying", [(".txt", False), (".md", False), (".json", False), (".html", False),
                                           (".txt", True), (".json", True)],
                         ids=["txt", "md", "json", "html", "txt-size-field-lies", "json-size-field-lies"])
def test_a_decompression_bomb_is_skipped_at_the_limit(tmp_path, ending, lying):
    """Issue 12 #2: --max-file-size was checked on the compressed size, so a small .gz that unpacks
    to gigabytes was read whole. A gzip's size field skips it unopened; when the field lies (a last
    empty member), reading stops once the unpacked bytes pass the limit."""
    bomb = tmp_path / f"bomb{ending}.gz"
    bomb.write_bytes(_bomb(ending, 32 << 20) + (gzip.compress(b"") if lying else b""))
    assert bomb.stat().st_size < (1 << 20)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    citetrack.scan(tmp_path / "good.txt", jobs=1)  # load the gazetteer and rules before measuring
    tracemalloc.start()
    try:
        result = citetrack.scan(tmp_path, jobs=1, max_file_size=2 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(s.path, s.reason) for s in result.skipped] == [
        (bomb.as_posix(), "file too large (over the 2 MB limit once decompressed; raise it with --max-file-size)")]
    assert [c.outlet for c in result.citations] == ["Financial Times"]
    assert peak < 12 << 20, f"peak {peak} bytes: the bomb was unpacked past the limit"
    small = tmp_path / "small" / bomb.name  # no limit: read (a page may have no main text)
    small.parent.mkdir()
    small.write_bytes(_bomb(ending, 4 << 20) + (gzip.compress(b"") if lying else b""))
    unlimited = citetrack.scan(small, jobs=1, max_file_size=0)
    assert len(unlimited.articles) == 1 or "too large" not in unlimited.skipped[0].reason


def _warc(path: Path, bodies: list[bytes]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for i, body in enumerate(bodies):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{i}", "response", payload=io.BytesIO(body),
                                                http_headers=http))
    return path


PAGE = (b"<html><head><title>Bridge</title></head><body><article><h1>Bridge</h1><p>The minister told the "
        b"Financial Times on Monday that the budget for the bridge was final and would not change.</p>"
        b"<p>Work on the bridge starts in the spring, the council said in a statement.</p></article></body></html>")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_huge_warc_record_is_skipped_alone(tmp_path, name):
    """Issue 12 #2: WARC records had no size limit. One over it is skipped; the others are read."""
    huge = b"<html><body><p>" + b"x" * (3 << 20) + b"</p></body></html>"
    f = _warc(tmp_path / name, [PAGE, huge, PAGE])
    result = citetrack.scan(f, jobs=1, max_file_size=1 << 20)
    assert [a.id for a in result.articles] == [f"{f.as_posix()}#1", f"{f.as_posix()}#3"]
    assert [(s.path, s.reason) for s in result.skipped] == [
        (f"{f.as_posix()}#2", "record too large (over 1 MB; see --max-file-size)")]


def _content_length(data: bytes, change: Callable[[int], bytes]) -> bytes:
    import re
    m = re.compile(rb"Content-Length: (\d+)").search(data, data.index(b"WARC-Type: response"))
    return data[:m.start(1)] + change(int(m[1])) + data[m.end(1):]


@pytest.mark.parametrize("damage", [
    lambda d: _content_length(d, lambda n: str(n - 40).encode()),
    lambda d: _content_length(d, lambda n: b"-5"),
], ids=["content-length-short", "content-length-negative"])
def test_warcio_warnings_become_the_one_line_reason(tmp_path, damage, capfd):
    """Issue 12 #12: warcio printed three-line WARNING blocks on stderr. They are caught into the reason."""
    good = _warc(tmp_path / "good.warc", [PAGE, PAGE])
    bad = tmp_path / "bad.warc"
    bad.write_bytes(damage(good.read_bytes()))
    good.unlink()
    capfd.readouterr()
    result = citetrack.scan(bad, jobs=1)
    said = capfd.readouterr()
    assert "WARNING" not in said.err and "Remainder" not in said.err
    [skip] = result.skipped
    assert skip.path == bad.as_posix() and "\n" not in skip.reason and len(skip.reason) <= 200
    assert skip.reason.startswith(("damaged or truncated WARC after", "damaged WARC ("))


@pytest.mark.skipif(not POSIX, reason="address-space limits are POSIX")
def test_running_out_of_memory_on_one_file_skips_that_file(tmp_path):
    """Issue 12 #3: a MemoryError (a 2 GB file with no size limit, under `ulimit -v`) was re-raised:
    a traceback, exit 1, no outputs. That file is skipped as "out of memory"; the scan goes on."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    with open(tmp_path / "in" / "huge.txt", "wb") as f:
        f.truncate(2 << 30)  # sparse: instant to make; reading it whole needs 2 GB
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20)); "
            "from citetrack.console import main; main()")
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-c", code, "scan", str(tmp_path / "in"), "-o", str(out), "-j1",
                          "--max-file-size", "0"], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).parent.parent)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "skipped " + (tmp_path / "in" / "huge.txt").as_posix() + ": out of memory" in res.stdout
    assert "Traceback" not in res.stderr
    assert [json.loads(x)["outlet"] for x in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()] \
        == ["Financial Times"]


def test_running_out_of_memory_on_one_article_skips_that_article(tmp_path, monkeypatch):
    scan_module = importlib.import_module("citetrack.analyse")
    real = scan_module.extract_counted

    def greedy(article, *args, **kwargs):
        if "bridge" in article.text:
            raise MemoryError
        return real(article, *args, **kwargs)

    monkeypatch.setattr(scan_module, "extract_counted", greedy)
    f = tmp_path / "recs.jsonl"
    f.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in
                         enumerate([GOOD, CITED, "According to CNN, it rained."])), encoding="utf-8")
    result = citetrack.scan(f, jobs=1)
    assert [c.outlet for c in result.citations] == ["Financial Times", "CNN"]
    assert [(s.path, s.reason) for s in result.skipped] == [(f"{f.as_posix()} [r1]", "out of memory")]


def test_nul_bytes_read_as_spaces_are_counted_in_a_note(tmp_path):
    """Issue 12 #10: a NUL inside a record is read as a space "with a note"."""
    (tmp_path / "late.txt").write_text("Story\n\n" + "The council met. " * 5000 + "Officials told Reuters\0 that it "
                                       "was over.\n", encoding="utf-8")
    quiet = "".join(f'{i},"The council met on Tuesday and agreed the budget."\n' for i in range(3, 30))
    (tmp_path / "rows.csv").write_text('id,text\n1,"According to CNN\0, it rained."\n2,"The BBC reported a storm."\n'
                                       + quiet, encoding="utf-8")
    result = citetrack.scan(tmp_path, jobs=1)
    assert sorted(c.outlet for c in result.citations) == ["BBC", "CNN", "Reuters"]
    assert [a.nuls for a in result.articles][:3] == [True, True, False] and sum(a.nuls for a in result.articles) == 2
    assert result.notes == ["2 articles held NUL bytes; each was read as a space"]


# -- hostile HTML pages (issue 12, the "Also" cases) --------------------------------------------
# libxml2 (lxml's parser, under trafilatura) does not fail on these pages, it stops where the
# trouble is: the article after it was silently missing, and the page skipped as "no article
# text found". They are read now (citetrack.readers.htmlbounds), in linear time.

STORY = ("<article><h1>Talks stall</h1><p>Officials told Reuters on Monday that talks had stalled.</p>"
         "<p>The council met on Tuesday and agreed the budget for the bridge repairs after a long debate that had "
         "split the waterfront districts for almost a decade, and residents said they would appeal.</p>"
         "<p>Engineers warned that the survey of the river bed was incomplete and said a second survey would "
         "delay the start of work until next spring at the earliest.</p></article>")


def _page(body: str) -> bytes:
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Talks stall</title></head>\n<body>\n'
            + body + "\n</body></html>\n").encode("utf-8")


MB = 1_000_000
# name: the page (made when the test runs). What libxml2 did with it is in the comment.
HOSTILE_PAGES: dict[str, Callable[[], bytes]] = {
    # a 12 MB attribute: over libxml2's 10 MB buffer ("Buffer size limit exceeded")
    "huge-attribute": lambda: _page('<div data-x="' + "A" * 12 * MB + '"></div>' + STORY),
    "huge-style": lambda: _page('<div style="background: url(data:image/png;base64,' + "A" * 12 * MB + ')">x</div>'
                                + STORY),
    "huge-style-element": lambda: _page("<style>p { background: url(data:image/png;base64," + "A" * 12 * MB
                                        + ") }</style>" + STORY),
    "huge-script": lambda: _page("<script>var blob = '" + "A" * 12 * MB + "';</script>" + STORY),
    # twelve 1 MB comments: the same once it has read 10 MB, for some layouts of its buffer (this one)
    "long-comments": lambda: _page(("<!-- " + "A" * MB + " --><p>Text.</p>") * 12 + STORY),
    # 200,000 nested <div>: libxml2 stops at the 256th level
    "nested-divs": lambda: _page("<div>" * 200_000 + STORY + "</div>" * 200_000),
    "unclosed-tags": lambda: _page("<div><font>" * 300 + STORY),
    # libxml2 ignores an </span> when a <div> is open above it: 600 levels
    "ignored-end-tags": lambda: _page("<span><div></span>" * 300 + STORY),
    # an advert's </body></html> before the article: libxml2 drops all after </html>
    "html-end-inside": lambda: _page('<div class="ad"><p>Advert.</p></body></html></div>' + STORY),
    # a misplaced <html/> closes the element on top, here the root: the same
    "self-closing-html": lambda: _page('<div class="ad"><p>Advert.</p></body><html/></div>' + STORY),
}


def _scan_page(folder: Path, name: str, content: bytes):
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    page = folder / name
    page.write_bytes(content)
    result = citetrack.scan(folder, jobs=1)
    good, shown = folder.as_posix() + "/good.txt", page.as_posix()
    assert result.skipped == [], result.skipped
    assert [c.outlet for c in result.citations if c.file == good] == ["Financial Times"]
    assert [c.mention for c in result.citations if c.file == shown] == ["Reuters"]
    (article,) = list(citetrack.readers.iter_articles([page]))
    assert "Officials told Reuters on Monday that talks had stalled." in article.text
    assert "until next spring at the earliest." in article.text
    return article


@pytest.mark.parametrize("case", list(HOSTILE_PAGES))
def test_hostile_html_page_is_read_and_cited(tmp_path, case):
    article = _scan_page(tmp_path, f"{case}.html", HOSTILE_PAGES[case]())
    assert "AAAA" not in article.text


@pytest.mark.timing
@pytest.mark.parametrize("hostile", [
    '<div data-x="' + "{blob}" + '"></div>',
    "<style>p { background: url(data:image/png;base64,{blob}) }</style>",
], ids=["attribute", "style-element"])
def test_a_40_mb_page_is_read_in_seconds_and_bounded_memory(tmp_path, hostile):
    """The 40 MB attribute or style is cut (to 100,000 / 1,000,000 characters) before lxml sees it."""
    content = _page(hostile.replace("{blob}", "A" * 40 * MB) + STORY)
    citetrack.scan(tmp_path, jobs=1)  # load the gazetteer and rules before measuring
    tracemalloc.start()
    t = time.perf_counter()
    try:
        _scan_page(tmp_path, "huge.html", content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - t
    assert elapsed < 30, elapsed  # about 1 s on an idle machine
    assert peak < 6 * len(content), f"peak {peak} bytes"


def test_a_hostile_warc_record_is_read(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "crawl.warc"
    with open(f, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for url, payload in [("https://example.org/deep", HOSTILE_PAGES["nested-divs"]()),
                             ("https://example.org/end", HOSTILE_PAGES["html-end-inside"]())]:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http))
    result = citetrack.scan(f, jobs=1)
    assert result.skipped == []
    assert [(c.article_id, c.mention) for c in result.citations] == [
        (f"{f.as_posix()}#1", "Reuters"), (f"{f.as_posix()}#2", "Reuters")]


def _cpu_scan(folder: Path, content: bytes) -> float:
    (folder / "page.html").write_bytes(content)
    best = float("inf")
    for _ in range(2):
        t = time.process_time()
        result = citetrack.scan(folder / "page.html", jobs=1)
        best = min(best, time.process_time() - t)
    assert [c.mention for c in result.citations] == ["Reuters"], result.skipped
    return best


@pytest.mark.timing
@pytest.mark.parametrize("make", [
    lambda n: _page("<div " + " ".join(f"data-a{i}" for i in range(n)) + ">x</div>" + STORY),  # libxml2: quadratic
    lambda n: _page("<div>" * n + STORY + "</div>" * n),
    lambda n: _page('<div data-x="' + "A" * 300 * n + '"></div>' + STORY),
], ids=["many-attributes", "nested-divs", "huge-attribute"])
def test_hostile_html_costs_linear_time(tmp_path, make):
    """Twice the page must not take much more than twice the time (libxml2 adds a tag's
    attributes in quadratic time: 40,000 of them took 3.3x the time of 20,000, a million hours)."""
    citetrack.scan(tmp_path, jobs=1)  # load the gazetteer and rules
    small, large = _cpu_scan(tmp_path, make(20_000)), _cpu_scan(tmp_path, make(40_000))
    print(f"{small:.3f} s, {large:.3f} s")
    assert large < 2.6 * small + 0.3, (small, large)


def test_a_page_the_parser_still_stops_on_is_skipped_with_the_reason(tmp_path, monkeypatch):
    """If libxml2 stops reading a page despite the bounds, the page is skipped and says why:
    never a silent loss. (The bounds are switched off here to get such a page.)"""
    from citetrack.readers import html

    monkeypatch.setattr(html, "bound_markup", lambda markup: markup + " ")  # changed, so parsed here, unbounded
    f = tmp_path / "deep.html"
    f.write_bytes(_page("<div>" * 3000 + STORY + "</div>" * 3000))
    result = citetrack.scan(tmp_path, jobs=1)
    [skip] = result.skipped
    assert skip.path == f.as_posix() and "\n" not in skip.reason
    assert skip.reason.startswith("the HTML parser stopped before the end of the page (Excessive depth in document")


def _soup(r, n: int) -> str:
    """Random tag soup: misnested, unclosed and stray tags, the elements libxml2 treats specially."""
    names = ("div span p li ul td tr table tbody a b i font form option select html head body script style "
             "title textarea br img wbr embed col colgroup dd dt h1 article section noscript iframe xmp DIV Span P")
    names = names.split()
    out = []
    for _ in range(n):
        k, name = r.random(), r.choice(names)
        out.append(f"<{name}>" if k < 0.45 else f"</{name}>" if k < 0.75 else f"<{name}/>" if k < 0.78 else
                   r.choice(['<b a="x>y" c=d e>', "<!-- <div> -->", "<!--<script>", "-->", "</script >", "<?x <p>?>",
                             "</ div>", "<div =x \"y 'z>", "< div>", "<!DOCTYPE html>", "word ", "a < b", "\n"]))
    return "".join(out)


def _depth(markup: str) -> int:
    """How many elements deep libxml2 nests ``markup`` (with its depth limit lifted)."""
    import lxml.html

    root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    return max(sum(1 for _ in e.iterancestors()) + 1 for e in root.iter() if isinstance(e.tag, str))


def test_the_bounds_follow_libxml2s_nesting_exactly(monkeypatch):
    """The pass reads tags as libxml2 does: a page it leaves unchanged never nests deeper than the
    bound in libxml2, and it changes a page only when libxml2 would nest it that deep (so ordinary
    pages are never rewritten). Checked on random tag soup, with a bound of 12 levels."""
    import random

    from citetrack.readers import htmlbounds

    monkeypatch.setattr(htmlbounds, "MAX_DEPTH", 12)
    monkeypatch.setattr(htmlbounds, "HARD_DEPTH", 12)
    r = random.Random(12)
    seen = {True: 0, False: 0}
    for _ in range(400):
        doc = r.choice(["<html><body>", "<p>", "<head>", "text"]) + _soup(r, r.choice([30, 150, 400]))
        doc = doc.replace("</html>", "</body>").replace("<html/>", "<html>")  # rewritten whatever the depth
        deep = _depth(doc)
        bounded = htmlbounds.bound_markup(doc)
        seen[bounded is not doc] += 1
        if bounded is doc:  # 12 levels, and a raw-text or empty element inside them makes a 13th
            assert deep <= 13, doc
        else:  # a 13th level that is not such an element
            assert deep >= 13, doc
            assert _depth(bounded) <= 14, doc  # (plus a body libxml2 implies)
    assert seen[True] > 20 and seen[False] > 20, seen


def test_libxml2_reads_a_bounded_page_to_its_end(monkeypatch):
    """Random tag soup, then whatever closes an open comment, quote or script, then a marker:
    libxml2 (as trafilatura runs it) reads the page, bounded, to the marker. Without the bounds
    it lost the end of about one page in ten."""
    import random

    import lxml.html

    from citetrack.readers import htmlbounds

    monkeypatch.setattr(htmlbounds, "MAX_DEPTH", 12)
    monkeypatch.setattr(htmlbounds, "HARD_DEPTH", 16)
    closers = "\n--></script></style></title></textarea></xmp></iframe></noembed></noframes>\"'>--><p>END</p>"
    r = random.Random(1)
    for _ in range(300):
        doc = r.choice(["<html><body>", "<html>", "<head>", "text"]) + _soup(r, r.choice([30, 150, 400])) + closers
        root = lxml.html.document_fromstring(htmlbounds.bound_markup(doc))
        assert "END" in root.text_content(), doc


def test_ordinary_pages_are_not_rewritten():
    """Every page in the tests and examples is passed to trafilatura exactly as it was."""
    from citetrack.readers.html import html_text, readable_markup

    root = Path(__file__).parent.parent
    pages = sorted(root.glob("tests/**/*.htm*")) + sorted(root.glob("examples/**/*.htm*"))
    assert len(pages) >= 4
    for p in pages:
        markup = html_text(p.read_bytes())
        assert readable_markup(markup) is markup, p


def test_a_page_parsed_here_gives_the_same_article(monkeypatch):
    """A large or rewritten page is parsed by citetrack (libxml2's limits lifted) rather than by
    trafilatura: the article is the one trafilatura's own parsing gives."""
    from citetrack.readers import html

    root = Path(__file__).parent.parent
    pages = sorted(root.glob("tests/**/*.htm*")) + sorted(root.glob("examples/**/*.htm*"))
    expected = [html.html_article(html.html_text(p.read_bytes()), p.name, p.name) for p in pages]
    monkeypatch.setattr(html, "is_large", lambda page: True)
    assert [html.html_article(html.html_text(p.read_bytes()), p.name, p.name) for p in pages] == expected
