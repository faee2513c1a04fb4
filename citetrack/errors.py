"""Errors citetrack raises for problems the user can fix (bad paths, bad data files).

The CLI turns any :class:`CitetrackError` into a one-line message and exit code 2; everything
else is a bug and keeps its traceback.
"""
from __future__ import annotations


class CitetrackError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""


class GazetteerError(CitetrackError):
    """An outlet file (package data or ``--outlets FILE``) is malformed."""


class RuleError(CitetrackError):
    """The cue lexicon or a rule record is malformed."""


class InputError(CitetrackError):
    """A path given to scan does not exist or cannot be read."""


class OutputError(CitetrackError):
    """The output folder cannot be created or written."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM stopped a scan or the writing of outputs; the message says what
    was done.

    A :class:`KeyboardInterrupt`, so code that does not look for it still stops; the CLI prints
    the message and exits with code 128 + the signal (130 for Ctrl-C, 143 for SIGTERM).
    """


def internal_error(exc: Exception) -> str:
    """The skip reason for an unexpected error (a bug in citetrack or a library it uses) that cost
    one file or article, not the scan: what it was, and how to report it."""
    return (f"internal error ({type(exc).__name__}: {exc}); please report it with this file "
            "(CITETRACK_DEBUG=1 shows the traceback)")
