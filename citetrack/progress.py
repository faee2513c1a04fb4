"""A rich progress bar for long scans: articles, articles/s, MB/s and time left.

Shown only on a terminal (and not with ``--quiet``). The total is the size of the input files,
measured by a walk before the scan; each finished article advances the bar by its length.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import (BarColumn, Progress, ProgressColumn, Task, TaskProgressColumn, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text

from .models import ArticleInfo
from .readers import iter_files


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        n = task.fields.get("articles", 0)
        if elapsed <= 0:
            return Text("")
        return Text(f"{n:,} articles  {n / elapsed:,.0f}/s  {task.completed / elapsed / 1e6:.1f} MB/s", style="cyan")


def input_size(paths) -> int:
    total = 0
    for file, _ in iter_files(list(paths)):
        try:
            total += file.stat().st_size
        except OSError:
            pass
    return total


@contextmanager
def progress_bar(console: Console, paths, enabled: bool) -> Iterator[Callable[[ArticleInfo], None] | None]:
    """A callback for :func:`citetrack.pipeline.scan` that drives a progress bar, or None when not shown."""
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(TextColumn("scanning"), BarColumn(), TaskProgressColumn(), _Rate(), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("scan", total=max(1, input_size(paths)), articles=0)
        count = 0

        def advance(info: ArticleInfo) -> None:
            nonlocal count
            count += 1
            bar.update(task, advance=info.chars + 1, articles=count)

        yield advance
