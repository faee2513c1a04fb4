"""The ``citetrack`` command's entry point: signals are handled from its first moment.

Ctrl-C (SIGINT) and SIGTERM (``kill``, a job scheduler's time limit) both stop a scan the same
way: the worker processes are stopped, no half-written output is left, one line says what was
done, and the exit code is 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). This
holds while the command is still starting up (importing its libraries) too.
"""
from __future__ import annotations

import os
import signal
import sys

from .exits import exit_code, stop


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: stopped while starting up; nothing was read or written\n")
        sys.stderr.flush()
        # not SystemExit: a Ctrl-C that lands inside an import can leave the interpreter marking it
        # unhandled, and it then kills itself with SIGINT on the way out (exit status -2, not 130)
        os._exit(exit_code())  # nothing was started that would need cleaning up
    cli_main()
