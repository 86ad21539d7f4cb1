"""What a file is, from its content: ``%PDF``, a zip holding ``word/document.xml``, an HTML or
Akoma Ntoso root element, else text. The file name is only checked against the content.

A known extension that contradicts the content is an error (H108), not a warning: the usual
cause is a download that saved a server's HTML error page as ``act.pdf``, and reading that
page as the Act would produce a confident report of a law with no sections. Names without a
known extension (``act``, ``act.dat``) are read as their content says.
"""

from __future__ import annotations

import io
import re
import zipfile

from harmonise.errors import HarmoniseError

PDF, DOCX, HTML, AKN, TEXT = "pdf", "docx", "html", "akn", "text"

#: Extension -> the formats its content may have. ``.xml`` may be Akoma Ntoso or XHTML.
EXTENSIONS: dict[str, frozenset[str]] = {
    ".pdf": frozenset({PDF}),
    ".docx": frozenset({DOCX}),
    ".html": frozenset({HTML}),
    ".htm": frozenset({HTML}),
    ".xhtml": frozenset({HTML}),
    ".xml": frozenset({AKN, HTML}),
    ".akn": frozenset({AKN}),
    ".txt": frozenset({TEXT}),
    ".text": frozenset({TEXT}),
    ".md": frozenset({TEXT}),
}

_NAMES = {PDF: "PDF", DOCX: "DOCX", HTML: "HTML", AKN: "Akoma Ntoso XML", TEXT: "plain text"}

#: Formats harmonise cannot read, recognised so the error can say what the file is.
_UNSUPPORTED: list[tuple[bytes, str]] = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/Office (.doc, OLE2) file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
]

_PROLOGUE = re.compile(
    rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HTML_TAGS = frozenset({b"html", b"head", b"body", b"div", b"p", b"article", b"main", b"section"})


def sniff(data: bytes, name: str) -> str:
    """The format of ``data`` by its content; raises H107 for formats harmonise cannot read."""
    head = data[:1024]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"%PDF-") or (b"%PDF-" in head and data[:4] != b"PK\x03\x04"):
        return PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, name)
    for magic, what in _UNSUPPORTED:
        if stripped.startswith(magic):
            raise HarmoniseError("H107", f"{name}: this is {what}, which harmonise cannot read")
    return _sniff_markup(data, name)


def _sniff_zip(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise HarmoniseError(
            "H115", f"{name}: starts like a zip (DOCX) archive but cannot be opened ({exc})"
        ) from None
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        what = "an OpenDocument file (.odt)"
    elif "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        what = "an Excel or PowerPoint file"
    else:
        what = "a zip archive without a Word document in it"
    raise HarmoniseError("H107", f"{name}: this is {what}, which harmonise cannot read")


def _sniff_markup(data: bytes, name: str) -> str:
    head = data[:65536]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, "ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    rest = head[_PROLOGUE.match(head).end() :]  # type: ignore[union-attr]
    if re.match(rb"\s*<!doctype\s+html", head, re.IGNORECASE) or re.search(
        rb"<!doctype\s+html", head[:2048], re.IGNORECASE
    ):
        return HTML
    m = _ROOT.match(rest)
    if m is None:
        return TEXT
    root = m.group(1)
    if root == b"akomaNtoso":
        return AKN
    if root.lower() in _HTML_TAGS:
        return HTML
    if head.lstrip().startswith(b"<?xml"):
        raise HarmoniseError(
            "H107",
            f"{name}: an XML document with root element <{root.decode('ascii', 'replace')}>, "
            "not Akoma Ntoso (<akomaNtoso>) or XHTML",
        )
    return TEXT


def check_name(fmt: str, name: str) -> None:
    """H108 when ``name``'s extension promises a different format from the content."""
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot > 0 else ""
    allowed = EXTENSIONS.get(ext)
    if allowed is None or fmt in allowed:
        return
    claimed = " or ".join(sorted(_NAMES[f] for f in allowed))
    raise HarmoniseError(
        "H108",
        f"{name}: the name says {claimed} but the content is {_NAMES[fmt]}",
    )


def describe(fmt: str) -> str:
    return _NAMES.get(fmt, fmt)
