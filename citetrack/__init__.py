"""citetrack: find which news outlets a body of journalism cites, with the evidence for each count.

Library use::

    import citetrack
    result = citetrack.scan("articles/")           # ScanResult: articles, citations, counts, graph, skipped
    for c in citetrack.extract("She told the Financial Times on Monday."):
        print(c.outlet, c.kind, c.start, c.end)
    citetrack.write_outputs(result, "out/")         # graph.html, citations.jsonl, outlets.csv, ...

The names below are imported on first use (PEP 562), so ``import citetrack`` is instant and the
command line can handle Ctrl-C from its first moment.
"""
from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from ._version import __version__

#: public name -> the module that defines it
_EXPORTS = {
    "scan": "pipeline", "iter_scan": "pipeline", "extract": "extract", "write_outputs": "report",
    "load_gazetteer": "outlets", "Gazetteer": "outlets",
    **{name: "models" for name in ("Article", "ArticleInfo", "Citation", "Outlet", "OutletCount", "ScanOptions",
                                   "ScanResult", "Skipped", "KINDS")},
    **{name: "errors" for name in ("CitetrackError", "GazetteerError", "InputError", "OutputError", "RuleError")},
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'citetrack' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(ModuleType):
    """``citetrack.extract`` stays the function: importing the submodule of the same name would
    otherwise set the package attribute to the module."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .errors import CitetrackError, GazetteerError, InputError, OutputError, RuleError  # noqa: F401
    from .extract import extract  # noqa: F401
    from .models import (KINDS, Article, ArticleInfo, Citation, Outlet, OutletCount, ScanOptions,  # noqa: F401
                         ScanResult, Skipped)
    from .outlets import Gazetteer, load_gazetteer  # noqa: F401
    from .report import write_outputs  # noqa: F401
    from .pipeline import iter_scan, scan  # noqa: F401
