"""The golden test: scanning examples/ gives exactly the documented result.

The example articles (made up, see examples/README.md) exercise every attribution rule and the
usual traps. This test pins what a scan of them produces: the articles read, the file skipped,
the citations per article and per outlet and kind, and that every citation's offsets index the
article text. examples/README.md documents the same numbers; the test parses its table so the
docs cannot drift.

When an intended change to the rules or the gazetteer changes these numbers: check the new
citations (``citetrack show examples/FILE``), then run ``python tests/test_examples.py`` to print
the new tables for this file and the README, and update both.

Cases that were once gaps (found while writing the examples, then fixed) are checked at the end.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import citetrack
from citetrack.readers import read_file
from citetrack.models import KINDS, kind_field
from citetrack.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
README = EXAMPLES / "README.md"

ARTICLES = 19
CITATIONS = 136
SKIPPED = [("README.md", "documentation file, not an article (name it on the command line to read it)"),
           ("notes.pdf", "unsupported file type .pdf")]

# outlet -> (citations, report, interview, staff, credit, no-comment)
COUNTS = {
    "BBC": (11, 3, 6, 1, 0, 1),
    "Reuters": (10, 2, 2, 1, 4, 1),
    "Financial Times": (9, 4, 2, 2, 0, 1),
    "Guardian": (8, 4, 1, 2, 0, 1),
    "Wall Street Journal": (6, 6, 0, 0, 0, 0),
    "Associated Press": (5, 1, 3, 0, 1, 0),
    "Bloomberg": (5, 4, 0, 1, 0, 0),
    "Agence France-Presse": (4, 1, 1, 0, 2, 0),
    "Economist": (4, 3, 0, 1, 0, 0),
    "Politico": (4, 4, 0, 0, 0, 0),
    "Washington Post": (4, 2, 1, 1, 0, 0),
    "Al Jazeera": (3, 2, 1, 0, 0, 0),
    "Fox News": (3, 2, 1, 0, 0, 0),
    "Observer": (3, 1, 1, 1, 0, 0),
    "Axios": (2, 2, 0, 0, 0, 0),
    "Clarín": (2, 1, 1, 0, 0, 0),
    "CNN": (2, 0, 1, 1, 0, 0),
    "Daily Mail": (2, 2, 0, 0, 0, 0),
    "Getty Images": (2, 0, 0, 0, 2, 0),
    "Haaretz": (2, 2, 0, 0, 0, 0),
    "Hollywood Reporter": (2, 2, 0, 0, 0, 0),
    "Lakeview Sentinel": (2, 1, 1, 0, 0, 0),
    "Le Monde": (2, 2, 0, 0, 0, 0),
    "NBC": (2, 0, 2, 0, 0, 0),
    "PolitiFact": (2, 1, 0, 1, 0, 0),
    "Sky News": (2, 0, 1, 0, 0, 1),
    "Sunday Times": (2, 1, 0, 1, 0, 0),
    "TASS": (2, 1, 1, 0, 0, 0),
    "WXYZ": (2, 1, 1, 0, 0, 0),
    "ABC": (1, 1, 0, 0, 0, 0),
    "CBS": (1, 1, 0, 0, 0, 0),
    "Channel 4": (1, 1, 0, 0, 0, 0),
    "CNBC": (1, 0, 1, 0, 0, 0),
    "Daily Mirror": (1, 1, 0, 0, 0, 0),
    "Daily Telegraph": (1, 1, 0, 0, 0, 0),
    "Der Landbote": (1, 1, 0, 0, 0, 0),
    "Evening Standard": (1, 1, 0, 0, 0, 0),
    "Gateway Pundit": (1, 1, 0, 0, 0, 0),
    "IRNA": (1, 1, 0, 0, 0, 0),
    "ITV": (1, 1, 0, 0, 0, 0),
    "Kyiv Independent": (1, 1, 0, 0, 0, 0),
    "LBC": (1, 0, 1, 0, 0, 0),
    "Mail on Sunday": (1, 1, 0, 0, 0, 0),
    "New York Post": (1, 0, 1, 0, 0, 0),
    "New York Times": (1, 1, 0, 0, 0, 0),
    "PA Media": (1, 0, 1, 0, 0, 0),
    "Plain Dealer": (1, 0, 0, 1, 0, 0),
    "Sky Sports": (1, 0, 1, 0, 0, 0),
    "Sun": (1, 1, 0, 0, 0, 0),
    "Sydney Morning Herald": (1, 1, 0, 0, 0, 0),
    "Tages-Anzeiger": (1, 1, 0, 0, 0, 0),
    "TechCrunch": (1, 1, 0, 0, 0, 0),
    "The Verge": (1, 0, 1, 0, 0, 0),
    "Times": (1, 1, 0, 0, 0, 0),
    "Times Radio": (1, 0, 1, 0, 0, 0),
    "Variety": (1, 1, 0, 0, 0, 0),
}

# outlets found by rule, not in the gazetteer
UNKNOWN = {"Der Landbote", "Lakeview Sentinel"}

# article id (relative to examples/ for one-article files) -> citations
PER_ARTICLE = {
    "australia-police-raids.txt": 4,
    "briefs-1": 3,
    "briefs-2": 3,
    "briefs-3": 2,
    "business/bank-merger-talks.md": 7,
    "business/ferry-operator-silence.txt": 7,
    "europe/kherson-bridge-strike.txt": 10,
    "local/school-board-vote.txt": 6,
    "media-column.md": 28,
    "sport/cup-final-preview.txt": 5,
    "tech/fitness-app-breach.txt": 4,
    "uk-politics-budget.txt": 11,
    "us/ohio-senate-race.txt": 13,
    "us/senate-ads-politico.txt": 5,
    "web/river-flood.html": 9,
    "wire/opec-output-talks.txt": 7,
    "world-news.json#1": 4,
    "world-news.json#2": 5,
    "world-news.json#3": 3,
}

# Text in the examples that must NOT yield a citation: (file, snippet). Any citation whose
# mention lies inside the snippet fails the test.
NEGATIVES = [
    ("wire/opec-output-talks.txt", "VIENNA (Reuters) -"),
    ("wire/opec-output-talks.txt", "agency said refinery margins"),
    ("wire/opec-output-talks.txt", "traders citing Bloomberg data"),
    ("uk-politics-budget.txt", "seen by the FT"),
    ("uk-politics-budget.txt", "The Post Office said"),
    ("uk-politics-budget.txt", "outside the BBC's headquarters"),
    ("uk-politics-budget.txt", "posted videos of the protest on X and Facebook"),
    ("us/ohio-senate-race.txt", "who worked for CNN as a producer"),
    ("us/ohio-senate-race.txt", "lawsuit against The New York Times"),
    ("us/ohio-senate-race.txt", "Fox News host Carl Dempsey was fired after criticizing him"),
    ("australia-police-raids.txt", "AFP Commissioner Karen Doyle said"),
    ("australia-police-raids.txt", "An ASIO/AFP team"),
    ("australia-police-raids.txt", "About 40 AFP officers"),
    ("local/school-board-vote.txt", "By Tom Reyes, Detroit Free Press"),
    ("local/school-board-vote.txt", "an AP course in chemistry"),
    ("local/school-board-vote.txt", "ABC affiliate"),
    ("local/school-board-vote.txt", "A student's legal guardian told the board"),
    ("local/school-board-vote.txt", "as the sun set"),
    ("tech/fitness-app-breach.txt", "seen by Wired"),
    ("tech/fitness-app-breach.txt", "She wrote on LinkedIn"),
    ("sport/cup-final-preview.txt", "The Daily Telegraph ran a similar story"),
    ("sport/cup-final-preview.txt", "the sun could be"),
    ("business/bank-merger-talks.md", "American Express said"),
    ("media-column.md", "Fox News host Carl Dempsey was fired on Monday"),
    ("media-column.md", "who worked for CNN for a decade"),
    ("media-column.md", "lawsuit against the New York Times"),
    ("media-column.md", "The New York Times Co said"),
    ("media-column.md", "New York Times bestseller"),
    ("media-column.md", "The BBC's headquarters were picketed"),
    ("media-column.md", "He wrote on Twitter"),
    ("europe/kherson-bridge-strike.txt", "said on Telegram"),
    ("briefs-3", "the broadcaster's guidelines"),
]


def example_paths() -> list[Path]:
    """The folder itself, as a user scans it (its README.md is left out as documentation)."""
    return [EXAMPLES]


@pytest.fixture(scope="module")
def result():
    return citetrack.scan(example_paths(), jobs=1)


def rel(path: str) -> str:
    """An article id or file as shown relative to examples/ (record ids are kept as they are)."""
    p = Path(path)
    return p.relative_to(EXAMPLES).as_posix() if p.is_absolute() else path


def counts_of(result) -> dict[str, tuple[int, ...]]:
    return {c.outlet: (c.citations, *(getattr(c, kind_field(k)) for k in KINDS)) for c in result.counts}


def texts(result) -> dict[str, str]:
    """Every article's text by id, read the way the scanner reads it."""
    out: dict[str, str] = {}
    for f in sorted({c.file for c in result.citations} | {a.file for a in result.articles}):
        for a in read_file(f):
            out[a.id] = a.text
    return out


# ---------------------------------------------------------------- the pinned result

def test_articles_read(result):
    assert len(result.articles) == ARTICLES
    assert sorted(rel(a.id) for a in result.articles) == sorted(PER_ARTICLE)


def test_skipped_files(result):
    assert [(rel(s.path), s.reason) for s in result.skipped] == SKIPPED


def test_total_citations(result):
    assert len(result.citations) == CITATIONS == sum(v[0] for v in COUNTS.values())


def test_counts_per_outlet_and_kind(result):
    assert counts_of(result) == COUNTS


def test_counts_per_article(result):
    got = Counter(rel(c.article_id) for c in result.citations)
    assert {a: got.get(a, 0) for a in PER_ARTICLE} == PER_ARTICLE


def test_unknown_outlets(result):
    assert {c.outlet for c in result.counts if not c.known} == UNKNOWN


def test_counts_are_consistent(result):
    for c in result.counts:
        assert c.citations == sum(getattr(c, kind_field(k)) for k in KINDS)
        assert 1 <= c.articles <= c.citations


def test_every_rule_is_exercised(result):
    fired = {c.rule.removesuffix("+backref") for c in result.citations}
    missing = [r.id for r in load_rules().rules if r.id not in fired]
    assert not missing, f"no example article exercises rule(s) {missing}: add a sentence to examples/"


# ---------------------------------------------------------------- evidence

def test_offsets_index_the_text(result):
    by_id = texts(result)
    assert len(by_id) == ARTICLES
    for c in result.citations:
        text = by_id[c.article_id]
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.mention, (c.article_id, c.start, c.mention)
        assert " ".join(c.mention.split()) in c.sentence


def test_negatives_are_not_cited(result):
    by_id = texts(result)
    by_rel = {rel(k): v for k, v in by_id.items()}
    for article, snippet in NEGATIVES:
        text = by_rel[article]
        start = text.find(snippet)
        assert start >= 0, f"snippet {snippet!r} is not in {article}"
        end = start + len(snippet)
        hits = [c for c in result.citations if rel(c.article_id) == article and start <= c.start < end]
        assert not hits, f"{article}: {snippet!r} was cited: {[(c.outlet, c.rule) for c in hits]}"


def test_hard_wrapped_and_lowercase_mentions(result):
    mentions = {(rel(c.article_id), c.mention) for c in result.citations}
    assert ("wire/opec-output-talks.txt", "Wall Street\nJournal") in mentions
    assert ("wire/opec-output-talks.txt", "Journal") in mentions
    assert ("tech/fitness-app-breach.txt", "wall street journal") in mentions


def test_dateline_and_headline(result):
    wire = [c for c in result.citations if rel(c.article_id) == "wire/opec-output-talks.txt" and c.outlet == "Reuters"]
    assert [c.kind for c in wire] == ["credit"], "the dateline is not a citation, the photo credit is"
    (head,) = [c for c in result.citations if rel(c.article_id) == "us/senate-ads-politico.txt" and c.rule.startswith("headline")]
    assert head.outlet == "Politico" and head.start > 0


# ---------------------------------------------------------------- the README agrees

def readme_counts() -> dict[str, tuple[int, ...]]:
    """The per-outlet table of examples/README.md (the one headed outlet | citations | report ...)."""
    text = README.read_text(encoding="utf-8")
    header = re.search(r"^\|\s*outlet\s*\|\s*citations\s*\|\s*report\s*\|\s*interview\s*\|\s*staff\s*\|\s*credit\s*\|\s*no-comment\s*\|\s*$",
                       text, re.M)
    assert header, "examples/README.md has no per-outlet table"
    rows = {}
    for line in text[header.end():].lstrip("\n").splitlines()[1:]:  # skip the |---| line
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = re.sub(r"\s*\(unknown\)$", "", cells[0].strip("*"))
        rows[name] = tuple(int(x.strip("*")) for x in cells[1:2 + len(KINDS)])
    return rows


def test_readme_table_matches(result):
    assert readme_counts() == COUNTS == counts_of(result)


def test_readme_summary_matches(result):
    text = README.read_text(encoding="utf-8")
    m = re.search(r"Read (\d+) articles; found (\d+) citations of (\d+) outlets \((\d+) not in the gazetteer\); "
                  r"skipped (\d+) items? \(files or records\)\.", text)
    assert m, "examples/README.md does not quote the scan summary line"
    assert tuple(map(int, m.groups())) == (ARTICLES, CITATIONS, len(COUNTS), len(UNKNOWN), len(SKIPPED))


def test_readme_names_every_example_file():
    text = README.read_text(encoding="utf-8")
    files = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.is_file() and p != README)
    missing = [f for f in files if f"`{f}`" not in text]
    assert not missing, f"examples/README.md does not describe {missing}"


# ---------------------------------------------------------------- cases that were once gaps

ONCE_GAPS = [
    # (article, snippet, [(outlet, kind) the extractor must find with a mention inside the snippet], note)
    ("business/bank-merger-talks.md", "**The Wall Street Journal** first reported", [("Wall Street Journal", "report")],
     "Markdown bold between the outlet and its verb"),
    ("media-column.md", "debunked by PolitiFact", [("PolitiFact", "report")],
     "'debunked by' is not a reporting cue"),
    ("world-news.json#2", "The agency said it had lost contact", [],
     "'the agency' is the WHO named just before, not the REUTERS of the photo credit"),
]


@pytest.mark.parametrize("article,snippet,expected,note", ONCE_GAPS, ids=[f"{g[0]}:{g[1][:24]}" for g in ONCE_GAPS])
def test_once_a_gap(result, article, snippet, expected, note):
    text = {rel(k): v for k, v in texts(result).items()}[article]
    start = text.index(snippet)
    hits = [c for c in result.citations if rel(c.article_id) == article and start <= c.start < start + len(snippet)]
    assert [(c.outlet, c.kind) for c in hits] == expected, note


def test_folder_scan_leaves_out_the_readme(result):
    whole = citetrack.scan(EXAMPLES, jobs=1)
    assert len(whole.articles) == ARTICLES
    assert counts_of(whole) == counts_of(result)


if __name__ == "__main__":  # print the tables to paste here and into examples/README.md
    r = citetrack.scan(example_paths(), jobs=1)
    print(f"ARTICLES = {len(r.articles)}\nCITATIONS = {len(r.citations)}")
    print("COUNTS = {")
    for k, v in counts_of(r).items():
        print(f'    "{k}": {v},')
    print("}")
    print("UNKNOWN = [" + ", ".join(f'"{c.outlet}"' for c in r.counts if not c.known) + "]")
    print("PER_ARTICLE = {")
    for k, v in sorted(Counter(rel(c.article_id) for c in r.citations).items()):
        print(f'    "{k}": {v},')
    print("}\n")
    print("| outlet | citations | " + " | ".join(KINDS) + " |\n|---|---:|" + "---:|" * len(KINDS))
    for c in r.counts:
        name = c.outlet + ("" if c.known else " (unknown)")
        print(f"| {name} | {c.citations} | " + " | ".join(str(getattr(c, kind_field(k))) for k in KINDS) + " |")
