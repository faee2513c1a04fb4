"""Nationality adjectives -> country codes (package data ``data/nationalities.toml``).

An outlet the gazetteer does not know but the text introduces with a nationality and a descriptor
("the Moldovan daily Ziarul de Garda") gets that country; its type comes from the descriptor.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

#: The last one or two words before a descriptor ("South African", "Kenyan").
_WORDS_BEFORE = re.compile(r"(?:(?<![\w-])([A-Z][\w'-]*)\s+)?(?<![\w-])([A-Z][\w'-]*)\s*\Z")


@lru_cache(maxsize=1)
def nationalities() -> dict[str, str]:
    """Adjective (lower case) -> ISO 3166-1 alpha-2 code."""
    raw = tomllib.loads(resources.files("citetrack").joinpath("data/nationalities.toml").read_text(encoding="utf-8"))
    return {" ".join(k.lower().split()): v for k, v in raw["nationalities"].items()}


def country_before(text: str) -> str:
    """The country of the nationality adjective ``text`` ends with ("… the South African" -> "ZA"), or ""."""
    m = _WORDS_BEFORE.search(text[-60:])
    if not m:
        return ""
    table = nationalities()
    if m.group(1) and (code := table.get(f"{m.group(1)} {m.group(2)}".lower())):
        return code
    return table.get(m.group(2).lower(), "")
