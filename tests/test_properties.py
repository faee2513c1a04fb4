"""Properties of the extractor over generated text (hypothesis), with bounded, fast examples.

For any text, :func:`citetrack.extract` returns without error; every citation's offsets lie inside
the text and index its mention; the result is deterministic; and a paragraph without outlet names
put in front of an article shifts the offsets but changes no citation.
"""
from __future__ import annotations

from dataclasses import astuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citetrack
from citetrack import Citation

# Pieces of news prose: outlet names (plain, ambiguous, short forms), cues, quotes, brackets,
# credits, datelines, odd whitespace and punctuation, so generated texts often contain citations.
PIECES = [
    "Reuters", "the Financial Times", "FT", "the FT", "AP", "The Associated Press", "Bloomberg", "CNN", "the BBC",
    "BBC Radio 4's Today programme", "The New York Times", "the Journal", "The Wall Street Journal", "the Post",
    "the paper", "the agency", "Sun", "the Sun", "Times", "Fox News", "the Kyiv Independent", "WBKO",
    "told", "said", "reported", "according to", "citing", "in an interview with", "wrote", "said on",
    "a spokesman", "the minister", "on Monday", "that", "and", "or", ",", ".", ":", ";", "—", "-", "/",
    "\u201c", "\u201d", '"', "'s", "(", ")", "[", "]", "[AP Photo/Jane Doe]", "Photo:", "(Reuters) -",
    "WASHINGTON", "**", "Reuters reported", "told the Financial Times", "according to Bloomberg",
    "in an interview with CNN", "the Journal reported", "said on Fox News", "the paper said", "AP Photo/", "_", "\n", "\n\n", "\t", " ", "  ", "\r\n", "\u2028", "\ufeff", "é", "新聞", "🗞",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map(" ".join)
ANY_TEXT = st.one_of(TEXT, st.text(max_size=200))
# Unrelated paragraphs: lowercase words with no outlet name, ending a sentence, then a blank line.
WORDS = ["council", "met", "on", "tuesday", "and", "agreed", "budget", "river", "bridge", "was", "closed",
         "for", "repairs", "weather", "stayed", "mild", "residents", "welcomed", "plan"]
PARAGRAPH = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(lambda w: " ".join(w).capitalize() + ".")

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _key(c: Citation, shift: int = 0) -> tuple:
    return (c.outlet, c.outlet_id, c.known, c.mention, c.start - shift, c.end - shift, c.kind, c.cue, c.rule,
            " ".join(c.sentence.split()), c.quote, c.speaker)


@FAST
@given(ANY_TEXT)
def test_offsets_index_the_mention(text):
    for c in citetrack.extract(text):
        assert 0 <= c.start < c.end <= len(text), c
        assert text[c.start:c.end] == c.mention, c
        assert c.kind in citetrack.KINDS


@FAST
@given(ANY_TEXT)
def test_deterministic(text):
    first = [astuple(c) for c in citetrack.extract(text)]
    assert first == [astuple(c) for c in citetrack.extract(text)]


@FAST
@given(st.lists(PARAGRAPH, min_size=1, max_size=3), TEXT)
def test_unrelated_text_in_front_shifts_offsets_only(paragraphs, article):
    # The first line of an article may be its headline, which some rules look at: keep the
    # article's own first line a plain paragraph so the prefix does not change what is a headline.
    article = "Residents welcomed the plan.\n\n" + article
    prefix = "\n\n".join(paragraphs) + "\n\n"
    before = [_key(c) for c in citetrack.extract(article)]
    after = [_key(c, len(prefix)) for c in citetrack.extract(prefix + article)]
    assert after == before
