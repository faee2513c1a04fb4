"""The output set is replaced whole: OUT holds one run's six outputs or the last complete run's.

Writing the six outputs one by one, each atomically, still left a mix when a run was stopped
half-way (a new ``citations.jsonl`` beside an old ``graph.html``). A folder's entries cannot be
renamed together, so the six names in OUT are fixed relative links through one pointer::

    OUT/graph.html          -> .citetrack-current/graph.html      (and the other five the same)
    OUT/.citetrack-current  -> .citetrack-run-1a2b3c4d            (the pointer)
    OUT/.citetrack-run-1a2b3c4d/graph.html, citations.jsonl, ...  (one run's complete set)

A run writes its set into a new hidden run folder inside OUT (:func:`staged`), then
:func:`swap_in` makes a new pointer link and renames it over the old one: one ``rename(2)``,
atomic on every POSIX system, so all six names change from the old set to the new one at the same
instant, and at no instant does OUT show a mix. The old run folder is removed after.

Why not build a whole new OUT beside it and exchange the two folders (``renameat2`` with
``RENAME_EXCHANGE``)? Everything in OUT that is not an output (the user's files and subfolders, the
``--cache`` database, the ``.citetrack-output`` marker, whatever comes later) would have to be
moved across; a folder can be in only one of the two at a time, so for a moment it would be
missing from OUT, and a SIGKILL then would strand it in a hidden folder that the next run is
meant to delete. OUT's inode, permissions and owner would change too (a shell inside it, a Docker
volume mounted on it, a symlinked OUT), and only Linux has the call. Here nothing but the six
names, the pointer and the run folders is ever touched, OUT may be a link or a mount point, and
the run folder is inside OUT rather than beside it, so it is on the same filesystem and needs no
permission on OUT's parent.

Every step leaves a consistent state, so a SIGKILL anywhere leaves the old or the new set plus at
most a hidden run folder, which the next run removes:

- an OUT written before this scheme (six plain files, some missing, one a user replaced) is first
  converted, before the new run folder is made: the files it shows are hard-linked (copied where
  that is not possible) into a run folder, the pointer is set to it and each plain file is
  replaced by its link; every step shows the same old files;
- the new set is written into a new run folder; nothing in OUT changes until the pointer is
  renamed, except that a missing output gets its link (which shows nothing until the swap);
- the swap: one rename of the pointer;
- clean-up: run folders that are neither the pointer's target nor being written are removed.

Ctrl-C and SIGTERM are held off during the swap and clean-up (a few system calls), so they cannot
make the run report "nothing changed" after it changed everything; one that arrives then is
delivered after, as :class:`~citetrack.errors.Interrupted` saying the new outputs are complete.
An exception while writing removes the run folder (:func:`staged`). A run folder being written is
locked (``flock``), so a second run writing into the same OUT at the same time does not remove it.

Where links cannot be made (Windows without the privilege, FAT and some network filesystems) the
six files are moved into OUT one after another instead, with Ctrl-C and SIGTERM held off: only a
crash, a SIGKILL or a failing rename in the microseconds between those renames can then leave a
mix.
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

#: The outputs, in the order they are written (the page last: it is the slowest).
OUTPUTS = ("citations.jsonl", "outlets.csv", "articles.csv", "graph.graphml", "graph.gexf", "graph.html")
#: The pointer: a link in OUT to the run folder holding the current set.
CURRENT = ".citetrack-current"
#: Run folders (one run's set, or one being written) are OUT/.citetrack-run-<random>.
RUN_PREFIX = ".citetrack-run-"


@contextmanager
def staged(folder: Path | str) -> Iterator[Path]:
    """A new, empty run folder inside ``folder`` to write the outputs into; swapped in as a whole
    (:func:`swap_in`) when the block completes, removed when it raises.

    An OUT written before this scheme is put behind the pointer first (showing the same files),
    so that a run killed at any point leaves at most one run folder behind."""
    folder = Path(folder)
    _convert(folder)
    stage, lock = _new_run(folder)
    try:
        try:
            yield stage
        except BaseException:
            with _signals_held():
                shutil.rmtree(stage, ignore_errors=True)
            raise
        swap_in(folder, stage)
    finally:
        _unlock(lock)


def swap_in(folder: Path | str, stage: Path | str) -> dict[str, Path]:
    """Make the outputs in ``stage`` (a run folder inside ``folder``) ``folder``'s outputs, all at
    once; returns name -> path in ``folder``.

    Raises :class:`OutputError` when that cannot be done: the old outputs are then unchanged and
    ``stage`` is removed. An output ``stage`` lacks is missing after the swap, not an older copy.
    """
    folder, stage = Path(folder), Path(stage)
    if not stage.parent.samefile(folder):
        raise ValueError(f"{stage} is not a run folder inside {folder}")
    swapped = False
    try:
        _convert(folder)
        with _signals_held():
            try:
                if _links_work(stage):
                    for name in OUTPUTS:
                        if not os.path.lexists(folder / name):  # shows nothing until the pointer is set
                            _relink(folder / name, os.path.join(CURRENT, name), stage)
                    _relink(folder / CURRENT, stage.name, stage)  # the swap
                else:
                    _move_one_by_one(folder, stage)
            except OSError as exc:
                raise _output_error(exc, folder) from None
            swapped = True
            remove_leftovers(folder)
    except BaseException as exc:
        if not swapped:
            shutil.rmtree(stage, ignore_errors=True)
        elif isinstance(exc, KeyboardInterrupt):  # held off until the swap was done
            raise Interrupted(f"stopped just after replacing the outputs in {folder}: they are this run's, "
                              "complete") from None
        raise
    return {name: folder / name for name in OUTPUTS}


def remove_leftovers(folder: Path | str) -> None:
    """Remove the run folders in ``folder`` that hold neither its current outputs nor a set being
    written (what a killed run leaves). Never raises."""
    folder = Path(folder)
    try:
        entries = [e.name for e in os.scandir(folder) if e.name.startswith(RUN_PREFIX)]
    except OSError:
        return
    for name in entries:
        try:
            lock = _lock(folder / name)
        except BlockingIOError:
            continue  # another run is writing it
        try:
            # read after taking the lock: only a run holding a folder's lock points at it
            if name != _current(folder):
                shutil.rmtree(folder / name, ignore_errors=True)
        finally:
            _unlock(lock)


def _convert(folder: Path) -> None:
    """Put the outputs of an OUT written before this scheme (plain files), or of one a user
    edited, behind the pointer, each name showing the same file throughout; a no-op when every
    name is already our link. :class:`OutputError` when one of the names is a folder."""
    for name in OUTPUTS:
        if (folder / name).is_dir():
            raise OutputError(f"cannot write {folder / name}: {os.strerror(errno.EISDIR)}")
    plain = [n for n in OUTPUTS if os.path.lexists(folder / n) and not _ours(folder, n)]
    if not plain:
        return
    with _signals_held():
        old, lock = _new_run(folder)  # the set shown now, as links to the same files
        live = False
        try:
            if not _links_work(old):
                return  # _move_one_by_one will do
            for name in OUTPUTS:
                if (folder / name).exists():
                    _link_or_copy(folder / name, old / name)
            _relink(folder / CURRENT, old.name, old)
            live = True
            for name in plain:
                _relink(folder / name, os.path.join(CURRENT, name), old)
            remove_leftovers(folder)  # the run folder the pointer named before, if any
        except OSError as exc:
            raise _output_error(exc, folder) from None
        finally:
            if not live:
                shutil.rmtree(old, ignore_errors=True)
            _unlock(lock)


def _output_error(exc: OSError, folder: Path) -> OutputError:
    return OutputError(f"cannot write {exc.filename or folder}: {exc.strerror or exc}")


def _move_one_by_one(folder: Path, stage: Path) -> None:
    """Without links: move the six files over the old ones (quickly, but not all at one instant)."""
    for name in OUTPUTS:
        if (stage / name).exists():
            os.replace(stage / name, folder / name)
        elif os.path.lexists(folder / name):
            os.unlink(folder / name)
    if os.path.lexists(folder / CURRENT):  # a set from when links worked: its run folder is a leftover now
        os.unlink(folder / CURRENT)
    shutil.rmtree(stage, ignore_errors=True)


def _ours(folder: Path, name: str) -> bool:
    try:
        return os.readlink(folder / name) == os.path.join(CURRENT, name)
    except OSError:
        return False


def _current(folder: Path) -> str | None:
    try:
        return os.path.basename(os.readlink(folder / CURRENT))
    except OSError:
        return None


def _relink(path: Path, target: str, stage: Path) -> None:
    """Point the link ``path`` at ``target``, replacing whatever is there in one rename; the new
    link is made inside ``stage`` (removed with it if the process dies before the rename)."""
    tmp = stage / f".link-{secrets.token_hex(4)}"
    os.symlink(target, tmp, target_is_directory=path.name == CURRENT)
    try:
        os.replace(tmp, path)
    except OSError as exc:  # e.g. a folder of the user's named graph.html: name it, not the link
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _links_work(stage: Path) -> bool:
    probe = stage / ".link-probe"
    try:
        os.symlink(CURRENT, probe)
    except (OSError, NotImplementedError):
        return False
    os.unlink(probe)
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` becomes the file a reader of ``source`` sees now (os.link itself does not follow
    a link on Linux: it would copy our relative link, which means something else in ``target``)."""
    source = Path(os.path.realpath(source))
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
            raise
        shutil.copy2(source, target)


def _new_run(folder: Path) -> tuple[Path, int | None]:
    """A new, empty run folder in ``folder`` (the permissions a plain ``mkdir`` gives) and its lock."""
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
    would, which every step is safe against), and only in the main thread, where they run."""
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
