"""Akoma Ntoso in: an AKN document rendered as statute text, with its structure kept.

The structure is taken as given, not guessed again: while the text is written, every AKN
element that carries structure becomes an :class:`OutlineNode` over the span of text it
produced, and the Act is built from that outline (:mod:`harmonise.export.akn_read`). The
text reads like a printed statute, so quotes, line numbers and the report look as they do
for any other input::

    PART I                     <- part: "PART" + num, then its heading
    PRELIMINARY
                               <- blank line before every part and section
    Short title                <- section heading, then num + wording on one line
    1. This Act may be cited as...
      (1) ...                  <- subsection, paragraph...: num + wording, indented

Any AKN namespace is accepted (elements are matched by local name). Definitions are the
``p`` (or ``hcontainer name="definition"``) that hold a ``<def>``; footnotes
(``authorialNote``) are left out of the text. The XML parser resolves no entities and
fetches nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree

from harmonise.errors import HarmoniseError
from harmonise.ingest.source import OutlineNode, SourceDocument
from harmonise.settings import Settings

PART_LIKE = frozenset(
    "book tome part subpart title subtitle chapter subchapter division subdivision".split()  # noqa: SIM905
)
SECTION_LIKE = frozenset({"section", "article", "rule", "clause"})
KINDS = {
    "subsection": "subsection",
    "paragraph": "paragraph",
    "subparagraph": "subparagraph",
    "point": "paragraph",
    "item": "paragraph",
    "level": "paragraph",
    "indent": "paragraph",
    "alinea": "paragraph",
    "subclause": "subsection",
    "list": "paragraph",
    "sublist": "subparagraph",
    "proviso": "proviso",
    "transitional": "section",
    "subrule": "subsection",
}
#: hcontainer names kept as nodes of that kind; other hcontainers are transparent.
HCONTAINERS = frozenset({"definition", "proviso", "schedule", "unrecognised"})
_SPACES = re.compile(r"\s+")
_WORD_NUM = re.compile(r"^(?:PART|Part|CHAPTER|Chapter|SECTION|Section)\s+")


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def inline_text(element: etree._Element) -> str:
    """The element's text with footnotes left out, white space folded."""
    parts: list[str] = []

    def visit(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and _local(child) not in ("authorialNote", "remark"):
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return _SPACES.sub(" ", "".join(parts)).strip()


def read_akn(data: bytes, name: str, settings: Settings | None = None) -> SourceDocument:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise HarmoniseError("H115", f"{name}: the XML is not well-formed ({exc})") from None
    if _local(root) != "akomaNtoso" or len(root) == 0:
        raise HarmoniseError("H107", f"{name}: not an Akoma Ntoso document (<akomaNtoso>)")
    writer = _Writer()
    outline = writer.document(root[0])
    text = "".join(writer.chunks)
    if not text.strip():
        raise HarmoniseError("H102", f"{name}: the Akoma Ntoso document has no text")
    return SourceDocument(
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format="akn",
        extractor="lxml",
        outline=outline,
    )


@dataclass
class _Open:
    """An outline node while its text is written."""

    kind: str
    start: int
    eid: str = ""
    num: str | None = None
    heading: str | None = None
    children: list[OutlineNode] = field(default_factory=list)

    def close(self, end: int) -> OutlineNode:
        return OutlineNode(
            kind=self.kind,
            eid=self.eid,
            num=self.num,
            heading=self.heading,
            start=self.start,
            end=end,
            children=self.children,
        )


class _Writer:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pos = 0
        self.mid = False  # a line is open

    # --- text ------------------------------------------------------------------------------

    def write(self, text: str) -> None:
        self.chunks.append(text)
        self.pos += len(text)

    def open_line(self, indent: int) -> None:
        if not self.mid:
            self.write("  " * indent)
            self.mid = True

    def end_line(self) -> None:
        if self.mid:
            self.write("\n")
            self.mid = False

    def line(self, text: str, indent: int = 0) -> tuple[int, int]:
        self.open_line(indent)
        start = self.pos
        self.write(text)
        self.end_line()
        return start, self.pos

    def blank(self) -> None:
        self.end_line()
        if self.chunks and not "".join(self.chunks[-2:]).endswith("\n\n"):
            self.write("\n")

    # --- the document ----------------------------------------------------------------------

    def document(self, doc: etree._Element) -> list[OutlineNode]:
        out: list[OutlineNode] = []
        for part in doc:
            name = _local(part)
            if name == "coverPage":
                out.append(self._cover(part))
            elif name in ("preface", "preamble"):
                self.blank()
                front = _Open("preface", self.pos)
                self._front(part, front)
                out.append(front.close(self.pos))
            elif name in ("body", "mainBody", "judgmentBody", "debateBody"):
                self.blank()
                out.extend(self._children(part, 0, in_def=False))
            elif name == "conclusions":
                self.blank()
                node = _Open("conclusion", self.pos)
                self._blocks(part, 0, node.children, in_def=False)
                out.append(node.close(self.pos))
            elif name == "attachments":
                out.extend(self._attachments(part))
        return out

    def _cover(self, cover: etree._Element) -> OutlineNode:
        toc = cover.find("{*}toc")
        if toc is None:
            node = _Open("preface", self.pos)
            self._blocks(cover, 0, node.children, in_def=False)
            return node.close(self.pos)
        node = _Open("arrangement", self.pos, heading="Arrangement of Sections")
        start, end = self.line("Arrangement of Sections")
        node.children.append(
            OutlineNode(kind="heading", start=start, end=end, heading=node.heading)
        )
        for item in toc.iter("{*}tocItem"):
            number = item.find("{*}inline[@name='num']")
            label = inline_text(number) if number is not None else ""
            num = label.rstrip(".") or None
            title = inline_text(item)
            if label and title.startswith(label):
                title = title[len(label) :].strip()
            start, end = self.line(f"{num}. {title}" if num else title)
            node.children.append(
                OutlineNode(kind="arrangement_entry", num=num, heading=title, start=start, end=end)
            )
        self.blank()
        return node.close(self.pos)

    def _front(self, part: etree._Element, node: _Open) -> None:
        for block in part:
            name = _local(block)
            if name == "longTitle":
                self._leaf("long_title", block, node, inline_text(block))
            elif name == "formula":
                self._leaf("enacting", block, node, inline_text(block))
            elif name == "container" and "memorandum" in (block.get("name") or ""):
                self.blank()
                memo = _Open("memorandum", self.pos, eid=block.get("eId") or "")
                self._blocks(block, 0, memo.children, in_def=False)
                node.children.append(memo.close(self.pos))
                self.blank()
            elif name == "p" and block.find(".//{*}docTitle") is not None:
                title = inline_text(block.find(".//{*}docTitle"))  # type: ignore[arg-type]
                self._leaf("title", block, node, inline_text(block), heading=title)
            else:
                self._blocks(block, 0, node.children, in_def=False, itself=True)

    def _leaf(
        self, kind: str, block: etree._Element, node: _Open, text: str, heading: str | None = None
    ) -> None:
        start, end = self.line(text)
        node.children.append(
            OutlineNode(
                kind=kind, eid=block.get("eId") or "", heading=heading, start=start, end=end
            )
        )

    def _attachments(self, part: etree._Element) -> list[OutlineNode]:
        out: list[OutlineNode] = []
        for attachment in part:
            self.blank()
            node = _Open("schedule", self.pos, eid=attachment.get("eId") or "")
            heading = attachment.find(".//{*}heading")
            if heading is not None:
                node.heading = inline_text(heading)
            for main in attachment.iter("{*}mainBody"):
                node.children.extend(self._children(main, 0, in_def=False))
            out.append(node.close(self.pos))
        return out

    # --- hierarchy -------------------------------------------------------------------------

    def _children(self, element: etree._Element, depth: int, in_def: bool) -> list[OutlineNode]:
        kids: list[OutlineNode] = []
        for child in element:
            name = _local(child)
            if name in ("num", "heading", "subheading", ""):
                continue
            if name in ("intro", "content", "wrapUp"):
                self._blocks(child, depth, kids, in_def)
            elif name == "crossHeading":
                self.blank()
                self.line(inline_text(child), depth)
            elif name == "hcontainer" and (child.get("name") or "") not in HCONTAINERS:
                kids.extend(self._children(child, depth, in_def))
            elif name in PART_LIKE or name in SECTION_LIKE or name in KINDS or name == "hcontainer":
                kids.append(self._hier(child, depth, in_def))
            else:
                self._blocks(child, depth, kids, in_def, itself=True)
        return kids

    def _hier(self, element: etree._Element, depth: int, in_def: bool) -> OutlineNode:
        name = _local(element)
        kind = (
            "part"
            if name in PART_LIKE
            else "section"
            if name in SECTION_LIKE
            else element.get("name", "unrecognised")
            if name == "hcontainer"
            else KINDS[name]
        )
        number = element.find("{*}num")
        heading = element.find("{*}heading")
        num = _num(kind, inline_text(number)) if number is not None else None
        node = _Open(kind, self.pos, eid=element.get("eId") or "", num=num)
        if heading is not None:
            node.heading = inline_text(heading)
        if kind in ("part", "section", "schedule"):
            self.blank()
            node.start = self.pos
        if kind in ("part", "schedule"):
            word = "SCHEDULE" if kind == "schedule" else name.upper()
            if number is not None:
                self.line(f"{word} {inline_text(number)}", depth)
            elif kind == "schedule" and not node.heading:
                self.line(word, depth)
            if node.heading:
                start, end = self.line(node.heading, depth)
                node.children.append(OutlineNode(kind="heading", start=start, end=end))
            self.blank()
        else:
            if kind == "section" and node.heading:
                start, end = self.line(node.heading, depth)
                node.children.append(OutlineNode(kind="heading", start=start, end=end))
            if number is not None:
                self.open_line(depth)
                self.write(inline_text(number) + " ")
        sub = depth if kind in ("part", "section", "schedule") else depth + 1
        if kind == "definition" and not in_def:
            first = element.find(".//{*}def")
            node.heading = inline_text(first) if first is not None else node.heading
            in_def = True
        node.children.extend(self._children(element, sub, in_def))
        self.end_line()
        return node.close(self.pos)

    def _blocks(
        self,
        element: etree._Element,
        depth: int,
        kids: list[OutlineNode],
        in_def: bool,
        itself: bool = False,
    ) -> None:
        """Block content (p, lists, tables) as lines; a p with a <def> is a definition."""
        for block in [element] if itself else list(element):
            name = _local(block)
            if name in ("p", "block", "tblock", "heading", "subheading", "docTitle", "span"):
                text = inline_text(block)
                if not text:
                    continue
                self.open_line(depth)
                start = self.pos
                self.line(text)
                term = block.find(".//{*}def")
                if term is not None and not in_def:
                    kids.append(
                        OutlineNode(
                            kind="definition",
                            eid=block.get("eId") or "",
                            heading=inline_text(term),
                            start=start,
                            end=self.pos,
                        )
                    )
            elif name in ("blockList", "ul", "ol"):
                for item in block:
                    if _local(item) in ("item", "li"):
                        kids.append(self._hier_item(item, depth, in_def))
                    else:
                        self._blocks(item, depth, kids, in_def, itself=True)
            elif name == "table":
                for row in block.iter("{*}tr"):
                    cells = [inline_text(c) for c in row if _local(c) in ("td", "th")]
                    if any(cells):
                        self.line(" | ".join(cells), depth)
            elif name in PART_LIKE or name in SECTION_LIKE or name in KINDS:
                kids.append(self._hier(block, depth, in_def))
            elif len(block):
                self._blocks(block, depth, kids, in_def)
            elif inline_text(block):
                self.line(inline_text(block), depth)

    def _hier_item(self, item: etree._Element, depth: int, in_def: bool) -> OutlineNode:
        number = item.find("{*}num")
        node = _Open("paragraph", self.pos, eid=item.get("eId") or "")
        if number is not None:
            node.num = _num("paragraph", inline_text(number))
            self.open_line(depth + 1)
            self.write(inline_text(number) + " ")
        for child in item:
            if _local(child) != "num":
                self._blocks(child, depth + 1, node.children, in_def, itself=True)
        self.end_line()
        return node.close(self.pos)


def _num(kind: str, text: str) -> str | None:
    """The number as harmonise writes it: sections '4', parts 'II', the rest '(a)'."""
    text = _WORD_NUM.sub("", text.strip())
    if not text:
        return None
    if kind in ("part", "schedule"):
        return text.rstrip(".:")
    if kind == "section":
        return text.rstrip(".:-–— ")
    bare = text.strip("().: ")
    return f"({bare})" if bare else None
