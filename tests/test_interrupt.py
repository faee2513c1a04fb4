"""Interrupted runs: outputs are never left half-written, and Ctrl-C stops a scan promptly.

- A write interrupted by an exception (Ctrl-C) leaves the previous version of the file (or none)
  and no temporary file; one killed outright (SIGKILL) can leave only a hidden temporary file.
- SIGINT sent to ``python -m citetrack scan`` (to its whole process group, as a terminal does)
  over a corpus big enough to take many seconds stops it within seconds, serial or with worker
  processes: exit code 130, a line saying how far it got, no traceback, no outputs, no workers left.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import citetrack
import citetrack.outputs
from citetrack.outputs import FILES
from citetrack.engines.parts import range_bytes
from citetrack.errors import Interrupted
from citetrack.export import write_citations_jsonl
from conftest import invoke
from killing import DIED, FINISHED, killed_after

POSIX = sys.platform != "win32"
ARTICLE = "Bridge repairs delayed\n\nThe minister told the Financial Times on Monday that the steel had not arrived.\n"


def _citations(n: int):
    return citetrack.scan(_corpus_file(n), jobs=1).citations


def _corpus_file(n: int, folder: Path | None = None) -> Path:
    import tempfile
    folder = folder or Path(tempfile.mkdtemp())
    f = folder / "recs.jsonl"
    with open(f, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"r{i}", "text": ARTICLE}) + "\n")
    return f


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- atomic writes ----------------------------------------------------------------------------

def test_interrupted_write_keeps_the_old_file_and_no_temporary(tmp_path):
    cits = _citations(3)
    target = tmp_path / "citations.jsonl"
    target.write_text("previous run\n", encoding="utf-8")

    def stream():
        yield cits[0]
        yield cits[1]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_citations_jsonl(stream(), target)
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert _leftovers(tmp_path) == []
    fresh = tmp_path / "new.jsonl"
    with pytest.raises(KeyboardInterrupt):
        write_citations_jsonl(stream(), fresh)
    assert not fresh.exists() and _leftovers(tmp_path) == []


def test_write_outputs_interrupted_changes_nothing(tmp_path, monkeypatch):
    """Ctrl-C after four of the outputs are written: the folder keeps the previous run's set,
    whole (it used to get four new files beside two old ones), and no temporary is left."""
    result = citetrack.scan(_corpus_file(2, tmp_path), jobs=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.html").write_text("old page", encoding="utf-8")
    (out / "citations.jsonl").write_text("old citations\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(citetrack.outputs, "write_gexf", interrupted)
    monkeypatch.setattr(citetrack.outputs, "write_stored_gexf", interrupted)  # what scan runs, from its store
    with pytest.raises(Interrupted) as info:
        citetrack.write_outputs(result, out)
    assert str(info.value) == f"stopped while writing outputs to {out}: nothing changed"
    assert (out / "graph.html").read_text(encoding="utf-8") == "old page"
    assert (out / "citations.jsonl").read_text(encoding="utf-8") == "old citations\n"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".citetrack-")) == \
        ["citations.jsonl", "graph.html"]
    assert not _stray(out)

    cli = invoke(["scan", str(tmp_path / "recs.jsonl"), "-o", str(out), "-j", "1"])
    assert cli.exit_code == 130, cli.output
    assert cli.stderr == f"interrupted: stopped while writing outputs to {out}: nothing changed\n"
    assert "Traceback" not in cli.output
    assert (out / "graph.html").read_text(encoding="utf-8") == "old page" and not _stray(out)

    new = tmp_path / "new"  # a folder the interrupted run created is removed again
    with pytest.raises(Interrupted):
        citetrack.write_outputs(result, new)
    assert not new.exists()


def _stray(folder: Path) -> list[str]:
    """Temporary files and run folders left in ``folder`` (any but the one its outputs point to)."""
    current = os.readlink(folder / ".citetrack-current") if os.path.islink(folder / ".citetrack-current") else None
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(".tmp") or (p.name.startswith(".citetrack-run-") and p.name != current))


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_killed_write_leaves_no_file_that_looks_complete(tmp_path):
    """SIGKILL in the middle of writing citations.jsonl: the target never appears half-written."""
    target = tmp_path / "citations.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    code = (
        "import sys, time, citetrack\n"
        "from citetrack.export import write_citations_jsonl\n"
        "cits = citetrack.scan(sys.argv[1], jobs=1).citations\n"
        "def slow():\n"
        "    for i in range(10**6):\n"
        "        if i == 500:\n"
        "            print('writing', flush=True)\n"
        "            time.sleep(60)\n"
        "        yield cits[i % len(cits)]\n"
        "write_citations_jsonl(slow(), sys.argv[2])\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(_corpus_file(5, tmp_path)), str(target)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        leftovers = _leftovers(tmp_path)
        assert len(leftovers) == 1 and leftovers[0].startswith(".citations.jsonl.")  # hidden, clearly temporary
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == "previous run\n"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a child to kill")
def test_write_outputs_killed_at_any_step_leaves_one_run_s_outputs(tmp_path):
    """SIGKILL (a child ended after each file-system change write_outputs makes, no clean-up) at
    any instant of a second run: OUT shows the first run's outputs or the second's (each file
    used to be renamed in as it was written, so a kill while writing left a mix); only inside the
    swap's own renames, microseconds long, can a kill leave some of each. The user's file stays."""
    first = citetrack.scan(_corpus_file(1, _mkdir(tmp_path / "a")), jobs=1)
    second = citetrack.scan(_corpus_file(3, _mkdir(tmp_path / "b")), jobs=1)
    citetrack.write_outputs(first, tmp_path / "before")
    (tmp_path / "before" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    citetrack.write_outputs(second, tmp_path / "after")
    old, new = _outputs(tmp_path / "before"), _outputs(tmp_path / "after")
    assert old != new and None not in old.values()
    mixed = 0
    for step in range(1, 200):
        out = tmp_path / f"step{step}"
        shutil.copytree(tmp_path / "before", out, symlinks=True)
        status = killed_after(step, lambda: citetrack.write_outputs(second, out))
        assert status in (DIED, FINISHED), status
        if _outputs(out) not in (old, new):
            mixed += 1
            assert mixed < len(FILES), f"a mix of two runs' outputs after change {step}, outside the swap"  # one rename each
        assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
        if status == FINISHED:
            assert _outputs(out) == new and not _stray(out)
            break
        citetrack.write_outputs(second, out)  # the next run removes what the killed one left
        assert _outputs(out) == new and not _stray(out)
        shutil.rmtree(out)
    else:
        pytest.fail("write_outputs never finished")


def _mkdir(folder: Path) -> Path:
    folder.mkdir()
    return folder


# -- Ctrl-C during a scan ---------------------------------------------------------------------

def _read_positions(pid: int, path: Path) -> dict[int, int]:
    """How far each of the process's open files on ``path`` has read into it: fd -> file offset."""
    found = {}
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return found
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as f:
                    found[int(fd)] = int(f.read().split("pos:")[1].split()[0])
        except (OSError, IndexError, ValueError):
            pass
    return found


def _slowest_reader(pid: int, path: Path, jobs: int) -> int:
    """How far the slowest reader of ``path`` has got, 0 until all of them read it: serially, the
    process's two open files (the plan cutting the file into parts, always ahead, and the reader
    of the current part); with a pool, each worker's reader (not the plan's file, which the
    workers inherit when they are forked: the same fd as in the parent)."""
    planning = _read_positions(pid, path)
    if jobs == 1:
        return min(planning.values()) if len(planning) >= 2 else 0
    found = [pos for child in _children(pid) for fd, pos in _read_positions(child, path).items() if fd not in planning]
    return min(found) if len(found) >= jobs else 0


def _ended(proc: subprocess.Popen) -> tuple[str, str]:
    """The output of a process that was told to stop, once it has ended (a hang fails after 120 s)."""
    return proc.communicate(timeout=120)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """~25,000 articles in one JSON Lines file: a scan of it takes far longer than the test waits."""
    folder = tmp_path_factory.mktemp("big")
    filler = "The council met on Tuesday and agreed the budget for the bridge repairs. " * 8
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as out:
        for i in range(25_000):
            out.write(json.dumps({"id": f"a{i}", "text": f"Story {i}\n\n{filler}{ARTICLE}"}) + "\n")
    return folder / "corpus.jsonl"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="watches the process through /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "pool"])
def test_a_signal_stops_a_scan_promptly(big_corpus, tmp_path, jobs, sig):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "citetrack", "scan", str(big_corpus), "-o", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # a test run started in the background (``cmd &`` in a script) ignores SIGINT, and children
        # inherit that; give the scan the default disposition a terminal user's process has
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        deadline = time.monotonic() + 90
        # The file is read in parts (engines/parts.py) whose results come out whole and in order:
        # once every reader is past the parts the others may still be on (serially the first,
        # with a pool, one per worker), the first part's articles (over 512) are out.
        size = big_corpus.stat().st_size
        past = (1 if jobs == "1" else int(jobs)) * range_bytes(size, int(jobs)) + size // 50
        while _slowest_reader(proc.pid, big_corpus, int(jobs)) < past:
            assert proc.poll() is None and time.monotonic() < deadline, "the scan never got going"
            time.sleep(0.05)
        while jobs != "1" and len(_children(proc.pid)) < int(jobs):  # the pool's workers are all up
            assert proc.poll() is None and time.monotonic() < deadline, "no worker pool"
            time.sleep(0.05)
        assert proc.poll() is None, "the scan finished before it could be interrupted: make the corpus bigger"
        # to the whole group: what Ctrl-C in a terminal does, and what a job scheduler's kill may do
        os.killpg(proc.pid, sig)
        sent = time.monotonic()
        stdout, stderr = _ended(proc)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + sig, stderr
    assert took < 15, f"took {took:.1f}s to stop"  # (seconds of a loaded machine; at rest well under one)
    assert "Traceback" not in stderr + stdout and "KeyboardInterrupt" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("interrupted: stopped after reading ") and lines[0].endswith("; no outputs were written")
    read = int(lines[0].split("reading ")[1].split()[0])
    # some were read and not all: how many depends on where the workers were (on a loaded
    # machine a part can still be on its way when the readers are past it: 77 was seen)
    assert 0 < read < 25_000
    assert not out.exists()
    for _ in range(100):  # the workers went with it
        if not _group_alive(proc.pid):
            break
        time.sleep(0.05)
    assert not _group_alive(proc.pid), "worker processes outlived the interrupted scan"


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (its SigCgt mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) & (1 << (signal.SIGTERM - 1)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="watches the process through /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_starting_up_gives_no_traceback(big_corpus, tmp_path, sig):
    """Sent while the command imports its libraries, before typer and rich are there to help."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "citetrack", "scan", str(big_corpus), "-o", str(tmp_path / "out"), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 30
    while not _catches_sigterm(proc.pid):  # the entry point has started (signals before that are Python's)
        assert proc.poll() is None and time.monotonic() < deadline, "the command never started"
        time.sleep(0.005)
    os.killpg(proc.pid, sig)
    try:
        stdout, stderr = _ended(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr + stdout, stderr
    assert stderr == "interrupted: stopped while starting up; nothing was read or written\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="watches the process through /proc")
def test_a_worker_killed_by_the_system_fails_the_scan_instead_of_hanging(big_corpus, tmp_path):
    """What the out-of-memory killer does: SIGKILL to one worker. The scan must end, and say why."""
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "citetrack", "scan", str(big_corpus), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        deadline = time.monotonic() + 90
        while len(_children(proc.pid)) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, "no worker pool"
            time.sleep(0.05)
        os.kill(_children(proc.pid)[0], signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 2, stderr
    assert stderr.startswith("error: a worker process died (killed by the system, perhaps out of memory)"), stderr
    assert "Traceback" not in stderr
    assert not out.exists()


# -- a signal while the outputs are written -----------------------------------------------------

OUTPUT_NAMES = FILES
ROOT = Path(__file__).resolve().parent.parent
#: ``citetrack scan`` as the console script runs it, except that the page (the last output written)
#: waits before it is written: five outputs are done, and the run is interrupted there. The test
#: waits for the "writing" line, not for a time.
SLOW_PAGE = (
    "import sys, time, citetrack.outputs as report\n"
    "def slowly(write_page):\n"
    "    def slow(*args, **kwargs):\n"
    "        print('writing', flush=True)\n"
    "        time.sleep(60)\n"
    "        write_page(*args, **kwargs)\n"
    "    return slow\n"
    "report.render_html = slowly(report.render_html)\n"
    "report.write_stored_page = slowly(report.write_stored_page)  # what scan runs: the page from the store\n"
    "sys.argv = ['citetrack', *sys.argv[1:]]\n"
    "from citetrack.console import main\n"
    "main()\n"
)


def _outputs(folder: Path) -> dict[str, bytes | None]:
    return {n: (folder / n).read_bytes() if (folder / n).exists() else None for n in OUTPUT_NAMES}


def _user_files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` that is not an output or citetrack's own bookkeeping."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in OUTPUT_NAMES
            and not p.relative_to(folder).parts[0].startswith((".citetrack-run-", ".citetrack-current"))}


@pytest.mark.skipif(not POSIX, reason="signals to a child process")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_writing_outputs_leaves_the_last_complete_set(tmp_path, sig):
    """Issue 12: Ctrl-C or SIGTERM while the outputs were written left a new citations.jsonl beside
    an old graph.html. Now OUT keeps the first run's outputs, byte for byte, and a second run
    that completes replaces all six; the user's files, a subfolder and the --cache database stay."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": "f1", "text": ARTICLE}) + "\n", encoding="utf-8")
    second.write_text("".join(json.dumps({"id": f"s{i}", "text": "Officials told Reuters on Monday that talks had "
                                          "stalled.\n"}) + "\n" for i in range(3)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "keep.md").write_text("kept\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    args = ["-o", str(out), "-j", "1", "-q", "--cache"]

    done = invoke(["scan", str(first), *args])  # in process: only the interrupted run needs its own
    assert done.exit_code == 0, done.output
    before, users = _outputs(out), _user_files(out)
    assert None not in before.values() and set(users) >= {"notes.txt", "mine/keep.md", ".citetrack-cache.sqlite"}

    proc = subprocess.Popen([sys.executable, "-c", SLOW_PAGE, "scan", str(second), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout.readline().strip() == "writing", proc.stderr.read()
        os.killpg(proc.pid, sig)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + sig, stderr
    assert _outputs(out) == before
    assert stderr == f"interrupted: stopped while writing outputs to {out}: nothing changed\n"
    assert _user_files(out).keys() == users.keys()
    assert _user_files(out)["notes.txt"] == users["notes.txt"] and not _stray(out)

    done = invoke(["scan", str(second), *args])
    assert done.exit_code == 0, done.output
    fresh = invoke(["scan", str(second), "-o", str(tmp_path / "fresh"), "-j", "1", "-q"])
    assert fresh.exit_code == 0, fresh.output
    assert _outputs(out) == _outputs(tmp_path / "fresh") != before
    assert _user_files(out).keys() == users.keys() and not _stray(out)
    assert (out / "mine" / "keep.md").read_text(encoding="utf-8") == "kept\n"
