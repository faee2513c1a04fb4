"""citetrack compare: constructed corpora whose answer is known, splits, and folders that are not scans."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import invoke, write

from citetrack.compare import COMPARE_COLUMNS, compare
from citetrack.errors import CitetrackError
from citetrack.markers import OUTPUT_MARKER
from citetrack.models import CompareOptions

REUTERS = "Reuters reported on Monday that the harbour in Zorvia reopened after the storm."
BBC = "The minister told the BBC that the talks over the Quillton bridge would resume."
NOTHING = "The harbour in Zorvia reopened after the storm, officials said on Monday."


def _side(name: str, day: str, publisher: str, reuters: int, bbc: int, total: int = 100) -> str:
    """JSON Lines of ``total`` articles: ``reuters`` cite Reuters, the next ``bbc`` the BBC, the rest nothing.
    The first id is a spreadsheet formula (articles.csv neutralises it, citations.jsonl does not)."""
    lines = []
    for i in range(total):
        text = REUTERS if i < reuters else BBC if i < reuters + bbc else NOTHING
        lines.append(json.dumps({"id": f"=SUM({i})" if i == 0 else f"{name}-{i}", "date": day,
                                 "outlet": publisher, "text": text}))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[str, Path]:
    """Side A: 100 articles, 50 cite Reuters, 5 the BBC; side B: 100, 10 cite Reuters, 6 the BBC.
    Scanned apart (a, b) and together with 3 undated articles (both)."""
    root = tmp_path_factory.mktemp("compare")
    a = write(root / "in" / "a.jsonl", _side("a", "2022-06-01", "Zorvia Herald", 50, 5))
    b = write(root / "in" / "b.jsonl", _side("b", "2023-06-01", "Quillton Gazette", 10, 6))
    undated = write(root / "in" / "undated.jsonl", _side("u", "", "Zorvia Herald", 3, 0, total=3))
    out = {}
    for name, paths in (("a", [a]), ("b", [b]), ("both", [a, b, undated])):
        result = invoke(["scan", *paths, "-o", root / name, "-q", "-j", "1"])
        assert result.exit_code == 0, result.output
        out[name] = root / name
    return out


def _by_outlet(comparison) -> dict:
    return {r.outlet: r for r in comparison.rows}


def _check_known_answer(comparison) -> None:
    rows = _by_outlet(comparison)
    assert set(rows) == {"Reuters", "BBC"}
    assert (comparison.articles_a, comparison.articles_b) == (100, 100)
    r, b = rows["Reuters"], rows["BBC"]
    assert (r.articles_a, r.articles_b, r.citations_a, r.citations_b) == (50, 10, 50, 10)
    assert (r.share_a, r.share_b, r.difference) == pytest.approx((0.5, 0.1, 0.4))
    assert r.p_value == pytest.approx(6.7435e-10, rel=1e-4) and r.significant
    assert (b.articles_a, b.articles_b) == (5, 6)
    assert b.p_value == pytest.approx(0.756439, rel=1e-4) and not b.significant
    assert b.q_value == pytest.approx(0.756439, rel=1e-4)   # BH: the largest p keeps its value
    assert r.q_value == pytest.approx(2 * r.p_value)         # the smallest of 2 doubles
    assert [row.outlet for row in comparison.rows] == ["Reuters", "BBC"]  # lowest p first


@pytest.mark.parametrize("how", ["folders", "split-at"])
def test_known_answer(scans, how):
    """The same two sides, two folders or one folder split by date, give the same answer."""
    if how == "folders":
        c = compare(scans["a"], scans["b"])
        assert (c.label_a, c.label_b) == (str(scans["a"]), str(scans["b"]))
        assert c.notes == ()
    else:
        c = compare(scans["both"], options=CompareOptions(split_at="2023-01"))
        assert (c.label_a, c.label_b) == ("before 2023-01-01", "from 2023-01-01")
        assert c.notes == ("3 undated articles left out (a split by date needs a date)",)
    _check_known_answer(c)


def test_publishers_count_every_article_of_each(scans):
    """By publisher the undated articles are kept: Zorvia Herald has 103 (53 citing Reuters)."""
    c = compare(scans["both"], options=CompareOptions(publishers=("zorvia herald", " Quillton Gazette")))
    assert (c.label_a, c.label_b) == ("zorvia herald", "Quillton Gazette")  # case and spaces ignored
    r = _by_outlet(c)["Reuters"]
    assert (c.articles_a, c.articles_b, r.articles_a, r.articles_b) == (103, 100, 53, 10)
    assert r.significant and not _by_outlet(c)["BBC"].significant


@pytest.mark.parametrize("alpha, significant", [(0.05, {"Reuters"}), (1e-12, set()), (0.99, {"Reuters", "BBC"})])
def test_alpha(scans, alpha, significant):
    c = compare(scans["a"], scans["b"], CompareOptions(alpha=alpha))
    assert {r.outlet for r in c.rows if r.significant} == significant


def test_cli_end_to_end(scans, tmp_path):
    target = tmp_path / "cmp" / "compare.csv"
    result = invoke(["compare", scans["a"], scans["b"], "--out", target])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == COMPARE_COLUMNS
    assert [(r["outlet"], r["articles_a"], r["articles_b"], r["share_a"], r["share_b"], r["significant"])
            for r in rows] == [("Reuters", "50", "10", "0.5", "0.1", "true"), ("BBC", "5", "6", "0.05", "0.06", "false")]
    assert float(rows[0]["p_value"]) == pytest.approx(6.7435e-10, rel=1e-4)
    assert "Reuters" in result.output and "1 of 2 outlets differ significantly" in result.output
    assert "(100 articles)" in result.output
    assert not list(target.parent.glob(".*.tmp"))  # written atomically: no temporary file left


def test_cli_split_at_writes_into_the_current_folder(scans, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["compare", scans["both"], "--split-at", "2023-01-01", "--alpha", "0.01"])
    assert result.exit_code == 0, result.output
    assert "before 2023-01-01" in result.output and "3 undated articles left out" in result.output
    rows = list(csv.DictReader((tmp_path / "compare.csv").open(encoding="utf-8", newline="")))
    assert [(r["outlet"], r["significant"]) for r in rows] == [("Reuters", "true"), ("BBC", "false")]


@pytest.mark.parametrize("args, message", [
    ([], "compare needs a second folder B, --split-at DAY or --publisher NAME twice"),
    (["{b}", "--split-at", "2023"], "give one of"),
    (["--publisher", "Zorvia Herald"], "--publisher must be given twice"),
    (["--publisher", "Zorvia Herald", "--publisher", "ZORVIA HERALD"], "--publisher must be given twice"),
    (["--publisher", "Zorvia Herald", "--publisher", "Nowhere Times"], "no article in {a} has the publisher 'Nowhere Times'; most frequent: Zorvia Herald (100)"),
    (["--split-at", "2023-13-01"], "bad --split-at date '2023-13-01'"),
    (["--split-at", "2021-01-01"], "side 'before 2021-01-01' has no articles"),
    (["{b}", "--alpha", "0"], "--alpha must lie between 0 and 1"),
    (["{b}", "--alpha", "1.5"], "--alpha must lie between 0 and 1"),
    (["{b}", "--top", "-1"], "--top cannot be negative"),
])
def test_cli_user_errors(scans, tmp_path, args, message):
    args = [x.format(a=scans["a"], b=scans["b"]) for x in args]
    result = invoke(["compare", scans["a"], *args, "--out", tmp_path / "c.csv"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message.format(a=scans["a"]) in lines[0], result.output
    assert not (tmp_path / "c.csv").exists()


def _copy_scan(src: Path, dst: Path, drop: str | None = None) -> Path:
    dst.mkdir()
    for p in src.iterdir():
        if p.is_file() and p.name != drop:
            (dst / p.name).write_bytes(p.read_bytes())
    return dst


@pytest.mark.parametrize("damage, message", [
    ("missing", "no such folder: {f}"),
    ("file", "{f} is not a folder"),
    ("no marker", f"{{f}} is not an output folder of citetrack scan (it has no {OUTPUT_MARKER})"),
    ("no articles.csv", "{f}/articles.csv is missing"),
    ("no citations.jsonl", "{f}/citations.jsonl is missing"),
    ("no outlets.csv", "{f}/outlets.csv is missing"),
    ("bad json line", "{f}/citations.jsonl:2: not a citation of citetrack scan"),
    ("bad header", "{f}/articles.csv has no column 'article_id'"),
    ("short row", "{f}/articles.csv:3: 2 cells"),
])
def test_folders_that_are_not_scans(scans, tmp_path, damage, message):
    f = tmp_path / "x"
    if damage == "file":
        write(f, "not a folder")
    elif damage == "no marker":
        _copy_scan(scans["a"], f, drop=OUTPUT_MARKER)
    elif damage.startswith("no "):
        _copy_scan(scans["a"], f, drop=damage[3:])
    elif damage != "missing":
        _copy_scan(scans["a"], f)
        if damage == "bad json line":
            lines = (f / "citations.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
            (f / "citations.jsonl").write_text(lines[0] + '{"outlet": "Reuters"\n' + "".join(lines[1:]), encoding="utf-8")
        elif damage == "bad header":
            write(f / "articles.csv", "id,file\r\nx,y\r\n")
        else:
            lines = (f / "articles.csv").read_bytes().split(b"\r\n")
            write(f / "articles.csv", b"\r\n".join(lines[:2] + [b"short,row"] + lines[2:]))
    with pytest.raises(CitetrackError) as err:
        compare(f, scans["b"])
    assert message.format(f=f) in str(err.value)
    assert "\n" not in str(err.value)


def test_hostile_outlet_names_stay_inert_in_the_csv(tmp_path):
    """An outlet name found by rule that starts like a formula is written with a leading quote."""
    folders = []
    for side, text in (("a", "=HYPERLINK Daily News reported on Monday that the harbour reopened."), ("b", NOTHING)):
        write(tmp_path / side / "x.txt", text)
        invoke(["scan", tmp_path / side, "-o", tmp_path / f"out-{side}", "-q", "-j", "1"])
        folders.append(tmp_path / f"out-{side}")
    c = compare(*folders)
    target = tmp_path / "c.csv"
    assert invoke(["compare", *folders, "-o", target]).exit_code == 0
    names = [row["outlet"] for row in csv.DictReader(target.open(encoding="utf-8", newline=""))]
    assert names == [r.outlet if not r.outlet.startswith("=") else "'" + r.outlet for r in c.rows]


def _scan_records(tmp_path: Path, records: list[dict]) -> Path:
    """Scan JSON Lines ``records`` into an output folder; returns the folder."""
    scan = tmp_path / "scan"
    src = write(tmp_path / "in.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert invoke(["scan", src, "-o", scan, "-q", "-j", "1"]).exit_code == 0
    return scan


def _cli_rows(tmp_path: Path, scan: Path, *args: str) -> list[tuple[str, str, str]]:
    """``citetrack compare SCAN ARGS``: (outlet, articles_a, articles_b) of each compare.csv row."""
    result = invoke(["compare", scan, *args, "-o", tmp_path / "c.csv"])
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(open(tmp_path / "c.csv", encoding="utf-8"))
    return [(r["outlet"], r["articles_a"], r["articles_b"]) for r in rows]


def test_no_wire_copy_leaves_out_the_agency_citations(tmp_path):
    """A carrier's article that is Reuters copy cites what Reuters cites; --no-wire-copy compares
    what the publishers themselves cited (and notes how many citations it left out)."""
    carried = "LONDON (Reuters) - Shares fell on Monday, traders told Reuters. The bank told the BBC nothing new."
    own = "The minister told the BBC on Monday that the Quillton bridge would reopen."
    records = ([{"id": f"w{i}", "outlet": "Zorvia Herald", "text": carried} for i in range(20)]
               + [{"id": f"o{i}", "outlet": "Quillton Gazette", "text": own} for i in range(20)])
    scan = _scan_records(tmp_path, records)
    sides = CompareOptions(publishers=("Zorvia Herald", "Quillton Gazette"))
    kept = _by_outlet(compare(scan, options=sides))
    assert (kept["Reuters"].articles_a, kept["BBC"].articles_a, kept["BBC"].articles_b) == (20, 20, 20)
    left = compare(scan, options=CompareOptions(publishers=sides.publishers, wire_copy=False))
    assert {r.outlet: (r.articles_a, r.articles_b) for r in left.rows} == {"BBC": (0, 20)}
    assert any("40 citations in wire copy" in n for n in left.notes), left.notes
    assert _cli_rows(tmp_path, scan, "--publisher", "Zorvia Herald", "--publisher", "Quillton Gazette",
                     "--no-wire-copy") == [("BBC", "0", "20")]


def test_kind_keeps_only_those_kinds(tmp_path):
    """--kind no-comment compares the non-responses alone; --kind report leaves them out (a
    non-response is a record of its own kind, not reliance on the outlet)."""
    refused = "The ferry company declined to comment to Reuters on Monday about the Quillton route."
    reported = "Reuters reported on Monday that the Quillton ferry route would close."
    records = ([{"id": f"a{i}", "outlet": "Zorvia Herald", "text": refused} for i in range(10)]
               + [{"id": f"b{i}", "outlet": "Quillton Gazette", "text": reported} for i in range(10)])
    scan = _scan_records(tmp_path, records)
    sides = ("Zorvia Herald", "Quillton Gazette")
    every = _by_outlet(compare(scan, options=CompareOptions(publishers=sides)))
    assert (every["Reuters"].articles_a, every["Reuters"].articles_b) == (10, 10)
    reports = _by_outlet(compare(scan, options=CompareOptions(publishers=sides, kinds=frozenset({"report"}))))
    assert (reports["Reuters"].articles_a, reports["Reuters"].articles_b) == (0, 10)
    assert _cli_rows(tmp_path, scan, "--publisher", sides[0], "--publisher", sides[1],
                     "--kind", "no-comment") == [("Reuters", "10", "0")]
    bad = invoke(["compare", scan, "--publisher", sides[0], "--publisher", sides[1], "--kind", "rumour"])
    assert bad.exit_code == 2 and "unknown kind 'rumour'" in bad.output


def test_no_self_leaves_out_a_publisher_citing_itself(tmp_path):
    """Comparing two publishers, each one's citations of itself differ by construction; --no-self
    compares whom they cite besides themselves."""
    text = "The Guardian reported on Monday that the Quillton ferry route would close."
    records = ([{"id": f"g{i}", "outlet": "Guardian", "text": text} for i in range(10)]
               + [{"id": f"b{i}", "outlet": "BBC", "text": text} for i in range(5)]
               + [{"id": f"c{i}", "outlet": "BBC", "text": NOTHING} for i in range(5)])
    scan = _scan_records(tmp_path, records)
    sides = ("Guardian", "BBC")
    every = _by_outlet(compare(scan, options=CompareOptions(publishers=sides)))
    assert (every["Guardian"].articles_a, every["Guardian"].articles_b) == (10, 5)
    others = compare(scan, options=CompareOptions(publishers=sides, self_citations=False))
    assert {r.outlet: (r.articles_a, r.articles_b) for r in others.rows} == {"Guardian": (0, 5)}
    assert _cli_rows(tmp_path, scan, "--publisher", "Guardian", "--publisher", "BBC", "--no-self") == [("Guardian", "0", "5")]
