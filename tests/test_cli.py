"""The command line, end to end through typer's CliRunner, on the example articles.

Every test runs a real command and checks what a user would see or get: exit codes, the files
written, the table and summary printed, and one-line ``error:`` messages for user mistakes.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import citetrack
from citetrack.cli import app
from citetrack.outputs import FILES
from citetrack.models import kind_field

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OUTPUTS = FILES

# A wide terminal, so rich does not wrap table cells and names can be found in the output.
runner = CliRunner(env={"COLUMNS": "250"})


def run(*args: str, cli: CliRunner = runner):
    return cli.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def example_scan():
    """The library's view of the examples, to compare the CLI's output against."""
    return citetrack.scan(EXAMPLES, jobs=1)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan") / "out"
    result = run("scan", EXAMPLES, "-o", out, "--jobs", "1")
    return result, out


def assert_user_error(result, *needles: str) -> str:
    """Exit code 2, a single ``error:`` line naming every needle, and no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    raw = result.stderr.strip()
    assert raw.startswith("error:"), raw
    assert "Traceback" not in result.output
    text = raw.replace("\n", "")  # rich may wrap a long message: see test_error_message_is_one_line
    assert text.count("error:") == 1, raw
    for n in needles:
        assert n in text, f"{n!r} not in {text!r}"
    return text


# ---------------------------------------------------------------- scan

def test_scan_writes_every_output(scanned):
    result, out = scanned
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (out / name).is_file(), name
        assert (out / name).stat().st_size > 0, name


def test_scan_prints_table_and_summary(scanned, example_scan):
    result, out = scanned
    stdout = result.stdout
    n_outlets = len(example_scan.counts)
    assert f"Top {min(20, n_outlets)} of {n_outlets} outlets cited" in stdout
    for header in ("outlet", "citations", "articles", *citetrack.KINDS):
        assert header in stdout
    assert example_scan.counts[0].outlet.split()[0] in stdout
    m = re.search(r"Read (\d+) articles; found (\d+) citations of (\d+) outlets \((\d+) not in the gazetteer\); "
                  r"skipped (\d+) items? \(files or records\)\.", stdout)
    assert m, stdout
    articles, cits, outlets, unknown, skipped = map(int, m.groups())
    assert articles == len(example_scan.articles)
    assert cits == len(example_scan.citations)
    assert outlets == n_outlets
    assert unknown == sum(1 for c in example_scan.counts if not c.known)
    assert skipped == len(example_scan.skipped) >= 1
    assert "skipped" in stdout and "notes.pdf" in stdout
    assert "Outputs in" in stdout


def test_scan_citations_match_outlet_counts(scanned, example_scan):
    _, out = scanned
    lines = (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) == len(example_scan.citations) > 0
    for r in records:
        assert {"file", "outlet", "mention", "start", "end", "kind", "rule", "sentence"} <= set(r)
        assert r["kind"] in citetrack.KINDS
    with open(out / "outlets.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sum(int(r["citations"]) for r in rows) == len(records)
    for r in rows:
        assert int(r["citations"]) == sum(int(r[kind_field(k)]) for k in citetrack.KINDS)
    by_outlet = {}
    for r in records:
        by_outlet[r["outlet"]] = by_outlet.get(r["outlet"], 0) + 1
    assert {r["outlet"]: int(r["citations"]) for r in rows} == by_outlet
    # issue 15 #7: each outlet's web domains from the gazetteer ("; "-joined), none for one found by rule only
    domains = {r["outlet"]: r["domains"] for r in rows}
    assert "reuters.com" in domains["Reuters"].split("; ")
    assert all(domains[r["outlet"]] == "" for r in rows if r["known"] == "false")
    with open(out / "articles.csv", encoding="utf-8", newline="") as f:
        articles = list(csv.DictReader(f))
    assert len(articles) == len(example_scan.articles)
    assert sum(int(a["citations"]) for a in articles) == len(records)


def test_scan_page_is_offline(scanned):
    _, out = scanned
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//", html, re.I), "page loads a remote script"
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?\s*https://", html, re.I), "page links a remote resource"
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//", html, re.I)


def test_scan_quiet_prints_nothing(tmp_path):
    result = run("scan", EXAMPLES / "wire", "-o", tmp_path / "out", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "out" / "citations.jsonl").is_file()


def test_scan_kind_filter(tmp_path, example_scan):
    result = run("scan", EXAMPLES, "-o", tmp_path / "out", "--kind", "credit", "-j", "1")
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (tmp_path / "out" / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records, "the examples have credits"
    assert {r["kind"] for r in records} == {"credit"}
    assert len(records) == sum(1 for c in example_scan.citations if c.kind == "credit")


# ---------------------------------------------------------------- user errors

def test_scan_missing_path(tmp_path):
    missing = tmp_path / "no-such-folder"
    assert_user_error(run("scan", missing, "-o", tmp_path / "out"), "path not found", "no-such-folder")
    assert not (tmp_path / "out").exists()


def test_error_message_is_one_line(tmp_path):
    deep = tmp_path / ("a-rather-long-folder-name-" * 3) / "no-such-folder"
    result = run("scan", deep, "-o", tmp_path / "out", cli=CliRunner())  # default 80 columns, as in a pipe
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_scan_output_is_a_file(tmp_path):
    target = tmp_path / "taken.txt"
    target.write_text("already here", encoding="utf-8")
    assert_user_error(run("scan", EXAMPLES / "wire", "-o", target, "-j", "1"), "taken.txt")
    assert target.read_text(encoding="utf-8") == "already here"


@pytest.mark.parametrize("command", ["scan", "counts"])
def test_unknown_kind(tmp_path, command):
    extra = ["-o", str(tmp_path / "out")] if command == "scan" else []
    assert_user_error(run(command, EXAMPLES / "wire", *extra, "--kind", "bogus"), "bogus", "report")


def test_counts_unknown_format():
    assert_user_error(run("counts", EXAMPLES / "wire", "--format", "xml"), "xml")


BAD_OUTLET_FILES = {
    "bad-toml": ('[[outlet]]\nid = "x-daily"\nname = "X Daily\n', ["not valid TOML"]),
    "unknown-field": ('[[outlet]]\nid = "x-daily"\nname = "X Daily"\ncolour = "red"\n', ["colour", "x-daily"]),
    "bad-type": ('[[outlet]]\nid = "x-daily"\nname = "X Daily"\naliases = "XD"\n', ["aliases", "x-daily"]),
    "bad-outlet-type": ('[[outlet]]\nid = "x-daily"\nname = "X Daily"\ntype = "pamphlet"\n', ["type", "pamphlet"]),
    "missing-name": ('[[outlet]]\nid = "x-daily"\n', ["name"]),
}


@pytest.mark.parametrize("case", sorted(BAD_OUTLET_FILES))
@pytest.mark.parametrize("command", ["scan", "outlets"])
def test_malformed_outlets_file(tmp_path, case, command):
    text, needles = BAD_OUTLET_FILES[case]
    bad = tmp_path / f"{case}.toml"
    bad.write_text(text, encoding="utf-8")
    args = ["scan", EXAMPLES / "wire", "-o", tmp_path / "out"] if command == "scan" else ["outlets"]
    assert_user_error(run(*args, "--outlets", bad), f"{case}.toml", *needles)
    assert not (tmp_path / "out").exists(), "a bad outlet file must fail before anything is written"


def test_outlets_file_missing(tmp_path):
    assert_user_error(run("outlets", "--outlets", tmp_path / "nope.toml"), "nope.toml")


# ---------------------------------------------------------------- --outlets adds an outlet

ZORBLATT = """\
[[outlet]]
id = "zorblatt-courier-ledger"
name = "Zorblatt Courier-Ledger"
type = "newspaper"
country = "US"
aliases = ["ZCL"]
domains = ["zorblatt.example"]
"""


def test_outlets_file_adds_an_outlet(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(ZORBLATT, encoding="utf-8")
    article = tmp_path / "articles" / "bridge.txt"
    article.parent.mkdir()
    article.write_text(
        "Bridge repairs delayed again\n\n"
        "The county's bridge will stay closed until spring. The transport minister told the Zorblatt "
        "Courier-Ledger on Monday that \u201cthe steel simply has not arrived\u201d.\n",
        encoding="utf-8",
    )
    without = run("scan", article.parent, "-o", tmp_path / "a", "-j", "1")
    assert without.exit_code == 0, without.output
    assert "Zorblatt" not in (tmp_path / "a" / "citations.jsonl").read_text(encoding="utf-8")

    result = run("scan", article.parent, "-o", tmp_path / "b", "--outlets", extra, "-j", "1")
    assert result.exit_code == 0, result.output
    (rec,) = [json.loads(x) for x in (tmp_path / "b" / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rec["outlet"] == "Zorblatt Courier-Ledger"
    assert rec["outlet_id"] == "zorblatt-courier-ledger"
    assert rec["known"] is True
    assert rec["kind"] == "interview"
    assert rec["mention"] == "Zorblatt Courier-Ledger"
    assert "Zorblatt" in result.stdout

    listed = run("outlets", "zorblatt", "--outlets", extra)
    assert listed.exit_code == 0, listed.output
    assert "Zorblatt Courier-Ledger" in listed.stdout
    assert "zorblatt-courier-ledger" in listed.stdout


# ---------------------------------------------------------------- counts

def test_counts_csv(example_scan):
    result = run("counts", EXAMPLES, "--format", "csv", "-j", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["outlet"] for r in rows] == [c.outlet for c in example_scan.counts]
    for r, c in zip(rows, example_scan.counts):
        assert (int(r["citations"]), int(r["report"]), int(r["interview"]), int(r["staff"]), int(r["credit"])) == \
            (c.citations, c.report, c.interview, c.staff, c.credit)


def test_counts_json(example_scan):
    result = run("counts", EXAMPLES, "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data if isinstance(data, list) else data.get("outlets", data)
    assert len(rows) == len(example_scan.counts)
    assert sum(r["citations"] for r in rows) == len(example_scan.citations)
    assert rows[0]["outlet"] == example_scan.counts[0].outlet


def test_counts_table_and_top(example_scan):
    full = run("counts", EXAMPLES, "-j", "1")
    assert full.exit_code == 0, full.output
    n = len(example_scan.counts)
    assert f"Top {n} of {n} outlets cited" in full.stdout

    top = run("counts", EXAMPLES, "--top", "3", "--format", "csv", "-j", "1")
    assert top.exit_code == 0, top.output
    rows = list(csv.DictReader(top.stdout.splitlines()))
    assert [r["outlet"] for r in rows] == [c.outlet for c in example_scan.counts[:3]]

    table = run("counts", EXAMPLES, "--top", "3", "-j", "1")
    assert table.exit_code == 0, table.output
    assert f"Top 3 of {n} outlets cited" in table.stdout  # of all the outlets cited, not of the 3 shown


# ---------------------------------------------------------------- show, outlets, --version

def test_show_one_file():
    result = run("show", EXAMPLES / "us" / "ohio-senate-race.txt")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ohio-senate-race.txt" in out
    assert "CNN" in out and "interview" in out and "on-outlet" in out
    assert "Rep. Dana Whitcomb said on CNN on Sunday" in out
    assert "Washington Post" in out and "staff" in out
    assert "speaker:" in out


def test_show_file_without_citations(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("The council met on Tuesday.\n\nThe minister told reporters nothing had changed.\n", encoding="utf-8")
    result = run("show", f)
    assert result.exit_code == 0, result.output
    assert "no citations" in result.stdout


def test_show_missing_file(tmp_path):
    assert_user_error(run("show", tmp_path / "gone.txt"), "gone.txt")


def test_outlets_lists_everything():
    result = run("outlets")
    assert result.exit_code == 0, result.output
    total = len(citetrack.load_gazetteer())
    assert total > 50
    assert f"{total} of {total} outlets" in result.stdout
    for name in ("Reuters", "Associated Press", "Wall Street Journal"):
        assert name in result.stdout


def test_outlets_query():
    result = run("outlets", "reuters")
    assert result.exit_code == 0, result.output
    m = re.search(r"(\d+) of (\d+) outlets", result.stdout)
    assert m and 1 <= int(m.group(1)) < int(m.group(2))
    assert "Reuters" in result.stdout and "reuters.com" in result.stdout
    assert "Associated Press" not in result.stdout


@pytest.mark.parametrize("args, expect, absent", [
    # issue 15 #7: the gazetteer as data; csv and json carry every field of an entry
    (["reuters", "-f", "csv"], ["id,name,type,country,aliases,domains,ambiguous,short,programmes,credit_names",
                                "reuters,Reuters,agency,GB,", "reuters.com; "], ["Associated Press"]),
    (["--type", "agency", "--country", "cn", "-f", "csv"], ["xinhua,Xinhua"], ["reuters,", "china-daily"]),
    (["--type", "broadcaster", "bbc", "-f", "csv"], [",broadcaster,GB,", "Newsnight"], [",newspaper,"]),
    (["zzz-no-such-outlet", "-f", "csv"], ["id,name"], [",agency,"]),
])
def test_outlets_formats_and_filters(args, expect, absent):
    result = run("outlets", *args)
    assert result.exit_code == 0, result.output
    for text in expect:
        assert text in result.stdout
    for text in absent:
        assert text not in result.stdout


def test_outlets_json_has_every_field_as_lists():
    result = run("outlets", "financial times", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ft = next(r for r in rows if r["id"] == "financial-times")
    assert set(ft) == {"id", "name", "type", "country", "aliases", "domains", "ambiguous", "short", "programmes",
                       "credit_names"}
    assert "FT" in ft["aliases"] and ft["domains"] == ["ft.com"] and isinstance(ft["programmes"], list)


@pytest.mark.parametrize("args, message", [
    (["--type", "blog"], "unknown type 'blog'"), (["-f", "xml"], "unknown format 'xml'"),
])
def test_outlets_bad_options(args, message):
    assert_user_error(run("outlets", *args), message)


def test_version():
    from citetrack.core import status

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"citetrack {citetrack.__version__}, {status()}"


def test_no_arguments_shows_help():
    result = run()
    assert result.exit_code in (0, 2)
    assert "scan" in result.output and "counts" in result.output


@pytest.mark.parametrize("undated, read, notes", [
    ("keep", 4, ["1 article dated outside --since/--until was left out",
                 "3 articles have no date and were kept (counted as undated; --undated drop leaves them out)"]),
    ("drop", 1, ["1 article dated outside --since/--until was left out",
                 "3 articles have no date and were left out by --since/--until (--undated keep keeps them)"]),
])
def test_a_date_range_says_what_it_left_out(tmp_path, undated, read, notes):
    """Issue 13 #1: `--since` on a folder of undated articles printed "Read 0 articles" and nothing
    else. Undated articles are kept by default, and notes count what the range left out."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"u{i}.txt").write_text(f"Story {i}\n\nOfficials told Reuters that plan {i} was final.\n",
                                          encoding="utf-8")
    for name, day in (("old.txt", "2019-05-01"), ("new.txt", "2021-05-01")):
        (folder / name).write_text(f"Story\nDate: {day}\n\nAccording to CNN, it rained.\n", encoding="utf-8")
    res = runner.invoke(app, ["scan", str(folder), "-o", str(tmp_path / "out"), "-j1", "--since", "2020-01-01",
                              "--undated", undated])
    assert res.exit_code == 0, res.output
    assert f"Read {read} article{'s' * (read != 1)}" in res.output
    assert [line.removeprefix("note: ") for line in res.output.splitlines() if line.startswith("note: ")] == notes
    bad = runner.invoke(app, ["scan", str(folder), "-o", str(tmp_path / "out"), "--since", "2020", "--undated", "no"])
    assert bad.exit_code == 2 and "--undated must be keep or drop" in bad.output


# -- the README's option lists against --help (as sqlite-utils tests its docs) -----------------

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")
COMMANDS = ("scan", "counts", "show", "audit", "outlets", "sample", "compare")


def _help_options(command: str) -> set[str]:
    res = CliRunner(env={"COLUMNS": "200"}).invoke(app, [command, "--help"])
    assert res.exit_code == 0, res.output
    return set(_OPTION.findall(res.output))


def _section(start: str, end: str) -> str:
    return README[README.index(start):README.index(end, README.index(start))]


def test_the_shared_options_the_readme_lists_are_the_shared_options():
    """Issue 13 #4: `show --kind` gave "No such option" although the README listed --kind as shared."""
    shared = set(_OPTION.findall(_section("Options shared by", "\n\n`scan` and `counts` take")))
    assert f"`--kind {'|'.join(citetrack.KINDS)}`" in README  # the kinds, as the models define them
    assert {"--kind", "--publisher-from", "--max-file-size", "--strict"} <= shared
    helps = {c: _help_options(c) for c in ("scan", "counts", "show", "audit")}
    for command, options in helps.items():
        assert shared <= options, f"{command} --help lacks {sorted(shared - options)}"
    twins = {o.replace("-field", "-column") for o in shared if o.endswith("-field")}  # "each also -column"
    common = set.intersection(*helps.values()) - {"--help"} - twins
    assert common <= shared, f"shared by every command but not in the README's list: {sorted(common - shared)}"


def test_every_option_the_readme_names_for_a_command_exists():
    table = _section("| command | what it does |", "\n\nOptions shared by")
    for line in table.splitlines()[2:]:
        command = re.search(r"`citetrack ([\w-]+)", line)[1]
        named = set(_OPTION.findall(line))
        assert named <= _help_options(command), f"{command}: {sorted(named - _help_options(command))}"
    scan_only = _section("`scan` and `counts` take", "\n\n`citetrack show FILE --text`")
    assert set(_OPTION.findall(scan_only)) <= _help_options("scan")
    assert "--jobs" in _help_options("counts")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_internal_metavars(command):
    res = CliRunner(env={"COLUMNS": "200"}).invoke(app, [command, "--help"])
    assert res.exit_code == 0
    assert not re.search(r"<[a-z]+(\[[A-Za-z]+\])?>|\{[a-z]+\}", res.output), res.output


def test_show_takes_kind(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Story\n\nThe mayor told CNN that Reuters reported the vote first.\n", encoding="utf-8")
    res = runner.invoke(app, ["show", str(f), "--kind", "interview"])
    assert res.exit_code == 0, res.output
    assert "CNN" in res.output and "Reuters" not in res.output.split("\n", 1)[1].replace("Reuters reported", "")


def test_piped_tables_print_whole_cells(tmp_path):
    """Issue 13 #5: piped, the table was 80 columns and cut names ("Agence France-Pres…")."""
    import os
    import subprocess
    import sys
    f = tmp_path / "a.txt"
    f.write_text("Story\n\nThe minister told Agence France-Presse and the Frankfurter Allgemeine Zeitung that "
                 "the deal was off.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-m", "citetrack", "counts", str(f), "-j1"], capture_output=True,
                         text=True, env=env, cwd=root, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Agence France-Presse" in res.stdout and "Frankfurter Allgemeine Zeitung" in res.stdout
    assert "…" not in res.stdout


@pytest.mark.parametrize("articles, said", [
    (1, "Read 1 article; found 1 citation of 1 outlet (0 not in the gazetteer); skipped 0 items"),
    (2, "Read 2 articles; found 2 citations of 1 outlet (0 not in the gazetteer); skipped 0 items"),
])
def test_the_summary_counts_in_the_singular_and_plural(tmp_path, articles, said):
    """It said "Read 1 articles; found 1 citations of 1 outlets"."""
    for i in range(articles):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"a{i}.txt").write_text("Harbour\n\nOfficials told Reuters on Monday that the harbour "
                                                  "reopened.\n", encoding="utf-8")
    result = run("scan", tmp_path / "in", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 0 and said in " ".join(result.output.split()), result.output
