"""The mention record: one candidate outlet mention in an article's text."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..models import Outlet
from ..outlets import Surface


class Form(str, Enum):
    """How a mention names its outlet."""

    NAME = "name"  # a gazetteer name or alias ("Financial Times", "FT")
    SHORT = "short"  # a short form valid after a full mention ("the Journal")
    ANAPHOR = "anaphor"  # a back-reference ("the paper", "the show")
    UNKNOWN = "unknown"  # an outlet found by rule, not in the gazetteer
    DEFINED = "defined"  # an abbreviation the article defines ("... Service (NBS) ... NBS said")

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    outlet: Outlet | None
    form: Form
    ambiguous: bool = False
    weak: bool = False  # no determiner, descriptor or exact case: only "bare" rules may bind it
    head: str = ""  # anaphors: the head noun; short forms: the short form
    programme: bool = False  # the name is one of the outlet's programmes ("Meet the Press")
    candidates: tuple[Surface, ...] = ()
    tail: int = -1  # end of a descriptor that follows the name ("ITV television station"), else ``end``
    credit_only: bool = False  # a name that denotes the outlet only in a photo credit ("EPA")
    #: the rules that could bind it (bits in the rule set's order), when text dense with names tells (see reach)
    rules: int | None = None
