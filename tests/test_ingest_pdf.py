"""PDF ingest: layout kept (marginal-note column, running heads, hyphenation), pages as
provenance, both extractors, and the coded errors for scans, encryption and damage."""

from __future__ import annotations

import re
import shutil
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmonise.errors import HarmoniseError
from harmonise.ingest import ocr as ocr_tools
from harmonise.ingest import pdf as pdf_ingest
from harmonise.ingest import read_bytes
from harmonise.ingest.pdf import join_pages
from harmonise.ingest.pdf_layout import clean_text
from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings
from harmonise.structure.act import Act
from harmonise.structure.parser import parse
from tests.fixtures.ingest.make_fixtures import SECTIONS, TITLE, scanned_pdf, statute_pdf

EXTRACTORS = [
    "pypdfium2",
    pytest.param(
        "pdftotext",
        marks=pytest.mark.skipif(
            shutil.which("pdftotext") is None, reason="poppler-utils not installed"
        ),
    ),
]


@cache
def pdf_bytes(notes: str = "left") -> bytes:
    return statute_pdf(notes=notes)


def read(data: bytes, extractor: str = "pypdfium2", name: str = "act.pdf") -> SourceDocument:
    return read_bytes(data, name, Settings(pdf_extractor=extractor))  # type: ignore[arg-type]


@cache
def act(extractor: str, notes: str = "left") -> tuple[SourceDocument, Act]:
    doc = read(pdf_bytes(notes), extractor)
    return doc, parse(doc)


# --- layout and structure ---------------------------------------------------------------------


@pytest.mark.parametrize("notes", ["left", "above"])
@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_statute_pdf_parses_into_its_sections_with_headings(extractor: str, notes: str) -> None:
    doc, a = act(extractor, notes)
    assert doc.format == "pdf"
    assert doc.extractor == extractor
    assert [(s.num, s.heading) for s in a.sections()] == [(s.num, s.heading) for s in SECTIONS]
    assert a.title == TITLE
    assert [d.term for d in a.definitions] == ["computer", "data"]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_marginal_note_column_survives_as_a_column(extractor: str) -> None:
    doc, _ = act(extractor)
    assert re.search(r"^Short title {2,}1\. This Act may be cited", doc.text, re.MULTILINE)
    assert re.search(r"^Unauthorised access to {2,}3\. \(1\) A person", doc.text, re.MULTILINE)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_running_heads_and_page_numbers_stay_out_of_the_wording(extractor: str) -> None:
    doc, a = act(extractor)
    assert doc.text.count(f"{TITLE}") >= 3  # the printed title and a head on every page
    for section in a.sections():
        assert "No. " not in section.text
        assert TITLE not in section.text


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_words_hyphenated_at_line_ends_are_joined(extractor: str) -> None:
    doc, a = act(extractor)
    assert "arithm-\n" in doc.text  # as printed
    interpretation = a.sections()[1].text
    assert "arithmetic" in interpretation
    assert "information" in interpretation


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pages_are_provenance_and_never_glue_lines(extractor: str) -> None:
    doc, a = act(extractor)
    assert "\f" not in doc.text
    assert len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    for n, start in enumerate(doc.page_starts, 1):
        assert start == 0 or doc.text[start - 1] == "\n"  # each page starts a line
        end = doc.page_starts[n] if n < len(doc.page_starts) else len(doc.text)
        assert f"No. {n}" in doc.text[start:end]  # page n's own running head
    last = a.sections()[-1]
    assert a.source_page(last.start) == 2
    assert a.source_page(a.sections()[0].start) == 1


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pages_printed_sideways_read_in_their_own_direction(extractor: str, angle: int) -> None:
    import io

    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER)
    pdf.translate(LETTER[0] / 2, LETTER[1] / 2)
    pdf.rotate(angle)  # a landscape schedule on a portrait page, or a page turned over
    pdf.drawString(-250, 100, "Short title      1. This Act may be cited as the Turned Act.")
    pdf.drawString(-250, 86, "second line of the body")
    pdf.save()
    lines = read(buffer.getvalue(), extractor).text.splitlines()
    assert re.fullmatch(r"Short title +1\. This Act may be cited as the Turned Act\.", lines[0])
    assert lines[1] == "second line of the body"


def test_extractor_falls_back_to_pypdfium2_without_pdftotext(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_ingest.shutil, "which", lambda _: None)
    assert read(pdf_bytes(), "auto").extractor == "pypdfium2"


def test_pdftotext_failure_falls_back_to_pypdfium2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_ingest.shutil, "which", lambda _: "/bin/false")
    monkeypatch.setattr(pdf_ingest, "PDFTOTEXT", "/bin/false")
    doc = read(pdf_bytes(), "auto")
    assert doc.extractor == "pypdfium2"
    assert "Short title" in doc.text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("machine\x02\nreadable", "machine-\nreadable"),  # PDFium's soft hyphen at a line end
        ("elec\ufffe\ntronic", "elec-\ntronic"),
        ("com\u00adputer", "computer"),  # an invisible soft hyphen inside a line
        ("a\x01b\x7fc\ufeffd", "abcd"),
        ("\ufb01le \ufb02ow", "file flow"),  # ligatures
        ("one  \t\ntwo\f", "one\ntwo\n"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- scans and OCR ----------------------------------------------------------------------------


def test_scanned_pdf_is_refused_with_h109() -> None:
    with pytest.raises(HarmoniseError) as err:
        read(scanned_pdf(), name="scan.pdf")
    assert err.value.code == "H109"
    assert err.value.message == (
        "scan.pdf: none of its 1 page(s) has a text layer (a scanned document?)"
    )
    assert "--ocr" in str(err.value) and "apt-get install ocrmypdf" in str(err.value)


def test_scanned_page_among_text_pages_is_read_with_a_note() -> None:
    doc = read(scanned_pdf(text_pages=1), name="mixed.pdf")
    assert "This Act may be cited" in doc.text
    assert [(n.code, n.page) for n in doc.notes] == [("I101", 2)]
    assert "run with --ocr" in doc.notes[0].message
    a = parse(doc)
    assert a.diagnostics[0].code == "I101"


def test_ocr_without_a_tool_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_tools.shutil, "which", lambda _: None)
    with pytest.raises(HarmoniseError) as err:
        read_bytes(scanned_pdf(), "scan.pdf", ocr=True)
    assert err.value.code == "H112"
    assert err.value.message == (
        "scan.pdf: --ocr needs OCRmyPDF or tesseract, and neither is installed "
        "(`apt-get install ocrmypdf`)"
    )


def test_ocr_is_not_run_when_every_page_has_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_tools.shutil, "which", lambda _: None)
    doc = read_bytes(pdf_bytes(), "act.pdf", ocr=True)
    assert [n.code for n in doc.notes] == ["I103"]


@pytest.mark.skipif(
    not (shutil.which("tesseract") or shutil.which("ocrmypdf")), reason="no OCR tool installed"
)
def test_ocr_reads_a_scanned_page() -> None:
    doc = read_bytes(scanned_pdf(text_pages=1), "mixed.pdf", ocr=True)
    assert "Interpretation" in doc.text
    assert doc.extractor and doc.extractor.endswith(("+tesseract", "+ocrmypdf"))
    assert [n.code for n in doc.notes] == ["I102"]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_tesseract_reads_image_only_pages_when_ocrmypdf_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr_tools, "available", lambda _: ocr_tools.TESSERACT)
    doc = read_bytes(scanned_pdf(text_pages=1), "mixed.pdf", ocr=True)
    assert doc.extractor in ("pdftotext+tesseract", "pypdfium2+tesseract")
    assert "2. In this Act" in doc.text
    assert doc.text.index("This Act may be cited") < doc.text.index("Interpretation")
    assert doc.page_of(doc.text.index("Interpretation")) == 2


def test_tesseract_page_image_is_a_greyscale_pgm() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(scanned_pdf())
    bitmap = pdf[0].render(scale=0.5, grayscale=True)
    pgm = ocr_tools._pgm(bitmap)
    header, _, pixels = pgm.partition(b"\n")
    _, width, height, _ = header.split()
    assert len(pixels) == int(width) * int(height)


# --- refused files ----------------------------------------------------------------------------


def test_encrypted_pdf_is_h110() -> None:
    with pytest.raises(HarmoniseError) as err:
        read(statute_pdf(encrypt="secret"), name="locked.pdf")
    assert err.value.code == "H110"
    assert err.value.message == "locked.pdf: the PDF is encrypted and needs a password to open"
    assert "qpdf --decrypt" in str(err.value)


def test_pdf_with_only_an_owner_password_is_read() -> None:
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    c.drawString(72, 720, "1. This Act may be cited as the Open Act.")
    c.save()
    assert "Open Act" in read(buffer.getvalue()).text


@pytest.mark.parametrize("keep", [0.5, 0.97])
def test_truncated_pdf_is_h111(keep: float) -> None:
    data = pdf_bytes()
    with pytest.raises(HarmoniseError) as err:
        read(data[: int(len(data) * keep)], name="cut.pdf")
    assert err.value.code == "H111"
    assert "truncated" in err.value.message
    assert "Download it again" in str(err.value)


def test_corrupt_pdf_is_h111() -> None:
    with pytest.raises(HarmoniseError) as err:
        read(b"%PDF-1.4\n" + b"garbage " * 100 + b"\n%%EOF\n", name="bad.pdf")
    assert err.value.code == "H111"
    assert err.value.message.startswith("bad.pdf: PDFium cannot open it: it is corrupt")


# --- properties -------------------------------------------------------------------------------

_PAGE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab -(1).\n\t\f\x02\ufffe\u00ad\x01\ufb01")), max_size=60
)


@given(st.lists(_PAGE_TEXT, min_size=1, max_size=6))
def test_joined_pages_start_lines_and_map_offsets_to_pages(pages: list[str]) -> None:
    cleaned = [clean_text(p) for p in pages]
    text, starts = join_pages(cleaned)
    assert len(starts) == len(pages)
    assert starts == sorted(starts) and starts[0] == 0
    assert not set(text) & set("\f\t\x01\x02\ufffe\u00ad\ufb01")
    doc = SourceDocument(name="x.pdf", text=text, sha256="0", page_starts=starts)
    for n, start in enumerate(starts, 1):
        assert start == 0 or text[start - 1] == "\n"
        if start < len(text) and (n == len(starts) or starts[n] > start):
            assert doc.page_of(start) == n  # an empty page never claims the next one's text
