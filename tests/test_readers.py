"""Tests for citetrack.readers: walking, formats, skips, metadata heuristics, dates."""
from __future__ import annotations

import json
import re
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from citetrack.errors import InputError
from citetrack.models import Article, Skipped
from citetrack.readers import (
    SUPPORTED,
    Format,
    iter_articles,
    looks_like_title,
    parse_date,
    read_file,
    text_metadata,
)
from citetrack.readers.dates import has_year
from citetrack.readers.text import _head_dates, date_of_line, split_front_matter
from conftest import write

BODY = "The council met on Tuesday.\n\nA spokesperson told the Daily Planet the vote was close.\n"



def scan(*paths, hidden=False) -> tuple[list[Article], list[Skipped]]:
    skipped: list[Skipped] = []
    articles = list(iter_articles([str(p) for p in paths], skipped.append, hidden=hidden))
    return articles, skipped


# -- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023-05-12", "2023-05-12"),
        ("2023-5-2", "2023-05-02"),
        ("2023-05-12T14:30:00Z", "2023-05-12"),
        ("2023-05-12T14:30:00.123+02:00", "2023-05-12"),
        ("2023-05-12 14:30:00 UTC", "2023-05-12"),
        ("2023/05/12", "2023-05-12"),
        ("May 12, 2023", "2023-05-12"),
        ("May 12 2023", "2023-05-12"),
        ("12 May 2023", "2023-05-12"),
        ("12th May 2023", "2023-05-12"),
        ("Sept. 3, 2021", "2021-09-03"),
        ("Friday, May 12, 2023", "2023-05-12"),
        ("Fri, 12 May 2023 10:00:00 +0000", "2023-05-12"),
        ("May 12, 2023 at 10:30 am EST", "2023-05-12"),
        ("13/05/2023", "2023-05-13"),
        ("05/13/2023", "2023-05-13"),
        ("05/06/2023", None),  # day/month order unknowable
        ("2023-02-30", None),
        ("2023-05", None),
        ("Mayday 12 2023", None),
        ("May 12, 2023 was a Friday", None),
        ("", None),
        (None, None),
    ],
    ids=lambda v: repr(v),
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# -- title and date heuristics ----------------------------------------------------------------

@pytest.mark.parametrize(
    "line, expected",
    [
        ("Council approves new budget", True),
        ("Council approves new budget after long debate?", True),
        ("Brexit", True),
        ("The Ninth Circle: A View From Inside The Beltway, Part 2.", True),  # Title Case
        ("Mayor resigns.", True),  # very short
        ("Council approves new budget after long night of talks.", True),  # short sentence case
        ("Judge rejects appeal by former adviser to Smith Jr.", True),  # abbreviation, not a sentence
        ("budget", False),  # one lowercase word
        ("2023-05-12", False),
        ("Published: May 12, 2023", False),
        ("By Jane Doe", False),
        ("https://example.org/story", False),
        ("- a list item", False),
        ("Here is what we know:", False),
        ("WASHINGTON (Wire) - The council voted on Tuesday to approve the budget", False),
        ("The mayor said on Tuesday that the council had approved the new budget.", False),
        ("The vote was close. Members argued for hours", False),
        ("x" * 201, False),
        ("word " * 31, False),
        ("1234 5678", False),
    ],
    ids=[
        "plain-headline", "question", "one-capitalised-word", "title-case-with-period",
        "very-short-with-period", "short-sentence-case-with-period", "ends-with-abbreviation",
        "one-lowercase-word", "iso-date", "date-line", "byline", "url", "list-item", "lead-in-colon",
        "dateline-lead", "said-sentence", "two-sentences", "too-long-chars", "too-many-words",
        "no-letters",
    ],
)
def test_looks_like_title(line, expected):
    assert looks_like_title(line) is expected


@pytest.mark.parametrize(
    "text, markdown, title, date",
    [
        ("Council approves budget\n\n" + BODY, False, "Council approves budget", None),
        ("Council approves budget\nDate: 2023-05-12\n\n" + BODY, False, "Council approves budget", "2023-05-12"),
        ("date 2023-05-12\nCouncil approves budget\n\n" + BODY, False, "Council approves budget", "2023-05-12"),
        ("Council approves budget\n\nPublished: May 12, 2023\n\n" + BODY, False, "Council approves budget", "2023-05-12"),
        ("Council approves budget\nUpdated 12 May 2023 10:30 BST\n\n" + BODY, False, "Council approves budget", "2023-05-12"),
        ("Council approves budget\n2023-05-12\n\n" + BODY, False, "Council approves budget", "2023-05-12"),
        ("Council approves budget\nSource: Example Wire\n\n" + BODY, False, "Council approves budget", None),
        ("\ufeffCouncil approves budget\n\n" + BODY, False, "Council approves budget", None),
        # the date must be near the top
        ("Council approves budget\n\na\n\nb\n\nc\n\nd\n\nDate: 2023-05-12\n", False, "Council approves budget", None),
        # body only: the first paragraph is a long lead sentence, not a headline
        ("The council voted on Tuesday to approve a budget that its members had argued over for weeks.\n\n" + BODY,
         False, None, None),
        # hard-wrapped text: the first line continues on the next
        ("The council voted on Tuesday to approve\nthe budget that members argued over.\n\n" + BODY, False, None, None),
        ("Regional Transit Authority and City\nHall agreed on Tuesday to share costs.\n", False, None, None),
        # a single paragraph is the body, not a title
        ("Council approves budget", False, None, None),
        ("# Council approves budget\n\n" + BODY, True, "Council approves budget", None),
        ("---\ntitle: \"Front matter title\"\ndate: 2023-05-12T08:00:00Z\n---\n# Heading\n\n" + BODY,
         True, "Front matter title", "2023-05-12"),
        ("---\ndate: not a date\n---\nCouncil approves budget\n\n" + BODY, True, "Council approves budget", None),
        # front matter is a Markdown feature only
        ("---\ntitle: Front\n---\n" + BODY, False, None, None),
    ],
    ids=[
        "title-blank-body", "title-date-line", "date-above-title", "published-label", "updated-with-time",
        "bare-date", "metadata-line", "bom", "date-too-far-down", "lead-sentence", "wrapped-lowercase",
        "wrapped-uppercase", "single-paragraph", "md-heading", "md-front-matter", "md-front-matter-bad-date",
        "txt-no-front-matter",
    ],
)
def test_text_metadata(text, markdown, title, date):
    assert text_metadata(text, markdown=markdown) == (title, date)


@pytest.mark.parametrize("s, expected", [
    ("in 2023 the", True), ("no year, 12 May", False), ("12345", True), ("1 2 3 4", False), ("", False),
    ("\u0662\u0660\u0662\u0663 \u2014 Arabic-Indic digits", True),  # \d is any decimal digit, beyond ASCII too
    ("caf\u00e9 1999", True), ("caf\u00e9 199", False), ("\uff11\uff19\uff19\uff19", True),
])
def test_has_year_is_four_decimal_digits_in_a_row(s, expected):
    assert has_year(s) is expected
    assert has_year(s) is (re.search(r"\d{4}", s) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("Ab 1\u0663:.\n-"), max_size=30), min_size=1, max_size=8))
def test_head_dates_are_each_lines_date(lines):
    """The head's one search for a year gives, for each line, what date_of_line gives for it."""
    head = [(i, s) for i, line in enumerate(lines) if (s := line.strip())]
    dated = _head_dates(head)
    for _, line in head:
        assert dated(line) == date_of_line(line)
    assert dated("Date: 2023-05-12") == "2023-05-12"  # a line beyond the head is looked at itself


def test_front_matter_unclosed_is_not_front_matter():
    lines = ["---", "title: x", "body"]
    assert split_front_matter(lines) == ({}, lines)


# -- text files -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"Headline here\r\n\r\nBody with \xe2\x80\x9cquotes\xe2\x80\x9d.\r\n", "Headline here\n\nBody with “quotes”.\n"),
        (b"Headline here\rBody on old Mac line ends.\r", "Headline here\nBody on old Mac line ends.\n"),
        (b"\xef\xbb\xbfHeadline\n\nBody.\n", "Headline\n\nBody.\n"),
        (b"Headline\n\n\xe2\x80\x9cBad\xe2\x80\x9d byte \xff here.\n", "Headline\n\n“Bad” byte \ufffd here.\n"),
        (b"  \n  Indented first line\n\nBody\n", "  \n  Indented first line\n\nBody\n"),
    ],
    ids=["crlf", "cr", "bom-dropped", "stray-byte-in-utf8-replaced", "leading-whitespace-kept"],
)
def test_text_is_the_decoded_file(tmp_path, raw, expected):
    f = write(tmp_path / "a.txt", raw)
    (article,) = read_file(f)
    assert article.text == expected


def test_text_article_fields(tmp_path):
    f = write(tmp_path / "story.md", "# Council approves budget\n\nDate: 2023-05-12\n\n" + BODY)
    (article,) = read_file(f)
    assert article.id == article.file == f.as_posix()
    assert (article.title, article.date, article.url, article.publisher) == (
        "Council approves budget", "2023-05-12", None, None)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file (PNG image)"),
        ("nul-bytes.txt", b"Head\0line\n\x01\x02\0\0\0\xff", "binary file (NUL bytes)"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("photo.JPG", b"\xff\xd8\xff", "unsupported file type .jpg"),
        ("notes", b"hello", "unsupported file type (no extension)"),
        ("README", b"hello", "documentation file, not an article (name it on the command line to read it)"),
        ("LICENSE.txt", b"MIT", "documentation file, not an article (name it on the command line to read it)"),
        ("empty.json", b"  ", "empty file"),
        ("bad.json", b'{"text": "x",\n "title": }', "not valid JSON: line 2: Expecting value"),
        ("scalar.json", b"42", "JSON is neither an object nor a list of objects"),
        ("empty-list.json", b"[]", "no records (empty list)"),
        ("notext.json", b'{"title": "t"}', "no 'text' field"),
        ("binary.jsonl", b'{"text": "a"}\n\0\0', "binary file (NUL bytes)"),
        ("blank.jsonl", b"\n\n  \n", "empty file"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 and "\n" not in v and " " not in v else "",
)
def test_unreadable_files_are_skipped_with_reason(tmp_path, name, content, reason):
    f = write(tmp_path / name, content)
    articles, skipped = scan(tmp_path)
    assert articles == []
    assert skipped == [Skipped(f.as_posix(), reason)]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_permission_denied_is_skipped(tmp_path):
    locked = write(tmp_path / "a.txt", "Headline\n\nBody.\n")
    write(tmp_path / "b.txt", "Other headline\n\nBody.\n")
    locked.chmod(0)
    try:
        articles, skipped = scan(tmp_path)
    finally:
        locked.chmod(0o644)
    assert [a.file for a in articles] == [(tmp_path / "b.txt").as_posix()]
    assert skipped == [Skipped(locked.as_posix(), "permission denied")]


# -- JSON and JSON Lines ----------------------------------------------------------------------

RECORD = {"text": "Body text.", "title": "A title", "date": "May 12, 2023", "url": "https://x.test/a",
          "outlet": "Example Times", "id": "x-1"}


@pytest.mark.parametrize(
    "record, expected",
    [
        (RECORD, dict(id="x-1", text="Body text.", title="A title", date="2023-05-12", url="https://x.test/a",
                      publisher="Example Times")),
        ({"body": "B."}, dict(id="{file}#1", text="B.", title=None, date=None, url=None, publisher=None)),
        ({"content": "C.", "publisher": "P"}, dict(id="{file}#1", text="C.", publisher="P")),
        ({"article": "D.", "id": 7}, dict(id="7", text="D.")),
        ({"text": None, "body": "E."}, dict(text="E.")),
        ({"text": "F.", "date": "sometime in spring"}, dict(date=None)),
        ({"text": "F.", "date": "2023-05-32"}, dict(date=None)),
        ({"text": "F.", "date": "2023-02-30"}, dict(date=None)),
        ({"text": "F.", "date": "9999-99-99"}, dict(date=None)),
        ({"text": "F.", "date": "May 32, 2023"}, dict(date=None)),
        ({"text": "F.", "date": "\u202e2023-05-01"}, dict(date=None)),
        ({"text": "G.", "date": "2023-05-12T08:00:00Z"}, dict(date="2023-05-12")),
        ({"text": "H.", "title": "", "outlet": "", "publisher": "Q"}, dict(title=None, publisher="Q")),
        ({"text": " Leading space\r\nkept. "}, dict(text=" Leading space\r\nkept. ")),
        ({" Text ": "I.", "AUTHOR": "Ann", "Headline": "H", "Link": "u"}, dict(text="I.", author="Ann", title="H", url="u")),
        ({"text": "J.", "id": None, "ID": "k", "byline": "By Bo"}, dict(id="k", author="By Bo")),
    ],
    ids=["all-fields", "body", "content-publisher", "article-int-id", "null-text-falls-back",
         "unparseable-date-is-undated", "impossible-day", "february-30", "all-nines", "may-32",
         "bidi-override", "datetime-normalised", "empty-strings-are-missing", "text-untouched",
         "names-in-any-case", "a-null-field-gives-way"],
)
def test_json_record_fields(tmp_path, record, expected):
    f = write(tmp_path / "one.json", json.dumps(record))
    (article,) = read_file(f)
    for field, value in expected.items():
        if isinstance(value, str):
            value = value.format(file=f.as_posix())
        assert getattr(article, field) == value, field
    assert article.file == f.as_posix()


@pytest.mark.parametrize(
    "content",
    [
        json.dumps([{"text": "one"}, {"text": "two"}]),
        json.dumps({"articles": [{"text": "one"}, {"text": "two"}]}),
        '{"text": "one"}\n{"text": "two"}\n',
    ],
    ids=["list", "articles-key", "jsonl"],
)
def test_json_record_ids_count_from_one(tmp_path, content):
    name = "recs.jsonl" if content.startswith('{"text"') else "recs.json"
    f = write(tmp_path / name, content)
    articles = list(read_file(f))
    assert [(a.id, a.text) for a in articles] == [(f"{f.as_posix()}#1", "one"), (f"{f.as_posix()}#2", "two")]


@pytest.mark.parametrize("ending", [".jsonl", ".ndjson", ".JSONL"])
def test_jsonl_bad_line_among_good_ones(tmp_path, ending):
    lines = [
        '{"id": "a", "text": "first"}',
        "",
        '{"id": "b", "text": ',
        '{"id": "c", "title": "no text"}',
        '{"id": "d", "text": 5}',
        '["not", "an", "object"]',
        '{"text": "   "}',
        '{"text": "last"}',
    ]
    f = write(tmp_path / f"recs{ending}", "\n".join(lines) + "\n")
    articles, skipped = scan(f)
    shown = f.as_posix()
    assert [(a.id, a.text) for a in articles] == [("a", "first"), (f"{shown}#7", "last")]
    assert [s.path for s in skipped] == [f"{shown}:{n}" for n in (3, 4, 5, 6, 7)]
    assert skipped[0].reason.startswith("not valid JSON: line 3: ")
    assert [s.reason for s in skipped[1:]] == [
        "no 'text' field", "'text' is not a string (int)", "record is not a JSON object (list)", "empty 'text'"]


def test_jsonl_streams_and_keeps_bom_out(tmp_path):
    f = write(tmp_path / "r.jsonl", b'\xef\xbb\xbf{"text": "caf\xc3\xa9"}\r\n{"text": "two"}')
    assert [a.text for a in read_file(f)] == ["café", "two"]


def test_json_list_with_bad_records(tmp_path):
    f = write(tmp_path / "r.json", json.dumps([{"text": "ok"}, "nope", {"title": "x"}]))
    articles, skipped = scan(f)
    shown = f.as_posix()
    assert [a.id for a in articles] == [f"{shown}#1"]
    assert skipped == [Skipped(f"{shown}#2", "record is not a JSON object (str)"), Skipped(f"{shown}#3", "no 'text' field")]


# -- walking ----------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    for rel in ["b.txt", "a.txt", "sub/c.md", "sub/deeper/d.txt", "Z.txt", "a-b/e.txt",
                ".hidden.txt", ".git/f.txt", "sub/.cache/g.txt"]:
        write(root / rel, f"Headline {rel}\n\nBody of {rel}.\n")
    write(root / "recs.jsonl", '{"text": "r1"}\n{"text": "r2"}\n')
    return root


def test_walk_order_is_sorted_depth_first_and_skips_hidden(tree):
    articles, skipped = scan(tree)
    rels = [a.file[len(tree.as_posix()) + 1:] for a in articles]
    assert rels == ["Z.txt", "a-b/e.txt", "a.txt", "b.txt", "recs.jsonl", "recs.jsonl", "sub/c.md", "sub/deeper/d.txt"]
    assert skipped == []


def test_walk_is_deterministic(tree):
    assert scan(tree) == scan(tree)


def test_hidden_included_when_asked(tree):
    articles, _ = scan(tree, hidden=True)
    names = {a.file.rsplit("/", 1)[-1] for a in articles}
    assert {".hidden.txt", "f.txt", "g.txt"} <= names


def test_explicit_hidden_file_is_read(tree):
    articles, _ = scan(tree / ".hidden.txt")
    assert [a.title for a in articles] == ["Headline .hidden.txt"]


@pytest.mark.parametrize(
    "arg, expected_first",
    [
        ("news", "news/Z.txt"),
        ("news/", "news/Z.txt"),
        ("./news", "./news/Z.txt"),
        ("news/sub", "news/sub/c.md"),
        ("news/sub/c.md", "news/sub/c.md"),
        (".", "news/Z.txt"),
    ],
    ids=["folder", "trailing-slash", "dot-slash", "subfolder", "file", "current-folder"],
)
def test_display_paths(tree, monkeypatch, arg, expected_first):
    monkeypatch.chdir(tree.parent)
    articles, _ = scan(arg)
    assert articles[0].file == expected_first
    assert articles[0].id == expected_first


def test_absolute_display_path(tree):
    articles, _ = scan(tree.resolve())
    assert articles[0].file == f"{tree.resolve().as_posix()}/Z.txt"


def test_file_named_twice_is_read_once(tree):
    articles, _ = scan(tree / "a.txt", tree)
    assert [a.file for a in articles].count((tree / "a.txt").as_posix()) == 1


def test_missing_path_raises_before_reading(tree):
    calls = []
    with pytest.raises(InputError, match="path not found: .*nope"):
        iter_articles([tree, tree / "nope"], calls.append)
    assert calls == []


def test_one_bad_file_never_loses_the_rest(tree):
    write(tree / "m.txt", b"\0\0\0")
    write(tree / "n.pdf", b"%PDF")
    articles, skipped = scan(tree)
    assert len(articles) == 8
    assert [s.reason for s in skipped] == ["binary file (NUL bytes)", "unsupported file type .pdf"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_terminates(tree):
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    articles, _ = scan(tree)
    assert len({os.path.realpath(a.file) for a in articles}) == 7  # 7 files, the jsonl gives 2


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_each_file_is_read_once_however_links_reach_it(tree, tmp_path):
    outside = tmp_path / "elsewhere"
    write(outside / "o.txt", "Headline o\n\nBody of o.\n")
    (tree / "0-link-to-b.txt").symlink_to(tree / "b.txt")  # inside the folder: read as b.txt, where it is
    (tree / "0-link-to-sub").symlink_to(tree / "sub", target_is_directory=True)
    (tree / "1-out.txt").symlink_to(outside / "o.txt")  # outside: read once, under the first link's name
    (tree / "2-out.txt").symlink_to(outside / "o.txt")
    (tree / "3-out-dir").symlink_to(outside, target_is_directory=True)
    (tree / "4-hidden.txt").symlink_to(tree / ".hidden.txt")  # its target is not walked: read through it
    articles, _ = scan(tree)
    rels = [a.file[len(tree.as_posix()) + 1:] for a in articles]
    assert rels == ["1-out.txt", "4-hidden.txt", "Z.txt", "a-b/e.txt", "a.txt", "b.txt", "recs.jsonl",
                    "recs.jsonl", "sub/c.md", "sub/deeper/d.txt"]
    articles, _ = scan(tree, tree / "b.txt", outside)  # paths that overlap: still once each
    assert len(articles) == len(rels)


def test_walking_a_folder_keeps_nothing_per_file(tmp_path):
    """Python's allocations at the peak of a walk of 1,000 and of 10,000 files (deterministic), in a
    fresh process: threads left by other tests would allocate inside the measurement."""
    import subprocess

    for n in (1_000, 10_000):
        folder = tmp_path / f"f{n}"
        for i in range(n):
            if i % 1000 == 0:
                (folder / f"{i // 1000:03d}").mkdir(parents=True)
            (folder / f"{i // 1000:03d}" / f"{i:06d}.txt").touch()
    # pathlib interns every name: the names are interned (and kept) first, or the interpreter's table
    # of interned strings would grow inside the measurement, by an amount that depends on how many
    # modules happen to be imported, not on the walk
    code = ("import os, sys, tracemalloc\n"
            "from citetrack.readers import iter_files\n"
            "names = [sys.intern(n) for top in sys.argv[1:] for _, ds, fs in os.walk(top) for n in ds + fs]\n"
            "for folder, n in ((sys.argv[1], 1000), (sys.argv[2], 10000)):\n"
            "    tracemalloc.start()\n"
            "    assert sum(1 for _ in iter_files([folder])) == n\n"
            "    print(tracemalloc.get_traced_memory()[1])\n"
            "    tracemalloc.stop()\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "f1000"), str(tmp_path / "f10000")],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    peaks = [int(x) for x in done.stdout.split()]
    assert peaks[1] - peaks[0] < 300_000, peaks  # remembering each file would take over 1 MB more


# -- read_file and the registry ---------------------------------------------------------------

def test_read_file_rejects_unsupported_and_missing(tmp_path):
    with pytest.raises(InputError, match=r"unsupported file type \.pdf"):
        read_file(write(tmp_path / "x.pdf", b"%PDF"))
    with pytest.raises(InputError, match="path not found"):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="not a file"):
        read_file(tmp_path)


def test_read_file_skips_raise_without_on_skip(tmp_path):
    f = write(tmp_path / "e.txt", "")
    with pytest.raises(InputError, match="empty file"):
        list(read_file(f))
    got = []
    assert list(read_file(f, got.append)) == []
    assert got == [Skipped(f.as_posix(), "empty file")]


def test_registering_a_format_takes_one_entry(tmp_path, monkeypatch):
    def read_shout(path, display, fields):
        yield Article(file=display, id=display, text=path.read_text().upper())

    monkeypatch.setitem(SUPPORTED, ".shout", Format("shouting", (".shout",), read_shout))
    write(tmp_path / "a.shout", "hi")
    articles, skipped = scan(tmp_path)
    assert [a.text for a in articles] == ["HI"] and skipped == []


@pytest.mark.parametrize(
    "error, reason",
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "cannot read: Input/output error"),
    ],
    ids=["permission", "io-error"],
)
def test_os_errors_while_reading_are_skipped(tmp_path, monkeypatch, error, reason):
    import citetrack.readers.source as source_module

    def failing(path, *limit):
        raise error

    write(tmp_path / "a.txt", "Headline\n\nBody.\n")
    monkeypatch.setattr(source_module, "read_decoded", failing)  # what the text reader calls
    articles, skipped = scan(tmp_path)
    assert articles == [] and skipped == [Skipped((tmp_path / "a.txt").as_posix(), reason)]


def test_documentation_named_on_the_command_line_is_read(tmp_path):
    readme = write(tmp_path / "README.md", "# Notes\n\nReuters reported on Monday that talks stalled.\n")
    articles, skipped = scan(readme)
    assert [a.file for a in articles] == [readme.as_posix()] and skipped == []
    articles, skipped = scan(tmp_path)
    assert articles == [] and [s.path for s in skipped] == [readme.as_posix()]


def test_a_file_too_small_to_be_a_bomb_is_not_opened_for_the_bomb_check(tmp_path, monkeypatch):
    """Deflate unpacks a byte to at most 1032: a file under the limit / 1032 cannot unpack past it,
    so its gzip size field is not read (one open less per small file); a bigger one still is."""
    import gzip as gz

    from citetrack.readers import registry
    calls = []
    monkeypatch.setattr(registry, "gzip_size", lambda path: calls.append(path.name) or None)
    small = tmp_path / "small.txt"
    small.write_text("Officials told Reuters the deal was off.\n", encoding="utf-8")
    assert [type(i).__name__ for i in registry.read_items(small, "small.txt")] == ["Article"]
    assert calls == []
    big = tmp_path / "big.txt.gz"
    big.write_bytes(gz.compress(b"Officials told Reuters the deal was off.\n" * 2000))
    list(registry.read_items(big, "big.txt.gz", max_bytes=1000))
    assert calls == ["big.txt.gz"]


@pytest.mark.parametrize("line", [
    '{"text": "a"}\n', '{"text": "a"}\r\n', '{"text": "a"}', '{"a": 1} {"b": 2}\n', '{"a": 1}  x\n', ' {"a": 1}\n',
    '{"a": NaN, "b": -Infinity}\n', '{"a": 1\n', '{}\t \n', '[1, 2]\n', '{"a": "\\ud800"}\n', '{"a": 1}\x0b\n',
    '{"a": 1}\u00a0\n', '{"a": 1}\n\n', '{"a": {"b": [1, {"c": null}]}}\n', '{"a": 1e400}\n', '{', '{"a": 01}\n',
])
def test_a_jsonl_line_is_read_as_json_loads_reads_it(line):
    """The reader's fast path (the C scanner called directly) gives json.loads' value, or fails as it does."""
    from citetrack.readers.jsonfile import _record
    try:
        expected = json.loads(line)
    except ValueError as exc:
        with pytest.raises(type(exc)):
            _record(line)
    else:
        got = _record(line)
        assert got == expected or repr(got) == repr(expected)  # (NaN is not equal to itself)


def test_an_articles_info_is_its_metadata_with_what_the_scan_resolved():
    from dataclasses import fields
    from citetrack.models import ArticleInfo
    a = Article(file="f.jsonl", id="7", text="Some text.", title="T", date="2023-05-12", url="https://x.example/a",
                publisher="Given", author="A. Writer", bad_date=True, nuls=True)
    own = a.info()
    assert own == ArticleInfo("f.jsonl", "7", "T", "2023-05-12", "https://x.example/a", publisher="Given", chars=10,
                              author="A. Writer", bad_date=True, nuls=True)
    resolved = a.info(publisher=None, publisher_id="reuters", unexamined=3, wire="Reuters")
    assert {f.name: getattr(resolved, f.name) for f in fields(ArticleInfo)} == {
        **{f.name: getattr(own, f.name) for f in fields(ArticleInfo)},
        "publisher": None, "publisher_id": "reuters", "unexamined": 3, "wire": "Reuters"}


@pytest.mark.parametrize("data", [
    b"Plain ASCII\r\nlines\rhere\n", "Caf\u00e9 \u201cquoted\u201d \u2014 UTF-8".encode(), b"\xef\xbb\xbfUTF-8 with a BOM",
    "UTF-16 with a BOM".encode("utf-16"), b"cp1252 \x93quotes\x94 and \xe9", b"NUL\x00 in the head",
    b"a" * 8191 + "\u00e9 straddles the head's end".encode(), b"x" * 9000 + b" a NUL after the head \x00",
    b"y" * 9000 + b" then a bad byte \xff", b"%PDF-1.4 binary", b"",
], ids=lambda d: repr(d[:24]))
def test_decoding_once_is_what_sniffing_then_decoding_gives(data):
    """A UTF-8 file is decoded once (its head sniffed as UTF-8 by construction): the same text, NUL
    flag and refusals as sniffing the encoding and decoding with it."""
    from citetrack.readers.source import (SNIFF_BYTES, BinaryFile, check_text, decode_counted, normalise_newlines,
                                          replace_nuls, sniff_encoding)

    def reference(raw: bytes):
        head = raw[:SNIFF_BYTES]
        encoding = sniff_encoding(head)
        check_text(head, encoding)
        text = normalise_newlines(raw.decode(encoding, errors="replace"))
        return replace_nuls(text), "\0" in text
    try:
        expected = reference(data)
    except BinaryFile as exc:
        with pytest.raises(BinaryFile, match=re.escape(str(exc))):
            decode_counted(data)
    else:
        assert decode_counted(data) == expected


@pytest.mark.parametrize("size, limit", [(0, 0), (10, 0), (10, 10), (11, 10), (65536, 0), (65536, 65535),
                                         (65537, 65536), (3_000_000, 0), (3_000_000, 2_999_999), (3_000_000, 5_000_000)])
def test_a_local_file_is_read_as_the_bounded_read_reads_it(tmp_path, size, limit):
    """The local read (os.open/os.read) gives read_bounded's bytes, or its TooLarge, at every edge
    of its first read and its chunks."""
    from citetrack.readers.source import TooLarge, _read_local, open_binary, read_bounded
    path = tmp_path / "f.txt"
    path.write_bytes(bytes(i % 251 for i in range(size)))
    try:
        with open_binary(path) as f:
            expected = read_bounded(f, limit)
    except TooLarge:
        with pytest.raises(TooLarge):
            _read_local(path, limit)
    else:
        assert _read_local(path, limit) == expected


def test_a_gzipped_file_is_left_to_open_binary(tmp_path):
    import gzip
    from citetrack.readers.source import _read_local, read_decoded
    path = tmp_path / "f.txt.gz"
    path.write_bytes(gzip.compress(b"Reuters reported it.\n"))
    assert _read_local(path, 0) is None
    assert read_decoded(path, 1000) == ("Reuters reported it.\n", False)
