"""Credits as a class: an agency, outlet or picture agency named in a credit position is a credit,
wherever the caption puts it, in plain text and in saved web pages (whose captions trafilatura
drops and citetrack keeps). The fixtures in tests/fixtures/captions/ are made up.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrack import extract
from citetrack.readers.html import MAX_CAPTIONS, captions, html_article

FIXTURES = Path(__file__).parent / "fixtures" / "captions"

# (id, text, [(outlet, mention)] of the credits found): every position a caption puts a credit in
POSITIONS = [
    ("label", "The storm passed.\n\nPhoto: Reuters\n\nThe end.", [("Reuters", "Reuters")]),
    ("label-with-name", "The storm passed.\n\nPhotograph: Jane Doe/AFP\n\nThe end.", [("Agence France-Presse", "AFP")]),
    ("image-copyright", "The storm passed.\n\nImage copyright Getty Images\n\nThe end.", [("Getty Images", "Getty Images")]),
    ("bracket", "Crowds gather. [AP Photo/Jane Doe]", [("Associated Press", "AP")]),
    ("slash-chain", "The storm passed.\n\nJane Doe/AFP/Getty Images\n\nThe end.",
     [("Agence France-Presse", "AFP"), ("Getty Images", "Getty Images")]),
    ("name-slash-outlet", "The storm passed.\n\nMia Costa / Reuters\n\nThe end.", [("Reuters", "Reuters")]),
    ("outlet-slash-name", "The storm passed.\n\nREUTERS/Jim Roe\n\nThe end.", [("Reuters", "REUTERS")]),
    ("via", "The storm passed.\n\nJane Doe via Getty Images\n\nThe end.", [("Getty Images", "Getty Images")]),
    ("parenthesis-at-the-end", "The storm passed.\n\nWorkers clear the road on Sunday (Reuters)\n\nThe end.",
     [("Reuters", "Reuters")]),
    ("last-words-of-a-caption", "The storm passed.\n\nWorkers clear the road. Getty Images\n\nThe end.",
     [("Getty Images", "Getty Images")]),
    ("credit-only-name", "The storm passed.\n\nPhoto: Jane Doe/EPA\n\nThe end.", [("European Pressphoto Agency", "EPA")]),
]

NOT_CREDITS = [
    ("dateline", "LONDON (Reuters) - Oil prices fell on Monday."),
    ("sign-off-line", "Oil prices fell on Monday.\n\nReuters\n\nMore soon."),
    ("photo-of-an-outlet", "The photo by a Reuters employee was never published."),
    ("credit-only-name-elsewhere", "The EPA said the water was safe to drink."),
    ("slash-in-prose", "Analysts said the Reuters/Ipsos poll was an outlier."),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in POSITIONS], ids=[c[0] for c in POSITIONS])
def test_every_credit_position(text, expected):
    found = [(c.outlet, c.mention) for c in extract(text) if c.kind == "credit"]
    assert found == expected


@pytest.mark.parametrize("text", [c[1] for c in NOT_CREDITS], ids=[c[0] for c in NOT_CREDITS])
def test_not_credits(text):
    assert [c for c in extract(text) if c.kind == "credit"] == []


def _page(name: str):
    return html_article((FIXTURES / name).read_text(encoding="utf-8"), name, name)


def test_figure_captions_and_credit_spans_of_a_page_are_kept():
    article = _page("figcaption.html")
    assert "Smoke rises over the harbour on Wednesday. Photo: Karel Novak/Reuters" in article.text
    assert "Jan Dvorak/AFP via Getty Images" in article.text
    assert "(AP Photo/Lena Horak)" in article.text
    assert 'var caption' not in article.text and "Photos: Reuters, AFP, AP" not in article.text  # script, footer
    credits = [(c.outlet, c.mention) for c in extract(article) if c.kind == "credit"]
    assert credits == [("Reuters", "Reuters"), ("Agence France-Presse", "AFP"), ("Getty Images", "Getty Images"),
                       ("Associated Press", "AP")]
    for c in extract(article):
        assert article.text[c.start:c.end] == c.mention  # offsets index the text with its captions


def test_a_credit_span_at_the_end_of_a_caption():
    article = _page("credit-tail.html")
    assert [(c.outlet, c.kind) for c in extract(article)] == [("European Pressphoto Agency", "credit")]


def test_captions_are_taken_once_and_bounded():
    markup = "<figure><figcaption>A <span class='credit'>Reuters</span></figcaption></figure>"
    assert captions(markup) == ["A Reuters"]
    wall = "".join(f"<figcaption>caption {i}</figcaption>" for i in range(MAX_CAPTIONS + 50))
    assert len(captions(wall)) == MAX_CAPTIONS
    assert captions("") == [] and captions("<<<>>>") == []
