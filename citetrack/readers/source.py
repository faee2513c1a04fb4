"""Opening files: gzip by magic bytes, text encodings detected rather than assumed.

- :func:`open_binary` opens a file, decompressing it on the fly when it is gzip (``1f 8b``), so
  every reader accepts ``name.ext.gz`` as well as ``name.ext``.
- :func:`sniff_encoding` decides how to decode a file from its first bytes: a byte-order mark
  (UTF-8, UTF-16, UTF-32), strict UTF-8, UTF-16 without BOM (NUL bytes in every other position),
  else charset-normalizer's best guess; ``None`` means binary (many NUL bytes: no text encoding fits).
- :func:`decode` turns a whole file's bytes into the text offsets index: BOM removed, undecodable
  bytes replaced with U+FFFD, line ends normalised to ``\\n`` (as Python's universal newlines) and
  NUL characters replaced with spaces (:func:`replace_nuls`).
- :func:`open_text` streams a file as text in the sniffed encoding (for CSV and JSON Lines).
"""
from __future__ import annotations

import codecs
import gzip
import io
import os
import re
from pathlib import Path
from typing import IO

from ..models import Skipped
from .limits import unpacked_too_large
from .sniff import binary_reason, many_nuls

#: Bytes inspected to choose an encoding (and to tell binary files from text).
SNIFF_BYTES = 65536
GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
#: Code pages preferred when charset-normalizer's guesses tie, most likely first.
_PREFERRED = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp1258")


class BinaryFile(ValueError):
    """The file is not text in any encoding (a reader turns this into a skip reason)."""


class TooLarge(ValueError):
    """More bytes than the size limit (after decompression): the message is the skip reason."""


def read_bounded(f: IO[bytes], max_bytes: int) -> bytes:
    """All of ``f`` (0 = no limit), or :class:`TooLarge` as soon as it holds more than ``max_bytes``:
    a compressed file is never unpacked past the limit (a 2 MB gzip bomb of 1 GB stops at it)."""
    if max_bytes <= 0:
        return f.read()
    # read(n) allocates n bytes up front: a few KB at a time, so a small file costs a small buffer
    want = min(max_bytes + 1, _FIRST_READ)
    first = f.read(want)
    if len(first) < want:  # the whole file, within the limit
        return first
    return _read_on(f.read, first, max_bytes)


def _read_on(read, first: bytes, max_bytes: int) -> bytes:
    """``first`` and what ``read(n)`` gives after it, to the end (0 = no limit), or :class:`TooLarge`
    as soon as that holds more than ``max_bytes``."""
    chunks, total = [first], len(first)
    while (max_bytes <= 0 or total <= max_bytes) and (
            chunk := read(_CHUNK if max_bytes <= 0 else min(_CHUNK, max_bytes + 1 - total))):
        chunks.append(chunk)
        total += len(chunk)
    if max_bytes > 0 and total > max_bytes:
        raise TooLarge(unpacked_too_large(max_bytes))
    return first if len(chunks) == 1 else b"".join(chunks)


_FIRST_READ = 1 << 16
_CHUNK = 1 << 20


def open_raw(path: Path) -> IO[bytes]:
    """``path`` opened for reading bytes as they are: a local path, or a file at a URL
    (:class:`~citetrack.readers.urls.UrlPath`, which opens itself through fsspec)."""
    opener = getattr(path, "open_raw", None)
    return opener() if opener is not None else open(path, "rb")


#: The most deflate unpacks one byte to: a gzip file of n bytes holds at most n * 1032 (+ a header).
GZIP_MAX_RATIO = 1032


def gzip_ceiling(size: int) -> int:
    """The most a gzip file of ``size`` bytes can unpack to (deflate's 1032:1, plus a header's worth)."""
    return size * GZIP_MAX_RATIO + 1024


def gzip_size(path: Path) -> int | None:
    """What a gzip file says it unpacks to (its last member's size field, modulo 4 GB): a cheap first
    check against bombs, which the bounded read backs up (the field can lie); ``None`` if not gzip."""
    try:
        with open_raw(path) as f:
            if f.read(2) != GZIP_MAGIC:
                return None
            end = f.seek(-4, io.SEEK_END) + 4
            size = int.from_bytes(f.read(4), "little")
    except (OSError, ValueError):
        return None
    # deflate packs at most 1032:1; a larger figure is no size field (a truncated file ends mid-stream)
    return size if size <= gzip_ceiling(end) else None


def is_gzip(path: Path) -> bool:
    with open_raw(path) as f:
        return f.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """``path`` opened for reading bytes, transparently gunzipped when it is gzip-compressed."""
    raw = open_raw(path)
    try:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    if not compressed:
        return raw
    unzipped = gzip.GzipFile(fileobj=raw, mode="rb")
    unzipped.myfileobj = raw  # closed with it, as gzip.open(path) does
    return unzipped


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit in every other position (ASCII-range UTF-16)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if share_odd > 0.3 and share_even < 0.05:
        return "utf-16-le"
    if share_even > 0.3 and share_odd < 0.05:
        return "utf-16-be"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(head: bytes) -> bool:
    """Valid UTF-8 multi-byte characters outnumber the bytes that are not valid UTF-8."""
    valid = len(_UTF8_MULTIBYTE.findall(head))
    invalid = head.decode("utf-8", errors="replace").count("\ufffd") - head.decode("utf-8", errors="ignore").count("\ufffd")
    return valid > 0 and invalid <= valid


def sniff_encoding(head: bytes) -> str | None:
    """The encoding to decode a file that starts with ``head``; ``None`` when it is binary."""
    if head.startswith(_BOM_PREFIXES):
        for bom, name in _BOMS:
            if head.startswith(bom):
                return name
    if b"\0" in head and ((utf16 := _utf16_without_bom(head)) or many_nuls(head)):
        return utf16  # None: binary
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a cut last char is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(head):
        return "utf-8"  # UTF-8 text with a few stray bytes: they become U+FFFD
    return _detect_legacy(head)


def _detect_legacy(head: bytes) -> str:
    """A single-byte code page for ``head``, by charset-normalizer.

    On short samples several code pages tie (no "chaos" in any); among the tied guesses the
    Windows code pages win, cp1252 first, since that is what saved Western text nearly always is
    (Latin-1 files decode the same way for every printable character).
    """
    from charset_normalizer import from_bytes  # here: most files are UTF-8 and never need it

    matches = list(from_bytes(head))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    for preferred in _PREFERRED:
        if any(preferred in m.could_be_from_charset for m in tied):
            return preferred
    return tied[0].encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(data: bytes) -> str:
    """The text of a whole file (see the module docstring); raises :class:`BinaryFile`."""
    return decode_counted(data)[0]


def decode_counted(data: bytes) -> tuple[str, bool]:
    """:func:`decode`, and whether the text held NUL characters (replaced: see :func:`replace_nuls`)."""
    head = data[:SNIFF_BYTES]
    text = None
    if b"\0" not in head and not head.startswith(_BOM_PREFIXES):
        # most files: UTF-8 throughout, which is what sniff_encoding says of a head that begins
        # such a file (no byte-order mark, no NUL, a valid start of UTF-8), decoded once, not twice
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    encoding = "utf-8" if text is not None else sniff_encoding(head)
    check_text(head, encoding)
    if text is None:
        text = data.decode(encoding, errors="replace")
    text = normalise_newlines(text)
    return replace_nuls(text), "\0" in text


def replace_nuls(text: str) -> str:
    """``text`` with each NUL character as a space: one character for one, so offsets index both the
    text as extracted and the file's characters ("Reuters\\0 said" still cites Reuters).

    Every NUL that citetrack replaces goes through here: a text read whole (:func:`decode`, for
    ``.txt``, ``.md``, ``.json`` and pages without a declared charset) once per file, and each CSV
    line that has one (:class:`~citetrack.readers.csvrows.Rows`, which marks the row in its ``nul``).
    """
    return text.replace("\0", " ") if "\0" in text else text


def check_text(head: bytes, encoding: str | None) -> None:
    """Raise :class:`BinaryFile` naming what the file is (a PDF, an image ...) when it is not text."""
    if encoding is None or not encoding.startswith(("utf-16", "utf-32")):
        reason = binary_reason(head)
        if reason:
            raise BinaryFile(reason)
    if encoding is None:
        raise BinaryFile("binary file (NUL bytes)")


def text_or_skip(path: Path, display: str, max_bytes: int = 0) -> tuple[str, bool] | Skipped:
    """The decoded text of a whole file and whether it held NULs, or why it is skipped (binary,
    empty, or over ``max_bytes`` once decompressed)."""
    try:
        text, nuls = read_decoded(path, max_bytes)
    except (BinaryFile, TooLarge) as exc:
        return Skipped(display, str(exc))
    return (text, nuls) if text and not text.isspace() else Skipped(display, "empty file")


def read_decoded(path: Path, max_bytes: int = 0) -> tuple[str, bool]:
    """The decoded text of a (possibly gzipped) file and whether it held NULs; :class:`TooLarge`
    past ``max_bytes`` (0 = no limit)."""
    if getattr(path, "open_raw", None) is None:  # a local file
        data = _read_local(path, max_bytes)
        if data is not None:
            return decode_counted(data)
    with open_binary(path) as f:
        return decode_counted(read_bounded(f, max_bytes))


def _read_local(path: Path, max_bytes: int) -> bytes | None:
    """What :func:`read_bounded` reads of a local file that is not gzipped (None for one that is:
    :func:`open_binary` unpacks it), read with the system's own calls: no file object, no seek back
    after a look at the first bytes (a small file takes an open, two reads and a close)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        first = os.read(fd, min(max_bytes + 1, _FIRST_READ) if max_bytes > 0 else _FIRST_READ)
        if first[:2] == GZIP_MAGIC:
            return None
        return _read_on(lambda n: os.read(fd, n), first, max_bytes)
    finally:
        os.close(fd)


def open_sniffed(path: Path) -> tuple[IO[bytes], str]:
    """``(stream, encoding)``: the file's bytes from its start (gunzipped) and the encoding sniffed
    from its head. Raises :class:`BinaryFile` when no text encoding fits."""
    raw = open_binary(path)
    try:
        head = raw.read(SNIFF_BYTES)
        encoding = sniff_encoding(head)
        check_text(head, encoding)
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    return raw, encoding


def open_text(path: Path, newline: str | None = None) -> tuple[IO[str], str]:
    """``(stream, encoding)``: the file as a text stream in its sniffed encoding.

    Raises :class:`BinaryFile` when no text encoding fits. ``newline`` as for :func:`open`
    (``""`` for the csv module).
    """
    raw, encoding = open_sniffed(path)
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=newline), encoding
