"""Citations over time (issue 15 #3): the article's date on each citations.jsonl line, and
timeline.csv (citations per period, outlet and kind), its periods, the --period option and what
the report options do to it."""
from __future__ import annotations

import csv
import datetime
import json

import pytest

from citetrack.errors import CitetrackError
from citetrack.models import ArticleInfo, Citation
from citetrack.timeline import MONTHS_MAX, WEEKS_MAX, choose_period, period_of, timeline_rows
from conftest import invoke, write

# made-up sentences, one citation each: (text, outlet, kind)
TOLD_REUTERS = "The harbour master told Reuters that the quay would close for repairs."
BBC_REPORTED = "According to the BBC, the orchard festival drew a record crowd."
FT_TOLD = "The treasurer told the Financial Times that the levy was settled."


@pytest.mark.parametrize("day, period, expected", [
    ("2023-02-01", "week", "2023-W05"),
    ("2021-01-03", "week", "2020-W53"),   # a Sunday: the last ISO week of 2020
    ("2021-01-04", "week", "2021-W01"),   # the Monday after
    ("2024-12-30", "week", "2025-W01"),   # a Monday of December in the next year's first week
    ("2023-01-01", "week", "2022-W52"),
    ("2023-05-31", "month", "2023-05"),
    ("2021-01-03", "month", "2021-01"),
    ("2021-01-03", "year", "2021"),
])
def test_period_of(day, period, expected):
    assert period_of(day, period) == expected


def _weeks(n: int, start: str = "2022-01-03") -> list[str]:
    first = datetime.date.fromisoformat(start)
    return [(first + datetime.timedelta(weeks=w)).isoformat() for w in range(n)]


def _months(n: int) -> list[str]:
    return [f"{2000 + m // 12}-{m % 12 + 1:02d}-15" for m in range(n)]


@pytest.mark.parametrize("days, expected", [
    (["2023-03-06"], "week"),
    (_weeks(WEEKS_MAX), "week"),
    (_weeks(WEEKS_MAX + 1), "month"),
    (_weeks(5) + ["2031-06-01"], "week"),  # few busy weeks, however far apart (empty ones are not counted)
    (_months(MONTHS_MAX), "month"),
    (_months(MONTHS_MAX + 1), "year"),
    ([], "week"),
])
def test_choose_period(days, expected):
    assert choose_period(days) == expected


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _corpus(tmp_path, records: list[dict]):
    return write(tmp_path / "news.jsonl", "".join(json.dumps(r) + "\n" for r in records))


def _scan(tmp_path, records, *args) -> tuple[object, list[tuple], list[dict]]:
    out = tmp_path / "out"
    result = invoke(["scan", _corpus(tmp_path, records), "-o", out, "-j", "1", *args])
    assert result.exit_code == 0, result.output
    rows = [(r["period"], r["outlet"], r["outlet_id"], r["kind"], int(r["citations"]), int(r["articles"]))
            for r in _rows(out / "timeline.csv")]
    cits = [json.loads(line) for line in (out / "citations.jsonl").read_text(encoding="utf-8").splitlines()]
    return result, rows, cits


# a year boundary: 2021-01-03 is in 2020-W53, 2021-01-04 in 2021-W01; r1 cites Reuters twice
RECORDS = [
    {"id": "r1", "date": "2021-01-03", "text": f"{TOLD_REUTERS} {BBC_REPORTED}\n\nLater the pilot told Reuters that tides were high."},
    {"id": "r2", "date": "2021-01-04", "text": TOLD_REUTERS},
    {"id": "r3", "date": "2021-01-05", "text": f"{TOLD_REUTERS} {FT_TOLD}"},
    {"id": "r4", "date": "2021-03-20", "text": BBC_REPORTED},
    {"id": "r5", "text": f"{TOLD_REUTERS} {FT_TOLD}"},  # undated: left out of timeline.csv
]


@pytest.mark.parametrize("args, expected", [
    ([], [  # 3 busy weeks: per week (the default rule)
        ("2020-W53", "Reuters", "reuters", "interview", 2, 1),
        ("2020-W53", "BBC", "bbc", "report", 1, 1),
        ("2021-W01", "Reuters", "reuters", "interview", 2, 2),
        ("2021-W01", "Financial Times", "financial-times", "interview", 1, 1),
        ("2021-W11", "BBC", "bbc", "report", 1, 1),
    ]),
    (["--period", "month"], [
        ("2021-01", "Reuters", "reuters", "interview", 4, 3),
        ("2021-01", "BBC", "bbc", "report", 1, 1),
        ("2021-01", "Financial Times", "financial-times", "interview", 1, 1),
        ("2021-03", "BBC", "bbc", "report", 1, 1),
    ]),
    (["--period", "year"], [
        ("2021", "Reuters", "reuters", "interview", 4, 3),
        ("2021", "BBC", "bbc", "report", 2, 2),
        ("2021", "Financial Times", "financial-times", "interview", 1, 1),
    ]),
    (["--period", "year", "--top", "1"], [("2021", "Reuters", "reuters", "interview", 4, 3)]),
    (["--period", "month", "--since", "2021-02"], [("2021-03", "BBC", "bbc", "report", 1, 1)]),
    (["--period", "year", "--kind", "report"], [("2021", "BBC", "bbc", "report", 2, 2)]),
])
def test_timeline_csv(tmp_path, args, expected):
    _, rows, cits = _scan(tmp_path, RECORDS, *args)
    assert rows == expected
    # every dated citation is in the file once; the undated article's are not
    assert sum(r[4] for r in rows) == sum(1 for c in cits if c["date"])


def test_citations_jsonl_carries_each_articles_date(tmp_path):
    _, _, cits = _scan(tmp_path, RECORDS)
    assert [(c["article_id"], c["date"]) for c in cits] == [
        ("r1", "2021-01-03"), ("r1", "2021-01-03"), ("r1", "2021-01-03"), ("r2", "2021-01-04"),
        ("r3", "2021-01-05"), ("r3", "2021-01-05"), ("r4", "2021-03-20"), ("r5", None), ("r5", None)]
    assert list(cits[0])[:3] == ["file", "article_id", "date"]


def test_all_undated_gives_a_header_and_a_note(tmp_path):
    result, rows, cits = _scan(tmp_path, [{"id": "u1", "text": TOLD_REUTERS}, {"id": "u2", "date": "2023-05-32", "text": FT_TOLD}])
    assert rows == [] and len(cits) == 2 and {c["date"] for c in cits} == {None}
    assert (tmp_path / "out" / "timeline.csv").read_bytes() == b"period,outlet,outlet_id,kind,citations,articles\r\n"
    assert "note: no citing article has a date, so timeline.csv has no rows" in result.stdout


def test_some_dated_gives_no_note(tmp_path):
    result, rows, _ = _scan(tmp_path, RECORDS)
    assert rows and "timeline.csv has no rows" not in result.stdout


@pytest.mark.parametrize("value", ["decade", "Week", ""])
def test_bad_period_is_a_user_error(tmp_path, value):
    result = invoke(["scan", _corpus(tmp_path, RECORDS), "-o", tmp_path / "out", "-j", "1", "--period", value])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: --period must be week, month or year, not {value!r}"]
    assert not (tmp_path / "out").exists()


def test_timeline_rows_of_a_hand_built_result():
    """Library use: dates come from the articles listed; an unreal date counts as undated; an outlet name
    that looks like a formula is neutralised in the CSV (tested by the writer's csv_cell)."""
    def cit(aid, outlet="Reuters", kind="report"):
        return Citation(file="f", article_id=aid, outlet=outlet, outlet_id=outlet.lower(), known=True, mention=outlet,
                        start=0, end=len(outlet), kind=kind, cue="said", rule="r", sentence=f"{outlet} said.")
    arts = [ArticleInfo(file="f", id="a", date="2023-05-01"), ArticleInfo(file="f", id="b", date="2023-05-32"),
            ArticleInfo(file="f", id="c", date="2023-05-02T10:00:00")]
    unit, rows = timeline_rows([cit("a"), cit("b"), cit("c", kind="credit"), cit("c"), cit("z")], arts, "week")
    assert unit == "week"
    assert rows == [("2023-W18", "Reuters", "reuters", "report", 2, 2), ("2023-W18", "Reuters", "reuters", "credit", 1, 1)]
    with pytest.raises(CitetrackError, match="--period must be"):
        timeline_rows([], arts, "fortnight")


def test_formula_outlet_names_are_neutralised(tmp_path):
    from citetrack.timeline import write_timeline_csv
    c = Citation(file="f", article_id="a", outlet="=HYPERLINK(1)", outlet_id="x", known=False, mention="m", start=0,
                 end=1, kind="report", cue="said", rule="r", sentence="s")
    path = tmp_path / "timeline.csv"
    assert write_timeline_csv([c], [ArticleInfo(file="f", id="a", date="2023-01-02")], path) == "week"
    assert _rows(path) == [{"period": "2023-W01", "outlet": "'=HYPERLINK(1)", "outlet_id": "x", "kind": "report",
                            "citations": "1", "articles": "1"}]


def test_the_page_gets_the_period(tmp_path):
    from citetrack.models import ReportOptions
    from citetrack.render import page_data
    from citetrack.pipeline import scan
    result = scan(_corpus(tmp_path, RECORDS), jobs=1)
    assert page_data(result, ReportOptions(period="year"))["period"] == "year"
    assert page_data(result)["period"] is None
