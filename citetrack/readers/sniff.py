"""Telling binary files from text before reading them, whatever their name says.

A PDF, an image or a zip archive renamed ``.txt`` is skipped with the format it really is, from
its first bytes (its "magic number"); other binary data is recognised by many NUL bytes or many
control characters, which text in any 8-bit or UTF-8 encoding does not have. A few NUL bytes among
thousands of text bytes (one in a CSV cell) do not make a file binary: they are read as spaces
(:func:`~citetrack.readers.source.replace_nuls`).
"""
from __future__ import annotations

from pathlib import Path

#: Bytes inspected at the start of a file.
SNIFF_BYTES = 8192
#: Leading bytes of common binary formats and their names, as shown in skip reasons.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh91AY&SY", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office file"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
#: Bytes that never occur in text (C0 controls other than tab, newlines, form feed and escape; DEL).
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20)) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_MAGICS = tuple(magic for magic, _ in SIGNATURES)
#: A head with more than this share of control bytes is binary.
MAX_CONTROL_SHARE = 0.05
#: A head with more than this share of NUL bytes is binary (unless it is UTF-16 or UTF-32).
MAX_NUL_SHARE = 0.01


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) is not text, or ``None`` when it may be text."""
    if head.startswith(_MAGICS):  # one test for the usual case, text; then which format
        for magic, name in SIGNATURES:
            if head.startswith(magic):
                return f"binary file ({name})"
    if many_nuls(head):
        return "binary file (NUL bytes)"
    # counted in C: the length of what deleting every control byte takes away
    if head and len(head) - len(head.translate(None, _CONTROL_BYTES)) > MAX_CONTROL_SHARE * len(head):
        return "binary file (control bytes)"
    return None


def many_nuls(head: bytes) -> bool:
    """More NUL bytes in ``head`` than text has (a stray one in a record is not enough)."""
    return b"\0" in head and head.count(0) > MAX_NUL_SHARE * len(head)


def sniff(path: Path) -> str | None:
    """:func:`binary_reason` of the first :data:`SNIFF_BYTES` of the file at ``path``."""
    with open(path, "rb") as f:
        return binary_reason(f.read(SNIFF_BYTES))
