"""citetrack: find which news outlets a body of journalism cites, with the evidence for each count.

Library use::

    import citetrack
    result = citetrack.scan("articles/")           # ScanResult: articles, citations, counts, graph, skipped
    for c in citetrack.extract("She told the Financial Times on Monday."):
        print(c.outlet, c.kind, c.start, c.end)
    citetrack.write_outputs(result, "out/")         # graph.html, citations.jsonl, outlets.csv, ...
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import CitetrackError, GazetteerError, InputError, OutputError, RuleError
from .extract import extract
from .models import KINDS, Article, ArticleInfo, Citation, Outlet, OutletCount, ScanOptions, ScanResult, Skipped
from .outlets import Gazetteer, load_gazetteer
from .report import write_outputs
from .scan import iter_scan, scan

__all__ = [
    "__version__", "scan", "iter_scan", "extract", "write_outputs", "load_gazetteer", "Gazetteer",
    "Article", "ArticleInfo", "Citation", "Outlet", "OutletCount", "ScanOptions", "ScanResult", "Skipped", "KINDS",
    "CitetrackError", "GazetteerError", "InputError", "OutputError", "RuleError",
]
