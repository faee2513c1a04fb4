"""The output set is replaced whole: OUT holds one run's outputs or the last complete run's.

Writing the outputs one by one into OUT, each atomically, still left a mix when a run was
stopped half-way (a new ``citations.jsonl`` beside an old ``graph.html``). So a run writes its set
into a hidden run folder inside OUT (:func:`staged`; inside, so it is on the same filesystem and
needs no permission on OUT's parent), and only when all are complete moves them over the old
ones (:func:`swap_in`): one ``rename(2)`` per output, microseconds in all, with Ctrl-C and SIGTERM held
off until they are done. A signal during the writing leaves the old set untouched (the run folder
is removed); one during the swap is delivered after it, saying the new set is complete.

Why not links (the names as links through one pointer, swapped by one rename) or an exchange
of two whole folders (``renameat2``)? Links would make OUT's outputs symbolic links: a user who
moves ``outlets.csv`` out of OUT (``mv``, a file manager) would move a dangling link. Exchanging
folders would have to carry the user's files, subfolders and the ``--cache`` database across, and
change OUT's inode and permissions. Plain files moved in with signals held are what a user
expects; only a SIGKILL or a power cut inside those microseconds could leave a mix.

A run folder is locked (``flock``) while it is written, so that a second run into the same OUT does
not remove it; run folders left by a killed run are removed by the next one.
"""
from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Interrupted, OutputError

try:
    import fcntl
except ImportError:  # Windows: no locks, concurrent runs into one folder are not guarded
    fcntl = None

#: Run folders (one run's set being written) are OUT/.citetrack-run-<random>.
RUN_PREFIX = ".citetrack-run-"


@contextmanager
def staged(folder: Path | str, files: tuple[str, ...]) -> Iterator[Path]:
    """A new, empty run folder inside ``folder`` to write the output ``files`` into; swapped in as a
    whole (:func:`swap_in`) when the block completes, removed when it raises."""
    folder = Path(folder)
    for name in files:
        if (folder / name).is_dir():
            raise OutputError(f"cannot write {folder / name}: {os.strerror(errno.EISDIR)}")
    remove_leftovers(folder)
    stage, lock = _new_run(folder)
    try:
        try:
            yield stage
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        swap_in(folder, stage, files)
    finally:
        _unlock(lock)


def swap_in(folder: Path | str, stage: Path | str, files: tuple[str, ...]) -> dict[str, Path]:
    """Move the output ``files`` in ``stage`` (a run folder inside ``folder``) over ``folder``'s, with
    Ctrl-C and SIGTERM held off until all are moved; returns name -> path in ``folder``. An output
    ``stage`` lacks is removed from ``folder`` (never an older copy beside newer ones)."""
    folder, stage = Path(folder), Path(stage)
    try:
        with _signals_held():
            try:
                for name in files:
                    if (stage / name).exists():
                        os.replace(stage / name, folder / name)
                    elif os.path.lexists(folder / name):
                        os.unlink(folder / name)
            except OSError as exc:
                raise OutputError(f"cannot write {exc.filename or folder}: {exc.strerror or exc}") from None
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except KeyboardInterrupt:  # held off until the swap was done
        raise Interrupted(f"stopped just after replacing the outputs in {folder}: they are this run's, "
                          "complete") from None
    return {name: folder / name for name in files}


def remove_leftovers(folder: Path | str) -> None:
    """Remove the run folders in ``folder`` that no run is writing (what a killed run leaves).
    Never raises."""
    folder = Path(folder)
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(RUN_PREFIX) and e.is_dir()]
    except OSError:
        return
    for name in names:
        try:
            lock = _lock(folder / name)
        except BlockingIOError:
            continue  # another run is writing it
        try:
            shutil.rmtree(folder / name, ignore_errors=True)
        finally:
            _unlock(lock)


def _new_run(folder: Path) -> tuple[Path, int | None]:
    """A new, empty run folder in ``folder`` and its lock."""
    while True:
        path = folder / f"{RUN_PREFIX}{secrets.token_hex(4)}"
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
        try:
            lock = _lock(path)
        except BlockingIOError:  # another run's clean-up got it first and is removing it
            continue
        if lock is None or _same_folder(lock, path):
            return path, lock
        _unlock(lock)  # removed between the mkdir and the lock: make another


def _same_folder(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _lock(path: Path) -> int | None:
    """An exclusive lock on the folder ``path`` (its open descriptor), None where locks are not
    available; :class:`BlockingIOError` when another process holds it."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    except OSError:  # a filesystem without locks
        os.close(fd)
        return None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then go to their handlers as usual.

    Only Python-level handlers are held (the default SIGTERM kills the process, as SIGKILL
    would), and only in the main thread, where they run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if callable(handler):
            saved[sig] = handler
            signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        if caught:  # raises KeyboardInterrupt, in place of any error the block raised
            saved[caught[0]](caught[0], None)
