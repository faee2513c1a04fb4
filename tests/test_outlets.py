"""The outlet gazetteer: packaged data is valid and broad; user files layer on top; errors are clear."""
from __future__ import annotations

from collections import Counter

import pytest

import citetrack

from citetrack.errors import GazetteerError
from citetrack.outlets import load_gazetteer, norm_name, packaged_outlets, parse_outlets

GUIDELINE_NAMES = ["Financial Times", "Wall Street Journal", "New York Times", "Washington Post", "Associated Press",
                   "Agence France-Presse", "Reuters", "BBC", "CNN", "Fox News", "Guardian", "Bloomberg"]


def test_at_least_400_outlets_of_every_type():
    outlets = packaged_outlets()
    assert len(outlets) >= 400
    types = Counter(o.type for o in outlets)
    for t in ("agency", "newspaper", "broadcaster", "magazine", "site"):
        assert types[t] >= 10, types


@pytest.mark.parametrize("name", GUIDELINE_NAMES)
def test_canonical_names_of_the_guidelines(name):
    assert load_gazetteer().lookup(name).name == name


@pytest.mark.parametrize("alias,name", [("FT", "Financial Times"), ("WSJ", "Wall Street Journal"), ("NYT", "New York Times"),
                                        ("AP", "Associated Press"), ("AFP", "Agence France-Presse"), ("dpa", "Deutsche Presse-Agentur"),
                                        ("BBC News", "BBC"), ("the new york times", "New York Times")])
def test_aliases_resolve(alias, name):
    assert load_gazetteer().lookup(alias).name == name


#: names two real outlets share once "The" is dropped, told apart in text by case and context: the
#: Fox News programme "The Five" and the British channel Five (a short form, after "Channel Five")
SHARED_NAMES = {"five": {"fox-news", "channel-5"}}


def test_no_name_is_claimed_by_two_outlets():
    owners: dict[str, set[str]] = {}
    for o in packaged_outlets():
        for n in o.names:
            owners.setdefault(norm_name(n), set()).add(o.id)
    clashes = {n: ids for n, ids in owners.items() if len(ids) > 1 and SHARED_NAMES.get(n) != ids}
    assert not clashes


def test_ambiguous_names_are_flagged():
    gaz = load_gazetteer()
    for name in ("AP", "AFP", "Sun", "Times", "Independent", "Guardian", "Mirror", "Time"):
        o = gaz.lookup(name)
        assert o is not None and name in o.ambiguous + tuple(a for a in o.ambiguous if norm_name(a) == norm_name(name)), name


def test_domains_find_the_outlet():
    gaz = load_gazetteer()
    assert gaz.by_domain("https://www.nytimes.com/2024/01/01/x.html").name == "New York Times"
    assert gaz.by_domain("edition.cnn.com").name == "CNN"
    assert gaz.by_domain("example.org") is None


def test_user_file_adds_and_overrides(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('[[outlet]]\nid = "zorblatt-courier"\nname = "Zorblatt Courier"\ntype = "newspaper"\n\n'
                 '[[outlet]]\nid = "reuters"\nname = "Reuters"\ntype = "agency"\ncountry = "XX"\n')
    gaz = load_gazetteer([f])
    assert gaz.lookup("Zorblatt Courier").type == "newspaper"
    assert gaz.get("reuters").country == "XX"
    assert len(gaz) == len(load_gazetteer()) + 1


@pytest.mark.parametrize("text,message", [
    ("[[outlet]]\nname = 'X'\n", "'id' is required"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\ntype = 'blog'\n", "field 'type' is 'blog'"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\ncolour = 'red'\n", "unknown field"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\naliases = 'Y'\n", "'aliases' must be a list"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\nambiguous = ['Z']\n", "not the name or an alias"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\nprogrammes = ['Z']\n", "'programmes' lists .'Z'., which are not"),
    ("[[outlet]]\nid = 'X Y'\nname = 'X'\n", "lowercase letters"),
    ("[[outlet]]\nid = 'x'\nname = 'X'\n[[outlet]]\nid = 'x'\nname = 'Y'\n", "duplicate id"),
    ("[[outlet]\nid = 'x'\n", "not valid TOML"),
    ("[outlets]\nid = 'x'\n", "unknown top-level key"),
])
def test_malformed_outlet_files_name_the_problem(text, message):
    with pytest.raises(GazetteerError, match=message) as exc:
        parse_outlets(text, "my.toml")
    assert "my.toml" in str(exc.value)


def test_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(GazetteerError, match="cannot read outlet file"):
        load_gazetteer([tmp_path / "nope.toml"])


# ---------------------------------------------------------------- names that are no outlets, editions, spellings

def test_not_outlets_are_listed_and_block_names_found_by_rule():
    gaz = load_gazetteer()
    for name in ("The Lancet", "British Medical Journal", "BMJ", "Nature", "Rightmove", "Parker's", "Wikipedia"):
        assert gaz.is_not_outlet(name), name
    assert not gaz.is_not_outlet("Financial Times")
    from citetrack import extract
    assert extract("A study in the British Medical Journal found that the drug worked.") == []
    assert extract("The Lancet Journal reported that the trial was halted.") == []  # a head word, but listed


def test_a_user_file_may_list_its_own_not_outlets(tmp_path):
    from citetrack import extract
    from citetrack.rules import load_rules
    text = "The Zorvian Courier reported that the mine had closed."
    assert [c.outlet for c in extract(text)] == ["Zorvian Courier"]
    mine = tmp_path / "mine.toml"
    mine.write_text('not_outlets = ["Zorvian Courier"]\n', encoding="utf-8")
    assert extract(text, load_gazetteer([mine]), ruleset=load_rules()) == []
    bad = tmp_path / "bad.toml"
    bad.write_text('not_outlets = "Zorvian Courier"\n', encoding="utf-8")
    with pytest.raises(GazetteerError, match="not_outlets must be a list"):
        load_gazetteer([bad])


def test_editions_and_language_services_are_outlets_of_their_own():
    gaz = load_gazetteer()
    assert gaz.lookup("FT Deutschland").id == "financial-times-deutschland"
    assert gaz.lookup("BBC Persian").id == "bbc-persian" and gaz.lookup("BBC Persian").country == "GB"
    assert gaz.lookup("BBC Wales").id == "bbc"  # a regional section stays its parent, as the guidelines count it


def test_accents_may_be_left_out():
    from citetrack import extract
    (c,) = extract("The minister told Le Temps and the Estado de Sao Paulo news agency said it too.")[-1:]
    assert c.outlet == "Estadão"


@pytest.mark.parametrize("name, written", [
    ("U.S. News & World Report", "U.S. News & World Report"),
    ("U.S. News & World Report", "U.S. News and World Report"),  # listed with "&", written with "and"
    ("Stars and Stripes", "Stars & Stripes"),  # and the other way round
    ("Clarín", "Clarin"),
])
def test_a_name_is_found_as_it_is_written(name, written):
    from citetrack import extract
    from citetrack.outlets import spellings
    assert written in spellings(name)
    (c,) = extract(f"Officials told {written} that the talks had failed.")
    assert (c.outlet, c.mention) == (load_gazetteer().lookup(name).name, written)


@pytest.mark.parametrize("name, outlet_type", [
    ("United Press International", "agency"), ("UPI", "agency"), ("U.S. News & World Report", "magazine"),
    ("Jane's Defence Weekly", "magazine"), ("Aviation Week", "magazine"), ("Q magazine", "magazine"),
    ("Macworld", "magazine"), ("Digital Spy", "site"), ("Kotaku", "site"), ("IGN", "site"), ("The A.V. Club", "site"),
    ("Tom's Hardware", "site"), ("Marie Claire", "magazine"), ("Rock, Paper, Shotgun", "site"),
])
def test_major_outlets_are_listed(name, outlet_type):
    assert load_gazetteer().lookup(name).type == outlet_type


def test_upi_is_ambiguous():
    """India's Unified Payments Interface: "UPI" counts only in its exact case and bound by a cue."""
    from citetrack import extract
    assert extract("Payments via UPI rose 20 pct, the bank said.") == []
    assert [c.outlet for c in extract("Officials told UPI the plan was dead.")] == ["United Press International"]


def test_credit_names_count_only_in_credits():
    from citetrack import extract
    assert extract("The EPA said the water was safe.") == []
    assert [(c.outlet, c.kind) for c in extract("Floods in the north.\n\nPhoto: Jane Doe/EPA\n\nThe end.")] == [
        ("European Pressphoto Agency", "credit")]


def test_call_signs_of_one_station_are_one_outlet():
    import citetrack
    from citetrack.models import Article
    from citetrack.extract import extract as ex
    cits = ex(Article("a.txt", "a", "The mayor told WKOW-TV that the road would reopen. WKOW said crews were out."))
    assert {c.outlet_id for c in cits} == {"wkow"} and [c.outlet for c in cits] == ["WKOW-TV", "WKOW"]
    del citetrack


# -- issue 15 #7: an outlet the gazetteer does not know takes the type and country the text gives it

@pytest.mark.parametrize("text, name, otype, country", [
    ("Officials told the Moldovan daily Ziarul Zorvel on Monday that talks had failed.", "Ziarul Zorvel", "newspaper", "MD"),
    ("The South African broadcaster Mzansi Zorbo reported the strike.", "Mzansi Zorbo", "broadcaster", "ZA"),
    ("Prices rose, according to the Kenyan newspaper Daily Zorvel.", "Daily Zorvel", "newspaper", "KE"),
    ("The state news agency Zorvia Press said prices rose.", "Zorvia Press", "agency", ""),  # no nationality
    ("Prices rose, the pro-government tabloid Zorvo Blic reported.", "Zorvo Blic", "newspaper", ""),
    ("The Moldovan daily Reuters reported nothing new.", "Reuters", "agency", "GB"),  # a known outlet keeps its entry
])
def test_unknown_outlet_takes_the_descriptors_type_and_country(text, name, otype, country):
    cits = [c for c in citetrack.extract(text) if c.outlet == name]
    assert cits, [c.outlet for c in citetrack.extract(text)]
    assert (cits[0].outlet_type, cits[0].outlet_country) == (otype, country)


def test_scan_reports_the_described_type_and_country(tmp_path):
    (tmp_path / "a.txt").write_text("Officials told the Moldovan daily Ziarul Zorvel on Monday that talks failed.\n",
                                    encoding="utf-8")
    result = citetrack.scan([tmp_path])
    (count,) = [c for c in result.counts if c.outlet == "Ziarul Zorvel"]
    assert (count.type, count.country, count.known) == ("newspaper", "MD", False)


def test_nationalities_cover_the_world():
    from citetrack.countries import country_before, nationalities
    table = nationalities()
    assert len(table) >= 180 and all(len(code) == 2 and code.isupper() for code in table.values())
    assert country_before("according to the Sri Lankan") == "LK" and country_before("the pro-Russian") == ""


@pytest.mark.parametrize("text, outlet", [
    ("The neurosurgeon told Revolt TV in a video that he would run.", "Revolt TV"),  # found by its head word
    ("The minister told Kanal Sever TV on Sunday that talks had failed.", "Kanal Sever TV"),
    ("The minister told Imedi TV on Sunday that talks had failed.", "Imedi"),  # a known outlet's own channel
    ("He told US TV that it was fine.", None),  # unnamed media, as the guidelines count them
    ("He told German TV that it was fine.", None),
    ("Baker was quoted on British Television as saying he had no target.", None),
    ("State Radio said the talks had failed.", None),
    ("He told LCI Television that the talks had failed.", "LCI"),  # a known outlet's own channel
    ("He said on Apple TV that it was fine.", None),  # a device, listed in not-outlets
    ("Canada Post said it made its striking letter carriers a new offer.", None),  # a postal service
    ("A survey by the National Broadcasting Corporation last week showed most viewers backed the plan.",
     "National Broadcasting Corporation"),  # a name, not "national broadcasting"
])
def test_broadcasters_found_by_their_head_word(text, outlet):
    from citetrack import extract
    assert [c.outlet for c in extract(text)] == ([outlet] if outlet else [])
