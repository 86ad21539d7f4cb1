"""Plain-text ingest: encodings, line ends, and the coded errors for bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from harmonise.errors import HarmoniseError
from harmonise.ingest.text import decode_bytes, read_text
from harmonise.settings import Settings


def test_utf8_with_bom_is_decoded_without_the_bom() -> None:
    doc = decode_bytes(codecs.BOM_UTF8 + "1. “Data” means…\n".encode(), "a.txt")
    assert doc.text == "1. “Data” means…\n"
    assert doc.encoding == "utf-8-sig"
    assert doc.name == "a.txt"


def test_plain_utf8() -> None:
    doc = decode_bytes("Section 4 — offences\n".encode(), "a.txt")
    assert doc.encoding == "utf-8"
    assert doc.text == "Section 4 — offences\n"


def test_crlf_and_cr_become_lf_and_line_numbers_survive() -> None:
    doc = decode_bytes(b"one\r\ntwo\rthree\nfour", "a.txt")
    assert doc.text == "one\ntwo\nthree\nfour"
    assert doc.line_of(doc.text.index("three")) == 3
    assert doc.line_of(doc.text.index("four")) == 4


def test_cp1252_fallback_is_recorded() -> None:
    doc = decode_bytes("“quoted” – text".encode("cp1252"), "a.txt")
    assert doc.encoding == "cp1252"
    assert doc.text == "“quoted” – text"


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    data = "caf\xe9 ".encode("latin-1") * 50 + b"\x81"  # 0x81 is undefined in cp1252
    doc = decode_bytes(data, "a.txt")
    assert doc.encoding == "latin-1"
    assert doc.text.startswith("café")


def test_utf16_with_bom() -> None:
    doc = decode_bytes("PART I\n1. Short title.\n".encode("utf-16"), "a.txt")
    assert doc.encoding == "utf-16"
    assert doc.text == "PART I\n1. Short title.\n"


def test_sha256_is_of_the_raw_bytes() -> None:
    import hashlib

    data = b"1. Text.\r\n"
    assert decode_bytes(data, "a.txt").sha256 == hashlib.sha256(data).hexdigest()


def test_form_feed_is_text_not_binary() -> None:
    doc = decode_bytes(b"page one\n\x0cpage two\n", "a.txt")
    assert "\x0c" in doc.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "a.txt: the file is empty"),
        (b" \n\t\r\n", "a.txt: the file contains only whitespace"),
    ],
)
def test_empty_input(data: bytes, message: str) -> None:
    with pytest.raises(HarmoniseError) as err:
        decode_bytes(data, "a.txt")
    assert err.value.code == "H102"
    assert err.value.message == message


def test_nul_byte_is_binary() -> None:
    with pytest.raises(HarmoniseError) as err:
        decode_bytes(b"%PDF-1.4\n\x00\x01binary", "law.pdf")
    assert err.value.code == "H103"
    assert err.value.message == "law.pdf: contains a NUL byte at offset 9"


def test_many_control_characters_are_binary() -> None:
    data = b"text " * 20 + bytes(range(1, 9)) * 3
    with pytest.raises(HarmoniseError) as err:
        decode_bytes(data, "x.bin")
    assert err.value.code == "H103"
    assert "control characters" in err.value.message
    assert "binary_control_ratio" in err.value.message


def test_control_ratio_threshold_comes_from_settings() -> None:
    data = b"text " * 20 + b"\x01"
    with pytest.raises(HarmoniseError):
        decode_bytes(data, "x.txt", Settings(binary_control_ratio=0.001))
    assert decode_bytes(data, "x.txt", Settings(binary_control_ratio=0.5)).text.startswith("text")


def test_undecodable_utf16() -> None:
    with pytest.raises(HarmoniseError) as err:
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "a.txt")
    assert err.value.code == "H104"


def test_too_large_bytes() -> None:
    with pytest.raises(HarmoniseError) as err:
        decode_bytes(b"x" * 101, "big.txt", Settings(max_input_bytes=100))
    assert err.value.code == "H105"
    assert err.value.message == (
        "big.txt: 101 bytes is more than the limit of 100 bytes (max_input_bytes)"
    )


def test_read_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HarmoniseError) as err:
        read_text(tmp_path / "nope.txt")
    assert err.value.code == "H101"
    assert err.value.message == f"{tmp_path / 'nope.txt'}: no such file"


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(HarmoniseError) as err:
        read_text(tmp_path)
    assert err.value.code == "H106"


def test_read_text_too_large_checks_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 200)
    with pytest.raises(HarmoniseError) as err:
        read_text(path, Settings(max_input_bytes=100))
    assert err.value.code == "H105"
    assert str(path) in err.value.message


def test_read_text_names_the_document_by_file_name(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes(b"1. Short title.\n")
    doc = read_text(path)
    assert doc.name == "law.txt"
    assert doc.format == "text"
