"""Kill a piece of code after its Nth file-system change, as SIGKILL would: no clean-up runs.

The code runs in a forked child in which every call that changes the file system (mkdir, rename,
replace, symlink, link, unlink, rmdir; shutil and tempfile go through them too) is counted; right
after the Nth returns, the child ends with ``os._exit``, so no ``finally`` or ``except`` of the
code under test gets to tidy up. What the child leaves on disk is what a kill at that instant
would leave.
"""
from __future__ import annotations

import os
from collections.abc import Callable

CHANGES = ("mkdir", "rename", "replace", "symlink", "link", "unlink", "rmdir")
DIED, FINISHED = 9, 0


def killed_after(step: int, action: Callable[[], object]) -> int:
    """Run ``action`` in a child killed right after its ``step``-th change: :data:`DIED`, or
    :data:`FINISHED` when it had fewer changes than that."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            done = 0

            def dying(call):
                def wrapper(*args, **kwargs):
                    nonlocal done
                    value = call(*args, **kwargs)
                    done += 1
                    if done == step:
                        os._exit(DIED)
                    return value
                return wrapper

            for name in CHANGES:
                setattr(os, name, dying(getattr(os, name)))
            action()
            os._exit(FINISHED)
        finally:
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
