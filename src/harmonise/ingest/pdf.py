"""PDF ingest: bytes -> :class:`SourceDocument` with one text page per PDF page.

pypdfium2 always opens the file first: it tells an encrypted file (H110) from a damaged one
(H111), counts the pages and finds pages without a text layer. The text itself comes from
``pdftotext -layout`` (poppler-utils) when it is installed, the best reading order, and
otherwise from pypdfium2's characters laid out on a grid (:mod:`.pdf_layout`); the one used
is recorded in ``SourceDocument.extractor``. Both keep each line a line and the page's
columns (marginal notes) as columns. Pages are joined with a line break, never a form feed,
and ``page_starts`` records where each begins so a finding can cite its page.

A file whose pages carry no text at all (a scan) is refused with H109 unless ``ocr`` is set;
a mix of text pages and image-only pages is read, with a note naming the pages left out.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from harmonise.errors import HarmoniseError
from harmonise.ingest.pdf_layout import clean_text, layout_page
from harmonise.ingest.source import IngestNote, SourceDocument
from harmonise.settings import Settings

PDFTOTEXT = "pdftotext"
PYPDFIUM2 = "pypdfium2"


def read_pdf(
    data: bytes, name: str, settings: Settings | None = None, *, ocr: bool = False
) -> SourceDocument:
    """Read the PDF ``data`` (called ``name`` in messages)."""
    settings = settings or Settings()
    pdf = open_pdf(data, name)
    count = len(pdf)
    try:
        scanned = image_only_pages(pdf)
        if ocr and scanned:
            pages, extractor, tool = _with_ocr(pdf, data, name, settings, scanned)
            notes = [_ocr_note(tool, scanned, count)]
        else:
            pages, extractor = extract_pages(pdf, data, settings)
            notes = [_missing_note(scanned)] if scanned else []
            if ocr:
                notes.append(
                    IngestNote(code="I103", message="--ocr: every page has a text layer; not run")
                )
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        if scanned and not ocr:
            raise HarmoniseError(
                "H109",
                f"{name}: none of its {count} page(s) has a text layer (a scanned document?)",
            )
        raise HarmoniseError("H102", f"{name}: the PDF has no text on any of its {count} pages")
    text, starts = join_pages(pages)
    return SourceDocument(
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        page_starts=starts,
        extractor=extractor,
        notes=notes,
    )


def _with_ocr(
    pdf: pdfium.PdfDocument, data: bytes, name: str, settings: Settings, scanned: list[int]
) -> tuple[list[str], str, str]:
    """Pages with the image-only ones OCR'd: by OCRmyPDF (a text layer added, then read like
    any PDF) or, without it, by tesseract page by page. Returns pages, extractor, tool."""
    from harmonise.ingest import ocr as ocr_tools

    tool = ocr_tools.available(name)
    if tool == ocr_tools.OCRMYPDF:
        layered = ocr_tools.ocrmypdf(data, name, settings)
        with_text = open_pdf(layered, name)
        try:
            pages, extractor = extract_pages(with_text, layered, settings)
        finally:
            with_text.close()
    else:
        pages, extractor = extract_pages(pdf, data, settings)
        for index in scanned:
            page = _page(pdf, index)
            try:
                pages[index] = ocr_tools.tesseract_page(page, name, settings)
            finally:
                page.close()
    return pages, f"{extractor}+{tool}", tool


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    """Open with PDFium; H110 for a password, H111 for a damaged or truncated file."""
    truncated = b"%%EOF" not in data.rstrip(b"\x00\t\r\n ")[-4096:]
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise HarmoniseError(
                "H110", f"{name}: the PDF is encrypted and needs a password to open"
            ) from None
        why = "it is truncated (no %%EOF at its end)" if truncated else "it is corrupt"
        raise HarmoniseError(
            "H111", f"{name}: PDFium cannot open it: {why} ({_reason(exc)})"
        ) from None
    if truncated:
        pdf.close()
        raise HarmoniseError(
            "H111",
            f"{name}: the PDF is truncated: it ends at byte {len(data):,} without the %%EOF "
            "marker, so pages may be missing",
        )
    if len(pdf) == 0:
        pdf.close()
        raise HarmoniseError("H111", f"{name}: the PDF has no pages")
    return pdf


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split("PDFium: ", 1)[-1].rstrip(").") if "PDFium: " in text else text


def image_only_pages(pdf: pdfium.PdfDocument) -> list[int]:
    """0-based indexes of pages with images but no text: scanned pages."""
    out: list[int] = []
    for index in range(len(pdf)):
        page = _page(pdf, index)
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            has_text = count > 0 and bool(textpage.get_text_range(0, count).strip())
        finally:
            textpage.close()
        if not has_text and any(
            True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4)
        ):
            out.append(index)
        page.close()
    return out


def _page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise HarmoniseError(
            "H111", f"page {index + 1} cannot be read ({_reason(exc)}): the PDF is damaged"
        ) from None


def extract_pages(
    pdf: pdfium.PdfDocument, data: bytes, settings: Settings
) -> tuple[list[str], str]:
    """The text of every page and the extractor that produced it."""
    if settings.pdf_extractor != PYPDFIUM2 and shutil.which(PDFTOTEXT):
        pages = pdftotext_pages(data, len(pdf), settings)
        if pages is not None:
            return pages, PDFTOTEXT
    return pypdfium2_pages(pdf), PYPDFIUM2


def pypdfium2_pages(pdf: pdfium.PdfDocument) -> list[str]:
    pages: list[str] = []
    for index in range(len(pdf)):
        page = _page(pdf, index)
        textpage = page.get_textpage()
        try:
            pages.append(layout_page(textpage))
        finally:
            textpage.close()
            page.close()
    return pages


def pdftotext_pages(data: bytes, count: int, settings: Settings) -> list[str] | None:
    """``pdftotext -layout`` split at its form feeds; None if it fails or disagrees with
    PDFium on the number of pages (then pypdfium2 is used)."""
    with _temp_pdf(data) as path:
        try:
            done = subprocess.run(
                [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-q", str(path), "-"],
                capture_output=True,
                timeout=settings.extract_timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    if len(pages) != count:
        return None
    return [clean_text(p) for p in pages]


@contextmanager
def _temp_pdf(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="harmonise-") as folder:
        path = Path(folder) / "input.pdf"
        path.write_bytes(data)
        yield path


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """One text, each page on lines of its own; the offsets where pages begin."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for page in pages:
        page = page.strip("\n")
        starts.append(pos)
        if page:
            page += "\n"
            parts.append(page)
            pos += len(page)
    return "".join(parts), starts


def _missing_note(scanned: list[int]) -> IngestNote:
    pages = ", ".join(str(i + 1) for i in scanned)
    return IngestNote(
        code="I101",
        message=f"page(s) {pages} have no text layer (scanned images?); their text is "
        "missing: run with --ocr to read them",
        page=scanned[0] + 1,
    )


def _ocr_note(tool: str, scanned: list[int], count: int) -> IngestNote:
    pages = ", ".join(str(i + 1) for i in scanned)
    return IngestNote(
        code="I102",
        message=f"page(s) {pages} of {count} were read by OCR ({tool}); check quotes "
        "from them against the print",
        page=scanned[0] + 1,
    )
