"""The output set is swapped in whole (``citetrack.swap``), from every state an OUT can be in.

- After a swap OUT holds the new outputs as plain files; the user's files, subfolders, the
  cache database and the output-folder marker are the same files (same inode, same bytes).
- A run killed (``killing.killed_after``: what SIGKILL would leave) while writing leaves the old
  set plus at most a hidden run folder, which the next run removes; once they are moved in it
  leaves the new set. Only inside the swap's renames (one per output) (microseconds) could a kill leave a mix.
- Ctrl-C during the swap is held off until it is done and then says so; a run folder being
  written is not removed by another run.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from citetrack import swap
from citetrack.errors import Interrupted, OutputError
from citetrack.outputs import FILES
from killing import DIED, FINISHED, killed_after

OUTPUTS = FILES
NONE = dict.fromkeys(OUTPUTS)


def _set(tag: str) -> dict[str, bytes]:
    return {n: f"{tag} {n}\n".encode() for n in OUTPUTS}


def _shown(folder: Path) -> dict[str, bytes | None]:
    """What a reader of OUT/name gets for each output (None: no such file)."""
    return {n: (folder / n).read_bytes() if (folder / n).is_file() else None for n in OUTPUTS}


def _swap(folder: Path, outputs: dict[str, bytes]) -> None:
    with swap.staged(folder, OUTPUTS) as stage:
        for name, data in outputs.items():
            (stage / name).write_bytes(data)


def _plain(folder: Path, outputs: dict[str, bytes]) -> None:
    for name, data in outputs.items():
        (folder / name).write_bytes(data)


def _user_files(folder: Path) -> None:
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "sub" / "deeper" / "keep.md").write_text("kept\n", encoding="utf-8")
    (folder / ".citetrack-cache.sqlite").write_bytes(b"SQLite format 3\0")
    (folder / ".citetrack-output").write_text("", encoding="utf-8")


def _others(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file in OUT that is not an output or the swap's own: path -> (inode, bytes)."""
    found = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if rel.parts[0] in OUTPUTS or rel.parts[0].startswith(swap.RUN_PREFIX):
            continue
        if p.is_file():
            found[rel.as_posix()] = (p.stat().st_ino, p.read_bytes())
    return found


def _stray(folder: Path) -> list[str]:
    """Run folders left over."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(swap.RUN_PREFIX))


def _out(base: Path) -> Path:
    out = base / "out"
    out.mkdir(parents=True)
    _user_files(out)
    return out


def _previous_run(base: Path) -> Path:
    out = _out(base)
    _swap(out, _set("old"))
    return out


SOME = {n: _set("old")[n] for n in ("citations.jsonl", "graph.graphml")}


def _some_missing(base: Path) -> Path:
    out = _out(base)
    _plain(out, SOME)
    return out


def _edited(base: Path) -> Path:
    out = _previous_run(base)
    (out / "outlets.csv").unlink()
    (out / "outlets.csv").write_bytes(b"the user's own table\n")
    return out


def _linked(base: Path) -> Path:
    real = _previous_run(base / "elsewhere")
    (base / "link").symlink_to(real, target_is_directory=True)
    return base / "link"


#: The states an OUT can be in before a run: name -> (make it in a folder, what it shows).
STARTS = {
    "first run": (_out, NONE),
    "previous run": (_previous_run, _set("old")),
    "some outputs missing": (_some_missing, {**NONE, **SOME}),
    "one output replaced by hand": (_edited, {**_set("old"), "outlets.csv": b"the user's own table\n"}),
    "OUT is a link to a folder": (_linked, _set("old")),
}

needs_links = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")


@needs_links
@pytest.mark.parametrize("start", list(STARTS))
def test_a_swap_replaces_the_whole_set_and_nothing_else(tmp_path, start):
    make, old = STARTS[start]
    out = make(tmp_path)
    assert _shown(out) == old
    others = _others(out)
    _swap(out, _set("new"))
    assert _shown(out) == _set("new")
    assert _others(out) == others
    assert _stray(out) == []
    assert not any((out / n).is_symlink() for n in OUTPUTS)  # plain files a user can move anywhere
    _swap(out, _set("third"))
    assert _shown(out) == _set("third") and _others(out) == others and _stray(out) == []
    assert out.is_symlink() == (start == "OUT is a link to a folder")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a child to kill")
@pytest.mark.parametrize("start", list(STARTS))
def test_a_run_killed_before_or_after_the_swap_leaves_one_whole_set(tmp_path, start):
    make, old = STARTS[start]
    moved = 0  # changes in OUT itself so far: the swap's renames and unlinks
    for step in range(1, 200):
        out = make(tmp_path / f"step{step}")
        others = _others(out)
        status = killed_after(step, lambda: _swap(out, _set("new")))
        assert status in (DIED, FINISHED), status
        shown = _shown(out)
        assert _others(out) == others
        assert len(_stray(out)) <= 1
        if shown not in (old, _set("new")):
            moved += 1  # inside the swap: the only window, one rename per output long
            assert moved < len(OUTPUTS), f"a mix after step {step}, outside the swap"
        if status == FINISHED:
            assert shown == _set("new") and _stray(out) == []
            break
        _swap(out, _set("next"))  # the next run cleans up
        assert _shown(out) == _set("next") and _others(out) == others and _stray(out) == [], f"after step {step}"
    else:
        pytest.fail("the swap never finished")


def test_ctrl_c_during_the_swap_waits_for_it_and_says_what_happened(tmp_path, monkeypatch):
    out = _previous_run(tmp_path)
    replace = os.replace
    sent = []

    def replace_and_interrupt(src, dst, **kwargs):
        if not sent and Path(dst).parent == out:
            sent.append(dst)
            os.kill(os.getpid(), signal.SIGINT)
        return replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace_and_interrupt)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(Interrupted) as info:
            _swap(out, _set("new"))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sent
    assert str(info.value) == f"stopped just after replacing the outputs in {out}: they are this run's, complete"
    assert _shown(out) == _set("new") and _stray(out) == []


def test_an_error_while_writing_removes_the_run_folder(tmp_path):
    out = _out(tmp_path)
    _swap(out, _set("old"))
    with pytest.raises(KeyboardInterrupt):
        with swap.staged(out, OUTPUTS) as stage:
            (stage / "citations.jsonl").write_bytes(b"half")
            raise KeyboardInterrupt
    assert _shown(out) == _set("old") and _stray(out) == []


def test_a_folder_named_like_an_output_is_an_error_and_changes_nothing(tmp_path):
    out = _out(tmp_path)
    _plain(out, {n: d for n, d in _set("old").items() if n != "graph.gexf"})
    (out / "graph.gexf").mkdir()
    with pytest.raises(OutputError, match=r"cannot write .*graph\.gexf: Is a directory"):
        _swap(out, _set("new"))
    assert _shown(out) == {**_set("old"), "graph.gexf": None}
    assert _stray(out) == [] and (out / "graph.gexf").is_dir()


@pytest.mark.skipif(swap.fcntl is None, reason="no flock")
def test_a_run_folder_being_written_is_not_removed_by_another_run(tmp_path):
    out = _out(tmp_path)
    with swap.staged(out, OUTPUTS) as stage:
        _swap(out, _set("other"))  # a second run finishing first: its clean-up must spare this one
        assert stage.is_dir()
        for name, data in _set("new").items():
            (stage / name).write_bytes(data)
    assert _shown(out) == _set("new") and _stray(out) == []
