"""Exit codes, and the signal that stopped the command (what its exit code is then).

- 0: done; 1: ``--strict`` and something was skipped; 2: a user error (one ``error:`` line);
- 128 + the signal's number when stopped by one: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
"""
from __future__ import annotations

import signal

EXIT_SKIPPED, EXIT_USER_ERROR, EXIT_INTERRUPTED = 1, 2, 130

_received: list[int] = []


def stop(signum: int, frame: object) -> None:
    """The handler for SIGTERM: stop as Ctrl-C does, remembering which signal it was."""
    _received.append(signum)
    raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")


def exit_code() -> int:
    """128 + the number of the signal that stopped the command (SIGINT when none was seen here)."""
    return 128 + (_received[-1] if _received else signal.SIGINT)
