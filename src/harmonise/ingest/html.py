"""HTML ingest: the page's main text as lines, in reading order (lxml, no browser).

- Dropped: ``script``, ``style``, ``noscript``, ``template``, ``nav``, ``aside``, forms and
  embedded objects, anything ``hidden`` or styled ``display:none``, ARIA ``navigation`` /
  ``banner`` / ``contentinfo`` / ``search`` regions, and every ``header`` and ``footer``
  except those inside an ``article`` (where they carry the article's own heading).
- Main text: ``<main>`` (or ``role="main"``) when the page has one, else its ``article``
  elements, else the body.
- Every block element (paragraph, div, heading, list item, table row...) starts a line;
  ``<br>`` breaks one; white space inside a block folds to single spaces (``<pre>`` keeps
  its lines). Headings get a blank line on each side. A list item of an ordered list gets
  a label unless its text already starts with one or the list is styled ``list-style:
  none``, written the way statutes number their subdivisions: "(1)", "(a)", "(iv)"
  (``type`` and ``start`` are honoured; a browser would show "1.", which the structure
  stage would take for a section number). A table row is one line, cells `` | ``-separated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from harmonise.errors import HarmoniseError
from harmonise.ingest.docx_numbering import format_number
from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings

_DROP = frozenset(
    """script style noscript template nav aside form button select option textarea input
    iframe svg canvas object embed audio video map head title meta link""".split()  # noqa: SIM905
)
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    """address article blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure header footer hgroup hr legend li main menu ol p pre section
    summary table tbody thead tfoot tr ul""".split()  # noqa: SIM905
)
_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman"}
_TYPES["I"] = "upperRoman"
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NO_MARKER = re.compile(r"list-style(?:-type)?\s*:\s*none", re.IGNORECASE)
_LABELLED = re.compile(r"^\s*(?:\(?[0-9]{1,4}[A-Z]?[.)]|\([a-zA-Z]{1,4}\)|[a-z]{1,4}[.)]\s)")
_SPACES = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(data: bytes, name: str, settings: Settings | None = None) -> SourceDocument:
    text, encoding = decode_html(data)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        raise HarmoniseError("H115", f"{name}: the HTML cannot be parsed ({exc})") from None
    lines = render_html(root)
    out = "\n".join(lines).strip("\n")
    if not out.strip():
        raise HarmoniseError("H102", f"{name}: the page has no text outside navigation and scripts")
    return SourceDocument(
        name=name,
        text=out + "\n",
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        encoding=encoding,
        extractor="lxml",
    )


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode by BOM, then the page's ``<meta charset>``, then UTF-8, then cp1252."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, "replace").lstrip("\ufeff"), codec
    m = _CHARSET.search(data[:4096])
    candidates = [m.group(1).decode("ascii").lower()] if m else []
    for codec in [*candidates, "utf-8", "cp1252"]:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


def render_html(root: etree._Element) -> list[str]:
    """The lines of the page's main text (see the module docstring)."""
    renderer = _Renderer()
    for element in _main(root):
        renderer.walk(element)
    renderer.newline()
    return renderer.lines


def _main(root: etree._Element) -> list[etree._Element]:
    main = list(root.iter("main")) or [
        e for e in root.iter() if isinstance(e.tag, str) and e.get("role") == "main"
    ]
    if main:
        return [main[0]]
    articles = [
        a for a in root.iter("article") if not any(p.tag == "article" for p in a.iterancestors())
    ]
    if articles:
        return articles
    body = root.find("body")
    return [body if body is not None else root]


def _dropped(element: etree._Element) -> bool:
    tag = element.tag
    if tag in _DROP or element.get("hidden") is not None:
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    if _HIDDEN.search(element.get("style") or ""):
        return True
    if tag in ("header", "footer"):
        return not any(p.tag == "article" for p in element.iterancestors())
    return False


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []

    def newline(self) -> None:
        line = _SPACES.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if line:
            self.lines.append(line)

    def blank(self) -> None:
        self.newline()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or _dropped(element):
            return
        if tag == "br":
            self.newline()
        elif tag == "pre":
            self.newline()
            for line in _all_text(element).splitlines():
                self.lines.append(line.rstrip())
            self.newline()
        elif tag in _HEADINGS:
            self.blank()
            self._inside(element)
            self.blank()
        elif tag == "tr":
            self._row(element)
        elif tag == "ol":
            self._list(element)
        elif tag in _BLOCKS:
            self.newline()
            self._inside(element)
            self.newline()
        else:
            self._inside(element)

    def _inside(self, element: etree._Element) -> None:
        self.text(element.text)
        for child in element:
            self.walk(child)
            self.text(child.tail)

    def _row(self, row: etree._Element) -> None:
        self.newline()
        cells: list[str] = []
        for cell in row:
            if cell.tag not in ("td", "th") or _dropped(cell):
                continue
            inner = _Renderer()
            inner.walk(cell)
            inner.newline()
            cells.append(" ".join(x for x in inner.lines if x))
        if any(cells):
            self.lines.append(" | ".join(cells))

    def _list(self, ol: etree._Element) -> None:
        self.newline()
        self.text(ol.text)
        fmt = _TYPES.get(ol.get("type") or "1", "decimal")
        plain = bool(_NO_MARKER.search(ol.get("style") or ""))
        n = _int(ol.get("start"), 1)
        for item in _items(ol):
            if item.tag != "li":
                self.walk(item)
                self.text(item.tail)
                continue
            n = _int(item.get("value"), n)
            self.newline()
            content = _all_text(item)
            if (
                not plain
                and not _NO_MARKER.search(item.get("style") or "")
                and not _LABELLED.match(content)
            ):
                self.buffer.append(f"({format_number(n, fmt)}) ")
            self._inside(item)
            self.newline()
            self.text(item.tail)
            n += 1
        self.newline()


def _items(ol: etree._Element) -> Iterable[etree._Element]:
    return [c for c in ol if isinstance(c.tag, str) and not _dropped(c)]


def _all_text(element: etree._Element) -> str:
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
