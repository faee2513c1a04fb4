"""The ``citetrack`` command's entry point: signals are handled from its first moment.

Ctrl-C (SIGINT) and SIGTERM (``kill``, a job scheduler's time limit) both stop a scan the same
way: the worker processes are stopped, no half-written output is left, one line says what was
done, and the exit code is 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). This
holds while the command is still starting up (importing its libraries) too.
"""
from __future__ import annotations

import signal
import sys

_received: list[int] = []


def _stop(signum: int, frame: object) -> None:
    _received.append(signum)
    raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")


def exit_code() -> int:
    """128 + the number of the signal that stopped the command (SIGINT when none was seen here)."""
    return 128 + (_received[-1] if _received else signal.SIGINT)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: stopped while starting up; nothing was read or written\n")
        raise SystemExit(exit_code()) from None
    cli_main()
