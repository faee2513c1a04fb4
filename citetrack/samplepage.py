"""audit.html: an offline review page for a precision audit sample (``citetrack sample``).

One card per sampled citation: the sentence with the mention highlighted, the rule, kind, cue and
file, and right / wrong / unsure buttons with a note. Verdicts are kept in the browser's
localStorage (per sample) and saved with a download button as a CSV with audit.csv's columns and
the verdicts filled, which ``citetrack sample --score`` reads.

Article text is hostile: the rows go into the page as JSON in a ``<script type="application/json">``
block, escaped by :func:`citetrack.render.json_for_script`; the page's script inserts text with
``textContent`` only, and a Content-Security-Policy forbids every request (no network, no external
script).
"""
from __future__ import annotations

import hashlib
import html
from importlib import resources
from pathlib import Path
from string import Template

from .atomic import write_text
from .render import json_for_script
from .sample import COLUMNS, Sample, mark


def page_data(sample: Sample) -> dict:
    """What the page's script reads: the columns, the rows and each sentence split at the mention."""
    rows = []
    for row in sample.rows:
        before, mention, after = mark(row["sentence"], row["mention"])
        rows.append({"cells": [_cell(row.get(c)) for c in COLUMNS], "parts": [before, mention, after]})
    key = hashlib.sha256("\n".join(f"{r['cells'][0]}\t{r['cells'][6]}\t{r['cells'][7]}\t{r['cells'][8]}"
                                   for r in rows).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return {"columns": list(COLUMNS), "rows": rows, "key": key, "source": sample.source,
            "strata": len(sample.strata), "citations": sample.citations}


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def render_sample_page(sample: Sample, title: str = "citetrack precision audit") -> str:
    template = Template(resources.files("citetrack").joinpath("templates/audit.html").read_text(encoding="utf-8"))
    return template.substitute(title=html.escape(" ".join(title.split()), quote=True),
                               data=json_for_script(page_data(sample)))


def write_sample_page(sample: Sample, path: Path) -> Path:
    """Write audit.html atomically."""
    return write_text(path, render_sample_page(sample))
