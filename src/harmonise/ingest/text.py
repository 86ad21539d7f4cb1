"""Plain-text ingest: bytes -> :class:`SourceDocument`.

UTF-8 (with or without BOM) is tried first, then cp1252, then latin-1; the encoding used is
recorded. CRLF and lone CR become LF one for one, so line numbers survive. Input that is
missing, empty, binary, undecodable or too large raises a coded :class:`HarmoniseError`.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from harmonise.errors import HarmoniseError
from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings

#: Control bytes that plain text may contain: tab, LF, CR, form feed (page breaks).
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
_C1 = "".join(chr(c) for c in range(0x80, 0xA0))
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_text(path: Path, settings: Settings | None = None) -> SourceDocument:
    """Read a plain-text statute from ``path``."""
    settings = settings or Settings()
    return decode_bytes(read_file_bytes(Path(path), settings), Path(path).name, settings)


def read_file_bytes(path: Path, settings: Settings) -> bytes:
    """The bytes of a regular file within the size limit, or a coded error saying why not."""
    if not path.exists():
        raise HarmoniseError("H101", f"{path}: no such file")
    if not path.is_file():
        raise HarmoniseError("H106", f"{path}: not a regular file")
    size = path.stat().st_size
    if size > settings.max_input_bytes:
        raise HarmoniseError("H105", _too_large(str(path), size, settings))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise HarmoniseError("H106", f"{path}: cannot be read ({exc.strerror})") from exc


def decode_bytes(data: bytes, name: str, settings: Settings | None = None) -> SourceDocument:
    """Decode raw bytes into a :class:`SourceDocument` called ``name``."""
    settings = settings or Settings()
    if len(data) > settings.max_input_bytes:
        raise HarmoniseError("H105", _too_large(name, len(data), settings))
    if not data.strip():
        what = "is empty" if not data else "contains only whitespace"
        raise HarmoniseError("H102", f"{name}: the file {what}")
    if data.startswith(_UTF16_BOMS):
        text, encoding = _decode_utf16(data, name)
    else:
        _check_binary(data, name, settings)
        text, encoding = _decode_8bit(data)
    if encoding == "latin-1":
        _check_c1(text, name, settings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise HarmoniseError("H102", f"{name}: the file contains only whitespace")
    return SourceDocument(
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding=encoding,
    )


def _too_large(name: str, size: int, settings: Settings) -> str:
    return (
        f"{name}: {size:,} bytes is more than the limit of "
        f"{settings.max_input_bytes:,} bytes (max_input_bytes)"
    )


def _check_binary(data: bytes, name: str, settings: Settings) -> None:
    nul = data.find(b"\x00")
    if nul != -1:
        raise HarmoniseError("H103", f"{name}: contains a NUL byte at offset {nul}")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    ratio = controls / len(data)
    if ratio > settings.binary_control_ratio:
        raise HarmoniseError(
            "H103",
            f"{name}: {ratio:.1%} of its bytes are control characters "
            f"(text has at most {settings.binary_control_ratio:.1%}, binary_control_ratio)",
        )


def _check_c1(text: str, name: str, settings: Settings) -> None:
    controls = sum(text.count(c) for c in _C1 if c in text)
    if controls / len(text) > settings.binary_control_ratio:
        raise HarmoniseError(
            "H104",
            f"{name}: not UTF-8 or cp1252, and as latin-1 {controls} characters are control codes",
        )


def _decode_8bit(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _decode_utf16(data: bytes, name: str) -> tuple[str, str]:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise HarmoniseError(
            "H104", f"{name}: starts with a UTF-16 byte-order mark but byte {exc.start} is invalid"
        ) from exc
    if "\x00" in text:
        raise HarmoniseError("H103", f"{name}: contains a NUL character after UTF-16 decoding")
    return text.lstrip("\ufeff"), "utf-16"
