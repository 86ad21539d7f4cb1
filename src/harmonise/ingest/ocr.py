"""Optional OCR for pages without a text layer, with tools found on the machine.

OCRmyPDF is preferred: it adds a text layer to the image-only pages (``--skip-text`` leaves
pages that have text alone) and the result is read like any PDF, layout included. Without
it, tesseract reads each image-only page, rendered by PDFium at ``ocr_dpi`` into a greyscale
PGM file (no imaging library needed); its text has lines but not the print's columns.
Neither is a Python dependency: both are system packages (``apt-get install ocrmypdf`` or
``apt-get install tesseract-ocr``), and asking for OCR without them is error H112.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from harmonise.errors import HarmoniseError
from harmonise.ingest.pdf_layout import clean_text
from harmonise.settings import Settings

OCRMYPDF = "ocrmypdf"
TESSERACT = "tesseract"


def available(name: str) -> str:
    """The OCR tool to use, or H112 naming the install command."""
    for tool in (OCRMYPDF, TESSERACT):
        if shutil.which(tool):
            return tool
    raise HarmoniseError(
        "H112",
        f"{name}: --ocr needs OCRmyPDF or tesseract, and neither is installed "
        "(`apt-get install ocrmypdf`)",
    )


def _run(command: list[str], name: str, settings: Settings) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=settings.ocr_timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise HarmoniseError(
            "H113",
            f"{name}: {command[0]} took longer than {settings.ocr_timeout:g} s (ocr_timeout)",
        ) from None
    except OSError as exc:
        raise HarmoniseError("H113", f"{name}: {command[0]} could not run ({exc})") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise HarmoniseError(
            "H113",
            f"{name}: {command[0]} failed with exit code {done.returncode}: " + " / ".join(tail),
        )
    return done


def ocrmypdf(data: bytes, name: str, settings: Settings) -> bytes:
    """The PDF with a text layer added to its image-only pages."""
    with tempfile.TemporaryDirectory(prefix="harmonise-ocr-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        _run(
            [
                OCRMYPDF,
                "--skip-text",
                "--output-type",
                "pdf",
                "--quiet",
                "-l",
                settings.ocr_language,
                str(source),
                str(target),
            ],
            name,
            settings,
        )
        return target.read_bytes()


def tesseract_page(page: pdfium.PdfPage, name: str, settings: Settings) -> str:
    """One page rendered and read by tesseract."""
    bitmap = page.render(scale=settings.ocr_dpi / 72, grayscale=True)
    try:
        pgm = _pgm(bitmap)
    finally:
        bitmap.close()
    with tempfile.TemporaryDirectory(prefix="harmonise-ocr-") as folder:
        image = Path(folder) / "page.pgm"
        image.write_bytes(pgm)
        done = _run(
            [
                TESSERACT,
                str(image),
                "stdout",
                "-l",
                settings.ocr_language,
                "-c",
                "preserve_interword_spaces=1",
            ],
            name,
            settings,
        )
    return clean_text(done.stdout.decode("utf-8", "replace"))


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """A binary PGM image of a greyscale PDFium bitmap (rows without the stride padding)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    raw = bytes(bitmap.buffer)
    if stride == width:
        pixels = raw[: width * height]
    else:
        pixels = b"".join(raw[y * stride : y * stride + width] for y in range(height))
    return f"P5 {width} {height} 255\n".encode("ascii") + pixels
