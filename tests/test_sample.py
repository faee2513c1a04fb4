"""The precision audit: ``citetrack sample`` (a stratified random sample of a scan's citations,
audit.csv and audit.html), ``citetrack sample --score`` (precision with Wilson intervals and the
stratified scan-wide estimate) and :mod:`citetrack.precision`'s arithmetic."""
from __future__ import annotations

import csv
import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from citetrack.markers import OUTPUT_MARKER
from citetrack.models import SampleOptions
from citetrack.precision import Judged, Tally, score, stratified, wilson
from citetrack.sample import COLUMNS, draw, read_judged
from citetrack.samplepage import render_sample_page
from conftest import invoke, write, write_corpus

# -- the arithmetic ---------------------------------------------------------------------------

WILSON_CASES = [
    # right, judged, precision, low, high (3 decimals)
    (8, 10, 0.8, 0.490, 0.943),
    (0, 0, None, 0.0, 1.0),
    (10, 10, 1.0, 0.722, 1.0),
    (0, 5, 0.0, 0.0, 0.434),
    (1, 2, 0.5, 0.095, 0.905),
]


@pytest.mark.parametrize("right, judged, p, low, high", WILSON_CASES)
def test_wilson_interval(right, judged, p, low, high):
    e = wilson(right, judged)
    assert e.precision == p
    assert (round(e.low, 3), round(e.high, 3)) == (low, high)


STRATIFIED_CASES = [
    # strata (size, right, wrong), precision, low, high (None: an interval of width > 0, checked loosely)
    ([(10, 10, 0), (10, 0, 10)], 0.5, 0.5, 0.5),  # judged in full: no sampling error
    ([(100, 20, 0), (100, 0, 20)], 0.5, None, None),  # equal weights: the mean of the strata
    ([(300, 10, 10), (100, 10, 0)], 0.625, None, None),  # 0.75 * 0.5 + 0.25 * 1.0
    ([(50, 0, 0)], None, 0.0, 1.0),  # nothing judged
]


@pytest.mark.parametrize("strata, p, low, high", STRATIFIED_CASES)
def test_stratified_estimate(strata, p, low, high):
    est, covered, total = stratified((size, Tally(right=r, wrong=w)) for size, r, w in strata)
    assert est.precision == (None if p is None else pytest.approx(p))
    assert total == sum(s for s, _, _ in strata)
    if low is not None:
        assert (est.low, est.high) == (pytest.approx(low), pytest.approx(high))
    else:
        assert est.low < p < est.high
        assert covered == total


def test_a_stratum_judged_all_right_still_has_an_interval():
    est, _, _ = stratified([(1000, Tally(right=20))])
    assert est.precision == 1.0 and 0.85 < est.low < 0.95 and est.high == 1.0


def test_score_leaves_unsure_out_and_counts_it():
    rows = [Judged("rule=a", 40, "a", "report", v) for v in ["right"] * 3 + ["wrong", "unsure", ""]]
    rows += [Judged("rule=b", 10, "b", "interview", v) for v in ["wrong", "wrong"]]
    s = score(rows)
    a, b = s.by_rule
    assert (a.name, a.tally) == ("a", Tally(right=3, wrong=1, unsure=1, unjudged=1))
    assert a.estimate.precision == 0.75 and b.estimate.precision == 0.0
    assert [g.name for g in s.by_kind] == ["interview", "report"]
    assert s.sample.tally.judged == 6 and s.sample.estimate.precision == 0.5
    assert s.scan.precision == pytest.approx(40 / 50 * 0.75)
    assert (s.covered, s.citations, s.strata) == (50, 50, 2)


# -- the command line, end to end -------------------------------------------------------------

ARTICLES = {
    f"a{i}.txt": (f"Story {i}. Officials told the Financial Times on Monday that plan {i} was dead. "
                  f"Reuters reported that talks on plan {i} had stalled. "
                  f"According to the BBC, the vote on plan {i} was delayed.\n")
    for i in range(12)
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    corpus = write_corpus(root / "corpus", ARTICLES)
    out = root / "out"
    r = invoke(["scan", corpus, "-o", out, "-q", "-j", "1"])
    assert r.exit_code == 0, r.output
    return out


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_sample_is_stratified_reproducible_and_weighted(scanned, tmp_path):
    first, second, other = tmp_path / "1.csv", tmp_path / "2.csv", tmp_path / "3.csv"
    for path, seed in ((first, 7), (second, 7), (other, 8)):
        r = invoke(["sample", scanned, "--per-rule", 5, "--seed", seed, "--out", path])
        assert r.exit_code == 0, r.output
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert first.read_text(encoding="utf-8") != other.read_text(encoding="utf-8")
    assert (tmp_path / "1.html").is_file()
    rows = _rows(first)
    assert list(rows[0]) == list(COLUMNS)
    by_rule: dict[str, list[dict]] = {}
    for row in rows:
        by_rule.setdefault(row["rule"], []).append(row)
    assert len(by_rule) == 3 and all(len(v) == 5 for v in by_rule.values())  # 12 each, 5 drawn
    for row in rows:
        assert (row["stratum"], row["stratum_size"], row["sampled"], row["weight"]) == \
            (f"rule={row['rule']}", "12", "5", "2.4")
        assert row["verdict"] == "" and "\u27e6" + row["mention"] + "\u27e7" in row["sentence_marked"]
        assert row["sentence_marked"].replace("\u27e6", "").replace("\u27e7", "") == row["sentence"]
    assert [r["sample_id"] for r in rows] == [str(i) for i in range(1, 16)]
    assert "Sampled 15 of 36 citations in 3 strata" in invoke(["sample", scanned, "--per-rule", 5, "--out", first]).output


CAP_CASES = [
    # options, strata, rows
    (["--per-rule", 1], 3, 3),
    (["--per-rule", 20], 3, 36),
    (["--per-outlet", 2], 3, 6),
    (["--per-rule", 4, "--per-outlet", 2], 3, 6),  # rule and outlet go together here: 3 pairs, 2 each
    (["--per-rule", 3, "--kind", "interview"], 1, 3),
]


@pytest.mark.parametrize("options, strata, rows", CAP_CASES)
def test_caps_and_kinds(scanned, tmp_path, options, strata, rows):
    path = tmp_path / "a.csv"
    r = invoke(["sample", scanned, *options, "--out", path])
    assert r.exit_code == 0, r.output
    got = _rows(path)
    assert (len({x["stratum"] for x in got}), len(got)) == (strata, rows)


def test_the_default_writes_into_the_output_folder(scanned):
    r = invoke(["sample", scanned, "-q"])
    assert r.exit_code == 0 and r.output == ""
    assert len(_rows(scanned / "audit.csv")) == 36 and (scanned / "audit.html").is_file()


def test_judged_sample_scores(scanned, tmp_path):
    path = tmp_path / "audit.csv"
    assert invoke(["sample", scanned, "--per-rule", 4, "--seed", 1, "--out", path]).exit_code == 0
    rows = _rows(path)
    verdicts = {"according-to": ["right", "right", "right", "wrong"], "subject-reported": ["right"] * 4}
    seen: dict[str, int] = {}
    for row in rows:
        i = seen[row["rule"]] = seen.get(row["rule"], -1) + 1
        row["verdict"] = verdicts.get(row["rule"], ["unsure", "right", "wrong", "Wrong "])[i]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    r = invoke(["sample", "--score", path, "--format", "json"])
    assert r.exit_code == 0, r.output
    got = {(g["level"], g["name"]): g for g in json.loads(r.output)["groups"]}
    other = next(name for level, name in got if level == "rule" and name not in verdicts)
    assert got["rule", "according-to"]["precision"] == 0.75
    assert (got["rule", "according-to"]["low"], got["rule", "according-to"]["high"]) == (0.3006, 0.9544)
    assert got["rule", other]["unsure"] == 1 and got["rule", other]["precision"] == round(1 / 3, 4)
    assert got["sample", "all sampled (unweighted)"]["precision"] == round(8 / 11, 4)
    scan_row = next(g for (level, _), g in got.items() if level == "scan")
    assert scan_row["precision"] == round((0.75 + 1 + 1 / 3) / 3, 4)  # three strata of 12
    table = invoke(["sample", "--score", path]).output
    assert "Precision by rule" in table and "Scan-wide precision" in table and "0.750" in table
    assert invoke(["sample", "--score", path, "--format", "csv"]).output.startswith("level,name,right,wrong")


USER_ERRORS = [
    # what, expected in the error line
    ("no marker", "is not an output folder"),
    ("bad verdict", "is not one of right, wrong, unsure"),
    ("not a sample", "no column 'stratum'"),
    ("bad format", "unknown format"),
    ("folder and score", "not both"),
    ("neither", "give a scan's output FOLDER"),
]


@pytest.mark.parametrize("what, message", USER_ERRORS)
def test_user_errors(tmp_path, what, message):
    if what == "no marker":
        args = ["sample", write(tmp_path / "f" / "citations.jsonl", "").parent]
    elif what == "bad verdict":
        args = ["sample", "--score", write(tmp_path / "a.csv", "stratum,stratum_size,rule,kind,verdict\nrule=x,3,x,report,yes\n")]
    elif what == "not a sample":
        args = ["sample", "--score", write(tmp_path / "a.csv", "a,b\n1,2\n")]
    elif what == "bad format":
        args = ["sample", "--score", write(tmp_path / "a.csv", "a\n"), "--format", "xml"]
    elif what == "folder and score":
        args = ["sample", tmp_path, "--score", write(tmp_path / "a.csv", "a\n")]
    else:
        args = ["sample"]
    r = invoke(args)
    assert r.exit_code == 2 and message in r.output and r.output.count("error:") == 1


GOOD = {"rule": "subject", "kind": "report", "outlet": "Reuters", "mention": "Reuters", "file": "a.txt",
        "article_id": "a.txt", "start": 0, "end": 7, "cue": "reported", "sentence": "Reuters reported it."}


def test_a_bad_line_is_skipped_with_its_reason(tmp_path):
    folder = tmp_path / "out"
    write(folder / OUTPUT_MARKER, "x\n")
    lines = [json.dumps(GOOD), "{not json", json.dumps([1]), json.dumps({**GOOD, "sentence": None}),
             json.dumps({**GOOD, "start": "0"}), json.dumps(GOOD)]
    write(folder / "citations.jsonl", "\n".join(lines) + "\n")
    drawn = draw(folder, SampleOptions())
    assert drawn.citations == 2 and len(drawn.rows) == 2
    assert [(s.path, s.reason.split(" (")[0].split(":")[0]) for s in drawn.skipped] == [
        ("citations.jsonl:2", "not valid JSON"), ("citations.jsonl:3", "not a citation"),
        ("citations.jsonl:4", "not a citation"), ("citations.jsonl:5", "not a citation")]
    r = invoke(["sample", folder])
    assert r.exit_code == 0 and "skipped citations.jsonl:2: not valid JSON" in r.output


def test_the_page_download_reads_back(tmp_path):
    """The CSV the page saves has audit.csv's columns; sample --score reads a file of them with a BOM."""
    folder = tmp_path / "out"
    write(folder / OUTPUT_MARKER, "x\n")
    write(folder / "citations.jsonl", json.dumps(GOOD) + "\n")
    row = draw(folder, SampleOptions()).rows[0]
    text = "\ufeff" + ",".join(COLUMNS) + "\r\n" + ",".join(
        '"' + str({**row, "verdict": "right"}.get(c, "")).replace('"', '""') + '"' for c in COLUMNS) + "\r\n"
    judged = read_judged(write(tmp_path / "j.csv", text))
    assert [(j.stratum, j.stratum_size, j.verdict) for j in judged] == [("rule=subject", 1, "right")]


# -- the review page: hostile text ------------------------------------------------------------

def pwn(tag: str) -> str:
    return f"document.documentElement.setAttribute('data-pwned','{tag}')"


HOSTILE = [
    f"Reuters reported <script>{pwn('script')}</script> it.",
    f"Reuters reported </script><script>{pwn('close')}</script> it.",
    f"Reuters reported </textarea><img src=x onerror=\"{pwn('img')}\"> it.",
    f"Reuters reported \u2028{pwn('ls')}\u2029 <!-- it.",
]


@pytest.fixture()
def hostile_sample(tmp_path):
    folder = tmp_path / "out"
    write(folder / OUTPUT_MARKER, "x\n")
    lines = [json.dumps({**GOOD, "sentence": s, "cue": "</textarea>", "file": "<b>x</b>.txt"}) for s in HOSTILE]
    write(folder / "citations.jsonl", "\n".join(lines) + "\n")
    return draw(folder, SampleOptions())


def test_the_page_embeds_article_text_as_escaped_json(hostile_sample):
    page = render_sample_page(hostile_sample)
    assert "pwned" in page  # the payloads are there ...
    assert page.count("</script") == 2 and page.count("<script") == 2  # ... but open no script
    assert "<textarea" not in page and "</textarea" not in page and "<img" not in page and "<!--" not in page
    m = re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert sorted("".join(r["parts"]) for r in data["rows"]) == sorted(HOSTILE)
    assert "connect-src 'none'" in page and "http" not in page.replace("http-equiv", "")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs Debian's chromium)")
def test_the_page_in_a_browser(hostile_sample, tmp_path):
    """Hostile text shows as text and never runs; a click on "right" lands in the saved CSV."""
    harness = ("<script>document.querySelector('.card .v-right').click();"
               "var pre=document.createElement('pre');pre.id='harness-result';"
               "pre.textContent=JSON.stringify({csv: window.citetrackAuditCsv(),"
               "marks: Array.prototype.map.call(document.querySelectorAll('mark'), function (m) { return m.textContent; }),"
               "text: document.getElementById('cards').textContent,"
               "pwned: document.documentElement.getAttribute('data-pwned')});"
               "document.body.appendChild(pre);</script>")
    page = tmp_path / "audit.html"
    page.write_text(render_sample_page(hostile_sample).replace("</body>", harness + "</body>"), encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r'<pre id="harness-result">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-2000:]
    got = json.loads(htmllib.unescape(m.group(1)))
    assert got["pwned"] is None and 'data-pwned="' not in proc.stdout
    assert got["marks"] == ["Reuters"] * 4
    assert all(h.replace("\u2028", "").replace("\u2029", "") in got["text"].replace("\u2028", "").replace("\u2029", "")
               for h in HOSTILE)
    judged = read_judged(write(tmp_path / "judged.csv", got["csv"]))
    assert [j.verdict for j in judged] == ["right", "", "", ""]


def test_a_sample_in_an_output_folder_inside_the_input_is_not_read_as_articles(tmp_path):
    """audit.csv and audit.html are written into the output folder; when that folder sits inside the
    scanned one, the next scan leaves them out like scan's own outputs (the marker lists them)."""
    ex = tmp_path / "ex"
    write(ex / "a.txt", "Harbour\n\nOfficials told Reuters on Monday that the harbour reopened.\n")
    assert invoke(["scan", ex, "-o", ex / "out", "-q", "-j", "1"]).exit_code == 0
    assert invoke(["sample", ex / "out", "-q"]).exit_code == 0
    assert (ex / "out" / "audit.csv").is_file() and (ex / "out" / "audit.html").is_file()
    again = invoke(["scan", ex, "-o", ex / "out", "-j", "1"])
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())
    assert "skipped 0 items" in said, said  # before: audit.csv skipped (no text column), audit.html read as a page
    assert "left out articles.csv, audit.csv, audit.html," in said
    assert (ex / "out" / "audit.csv").is_file()  # a scan leaves a sample it did not write in place
