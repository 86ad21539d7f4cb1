"""DOCX ingest: the main document's paragraphs and tables, in order, as lines of text.

- The archive is read through :class:`.zipguard.GuardedZip` first (zip bombs, oversized
  parts: H114); python-docx then opens the package (relationships, styles, numbering).
- Tracked changes are resolved to the current text: insertions (``w:ins``, ``w:moveTo``)
  kept, deletions (``w:del``, ``w:moveFrom``) dropped; a paragraph whose mark was deleted
  runs on into the next one, as Word shows it. Hidden text (``w:vanish``) and field codes
  are dropped; field results are kept.
- One paragraph is one line (a manual line break starts another). List numbering is
  rendered as printed ("1.", "(a)"), see :mod:`.docx_numbering`.
- Paragraphs styled as headings (Title, Heading N, or an outline level) become lines of
  their own with a blank line on each side, so the structure stage sees them as headings.
- A table row becomes one line, its cells separated by `` | ``.
Text boxes, headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from lxml import etree

from harmonise.errors import HarmoniseError
from harmonise.ingest.docx_numbering import Numbering
from harmonise.ingest.source import SourceDocument
from harmonise.ingest.zipguard import GuardedZip
from harmonise.settings import Settings

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = frozenset(
    qn(t)
    for t in (
        "w:del",
        "w:moveFrom",
        "w:pPr",
        "w:rPr",
        "w:delText",
        "w:instrText",
        "w:footnoteReference",
        "w:endnoteReference",
        "w:commentReference",
        "w:drawing",
        "w:pict",
        "w:object",
    )
)
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle)$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class _Style:
    name: str
    base: str | None
    num_id: str | None
    ilvl: int | None
    outline: bool


def read_docx(data: bytes, name: str, settings: Settings | None = None) -> SourceDocument:
    settings = settings or Settings()
    guard = GuardedZip(data, name, settings)
    for member in guard.infos:
        guard.read(member)  # every part inflated once within the limits
    if "word/document.xml" not in guard:
        raise HarmoniseError("H115", f"{name}: the archive has no word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on broken packages
        raise HarmoniseError(
            "H115", f"{name}: python-docx cannot open it ({type(exc).__name__}: {exc})"
        ) from None
    reader = _Reader(document)
    lines = list(reader.lines(document.element.body))
    text = "\n".join(_tidy(lines)).strip("\n")
    if not text.strip():
        raise HarmoniseError("H102", f"{name}: the document has no text")
    return SourceDocument(
        name=name,
        text=text + "\n",
        sha256=hashlib.sha256(data).hexdigest(),
        format="docx",
        extractor="python-docx",
    )


def _tidy(lines: list[str]) -> Iterator[str]:
    """At most one blank line in a row."""
    blank = True
    for line in lines:
        if not line.strip():
            if not blank:
                yield ""
            blank = True
        else:
            yield line
            blank = False


class _Reader:
    def __init__(self, document: docx.document.Document) -> None:
        self.styles: dict[str, _Style] = {}
        for style in document.styles:
            element = style.element
            num = element.find(f"{_W}pPr/{_W}numPr")
            self.styles[style.style_id] = _Style(
                name=style.name or "",
                base=_val(element, "w:basedOn"),
                num_id=_val(num, "w:numId"),
                ilvl=_int(_val(num, "w:ilvl")),
                outline=element.find(f"{_W}pPr/{_W}outlineLvl") is not None,
            )
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        self.numbering = Numbering.from_element(numbering)
        self.carry = ""  # text of a paragraph whose mark was deleted

    def lines(self, container: etree._Element) -> Iterator[str]:
        for child in container:
            tag = child.tag
            if tag == qn("w:p"):
                yield from self._paragraph(child)
            elif tag == qn("w:tbl"):
                yield from self._table(child)
            elif tag in (qn("w:sdt"), qn("w:customXml"), qn("w:sdtContent"), qn("w:ins")):
                yield from self.lines(child)

    def _paragraph(self, p: etree._Element) -> Iterator[str]:
        text = self.carry + "".join(_runs(p))
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(f"{_W}rPr/{_W}del") is not None:
            self.carry = text  # the paragraph mark is deleted: it runs on into the next
            return
        self.carry = ""
        style_id = _val(ppr, "w:pStyle")
        label = self._label(ppr, style_id)
        heading = self._is_heading(ppr, style_id)
        parts = [_SPACES.sub(" ", t).strip() for t in text.split("\n")]
        if label and parts:
            parts[0] = f"{label} {parts[0]}".strip()
        if not any(parts):
            yield ""
            return
        if heading:
            yield ""
        yield from parts
        if heading:
            yield ""

    def _table(self, tbl: etree._Element) -> Iterator[str]:
        yield ""
        for row in tbl.iter(qn("w:tr")):
            cells = []
            for cell in row.findall(qn("w:tc")):
                inner = [line for line in self.lines(cell) if line.strip()]
                cells.append(" ".join(inner))
            if any(cells):
                yield " | ".join(cells)
        yield ""

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.base

    def _label(self, ppr: etree._Element | None, style_id: str | None) -> str:
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, ilvl = _val(num, "w:numId"), _int(_val(num, "w:ilvl"))
        for style in self._chain(style_id):
            num_id = num_id or style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
        if not num_id:
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    def _is_heading(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
            return True
        return any(_HEADING_STYLE.match(s.name) or s.outline for s in self._chain(style_id))


def _runs(element: etree._Element) -> Iterator[str]:
    """The current text of a paragraph (or part of one): see the module docstring."""
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == qn("w:r"):
            rpr = child.find(qn("w:rPr"))
            if rpr is not None and rpr.find(qn("w:vanish")) is not None:
                continue
            yield from _run(child)
        else:  # w:ins, w:moveTo, w:hyperlink, w:smartTag, w:sdt, w:fldSimple, ...
            yield from _runs(child)


def _run(run: etree._Element) -> Iterator[str]:
    for child in run:
        tag = child.tag
        if tag == qn("w:t"):
            yield child.text or ""
        elif tag == qn("w:tab"):
            yield " "
        elif tag in (qn("w:br"), qn("w:cr")):
            yield "\n"
        elif tag == qn("w:noBreakHyphen"):
            yield "-"


def _val(element: etree._Element | None, tag: str) -> str | None:
    """The ``w:val`` of ``element``'s child ``tag``."""
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else child.get(qn("w:val"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
