"""Format detection by content (never by name), the name check, the size limit, and the one
dispatcher every caller uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import HarmoniseError
from harmonise.ingest import read_bytes, read_document
from harmonise.ingest.detect import check_name, sniff
from harmonise.settings import Settings
from tests.fixtures.ingest.make_fixtures import statute_docx, statute_pdf

AKN = (
    b'<?xml version="1.0"?>\n<!-- exported -->\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/></akomaNtoso>'
)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"  <html lang='en'><p>x</p></html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "html"),
        (AKN, "akn"),
        (b'<an:akomaNtoso xmlns:an="urn:x"><an:act/></an:akomaNtoso>', "akn"),
        (b"1. Short title.\n2. Interpretation.\n", "text"),
        (b"<2> is a number in angle brackets", "text"),
    ],
)
def test_sniff_by_content(data: bytes, fmt: str) -> None:
    assert sniff(data, "x") == fmt


def test_sniff_docx_needs_word_document_xml() -> None:
    assert sniff(statute_docx(), "x") == "docx"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "a legacy Word/Office (.doc, OLE2) file",
        ),
        (b"{\\rtf1\\ansi text}", "an RTF file"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "a PNG image"),
    ],
)
def test_unsupported_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(data, "act.bin")
    assert err.value.code == "H107"
    assert err.value.message == f"act.bin: this is {what}, which harmonise cannot read"


def test_xml_that_is_not_akoma_ntoso_is_unsupported() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(b'<?xml version="1.0"?><legislation><s>1</s></legislation>', "act.xml")
    assert err.value.code == "H107"
    assert err.value.message == (
        "act.xml: an XML document with root element <legislation>, not Akoma Ntoso "
        "(<akomaNtoso>) or XHTML"
    )


@pytest.mark.parametrize(
    ("name", "data", "claimed", "actual"),
    [
        ("act.pdf", b"<!doctype html><html><body>404 Not Found</body></html>", "PDF", "HTML"),
        ("act.docx", b"%PDF-1.4\n", "DOCX", "PDF"),
        ("act.txt", b"%PDF-1.4\n", "plain text", "PDF"),
        ("act.html", b"1. Short title.\n", "HTML", "plain text"),
        ("act.xml", b"1. Short title.\n", "Akoma Ntoso XML or HTML", "plain text"),
    ],
)
def test_a_name_that_contradicts_the_content_is_h108(
    name: str, data: bytes, claimed: str, actual: str
) -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(data, name)
    assert err.value.code == "H108"
    assert err.value.message == f"{name}: the name says {claimed} but the content is {actual}"


@pytest.mark.parametrize("name", ["act", "act.dat", "act.PDF", "ACT.Pdf"])
def test_unknown_or_matching_extensions_pass(name: str) -> None:
    check_name("pdf", name)


def test_content_decides_the_reader_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "download"  # no extension: a law website's download link
    path.write_bytes(statute_pdf())
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.name == "download"


def test_plain_text_still_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "act.txt"
    path.write_bytes(b"Short title\r\n1. This Act is the Short Act.\r\n")
    doc = read_document(path)
    assert (doc.format, doc.encoding, doc.text) == (
        "text",
        "utf-8",
        "Short title\n1. This Act is the Short Act.\n",
    )


def test_size_limit_applies_to_every_format(tmp_path: Path) -> None:
    path = tmp_path / "act.pdf"
    path.write_bytes(statute_pdf())
    with pytest.raises(HarmoniseError) as err:
        read_document(path, Settings(max_input_bytes=1_000))
    assert err.value.code == "H105"
    assert err.value.message.endswith(
        "bytes is more than the limit of 1,000 bytes (max_input_bytes)"
    )


def test_size_limit_applies_to_several_files_together(tmp_path: Path) -> None:
    for n in (1, 2):
        (tmp_path / f"s{n}.txt").write_bytes(b"x" * 600)
    with pytest.raises(HarmoniseError) as err:
        read_document(tmp_path, Settings(max_input_bytes=1_000))
    assert err.value.code == "H105"
    assert "the 2 files add up to 1,200 bytes" in err.value.message


def test_missing_file_and_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(HarmoniseError) as err:
        read_document(tmp_path / "nope.pdf")
    assert (err.value.code, err.value.message) == ("H101", f"{tmp_path / 'nope.pdf'}: no such file")
    with pytest.raises(HarmoniseError) as err:
        read_document([])
    assert err.value.code == "H116"
