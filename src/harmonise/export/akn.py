"""Akoma Ntoso 3.0 out: a parsed :class:`Act` as AKN XML (valid against the OASIS schema).

Mapping (the Act's node eIds become the elements' ``eId``):

- ``meta/identification``: FRBR Work, Expression and Manifestation with ``/akn/{country}/act/
  {year}/{name}`` URIs (year from the title, name from the source file), the generation date
  and harmonise as author; ``meta/references`` holds a ``TLCTerm`` per defined term.
- arrangement of sections -> ``coverPage/toc``; title, long title, enacting words and
  objects and reasons -> ``preface`` (``docTitle``, ``longTitle``, ``formula``,
  ``container name="memorandum"``); "Read three times..." -> ``conclusions``.
- parts, sections, subsections, paragraphs, subparagraphs -> the AKN elements of those names
  with ``num`` and ``heading``; a definition -> ``hcontainer name="definition"`` whose text
  marks the term with ``<def refersTo="#term-...">``; every other use of a defined term in
  the body is marked ``<term>``; provisos, schedules and unrecognised text -> ``hcontainer``
  named after their kind. A node's own wording is ``content/p`` or, around children,
  ``intro``/``wrapUp`` (``hcontainer name="text"`` between two children).
- running heads, page numbers and blank lines are page furniture, not law: left out.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from lxml import etree

from harmonise import __version__
from harmonise.structure.act import FURNITURE, Act, Node, NodeKind

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_N = f"{{{NS}}}"

HIER = {
    NodeKind.PART: "part",
    NodeKind.SECTION: "section",
    NodeKind.SUBSECTION: "subsection",
    NodeKind.PARAGRAPH: "paragraph",
    NodeKind.SUBPARAGRAPH: "subparagraph",
}
#: Kinds written as ``hcontainer name="<kind>"``.
CONTAINED = frozenset(
    {NodeKind.DEFINITION, NodeKind.PROVISO, NodeKind.SCHEDULE, NodeKind.UNRECOGNISED}
)
_SKIPPED = FURNITURE | {NodeKind.HEADING}
#: Kinds whose lines are items of their own (lists of enactments, signatures), not wrapped
#: sentences.
_BY_LINE = frozenset({NodeKind.SCHEDULE, NodeKind.UNRECOGNISED})
_SPACES = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")
_LABEL_WORDS = r"(?:PART|Part|SECTION|Section|CLAUSE|Clause)"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def term_id(term: str) -> str:
    return "term-" + (_SLUG.sub("_", term.lower()).strip("_") or "term")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _N + tag, {k: v for k, v in attrs.items() if v})
    if text:
        element.text = text
    return element


def to_akn(act: Act, *, country: str = "xx", generated: str | None = None) -> bytes:
    """The Act as an AKN 3.0 document (UTF-8 bytes, pretty-printed)."""
    return _Writer(act, country, generated).run()


class _Writer:
    def __init__(self, act: Act, country: str, generated: str | None) -> None:
        self.act = act
        self.country = country.lower()
        self.date = generated or dt.date.today().isoformat()
        terms = sorted({d.term for d in act.definitions if d.term}, key=len, reverse=True)
        self.terms = terms
        self.term_re = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])")
            if terms
            else None
        )
        self.term_counts: dict[str, int] = {}

    def run(self) -> bytes:
        root = etree.Element(_N + "akomaNtoso", nsmap={None: NS})  # type: ignore[dict-item]
        act = _el(root, "act", name="act")
        self._meta(act)
        top = self.act.nodes
        arrangement = [n for n in top if n.kind is NodeKind.ARRANGEMENT]
        if arrangement:
            self._toc(_el(act, "coverPage"), arrangement)
        front = [n for n in top if n.kind in (NodeKind.PREFACE, NodeKind.MEMORANDUM)]
        if front:
            self._preface(act, front)
        body = _el(act, "body")
        for node in top:
            if node.kind in HIER or node.kind in CONTAINED:
                self._hier(body, node)
        if len(body) == 0:
            _el(_el(_el(body, "hcontainer", name="text"), "content"), "p")
        ends = [n for n in top if n.kind is NodeKind.CONCLUSION]
        if ends:
            conclusions = _el(act, "conclusions")
            for node in ends:
                for text in self._texts(node, heading=True):
                    _el(conclusions, "p", text)
            if len(conclusions) == 0:
                _el(conclusions, "p")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # --- meta ------------------------------------------------------------------------------

    def _meta(self, act_el: etree._Element) -> None:
        act = self.act
        year = _YEAR.search(act.title or "") or _YEAR.search(act.long_title or "")
        name = _SLUG.sub("-", PurePath(act.source).stem.lower()).strip("-") or "act"
        work = f"/akn/{self.country}/act/{year.group(1) if year else 'unknown'}/{name}"
        expr = f"{work}/eng@{self.date}"
        meta = _el(act_el, "meta")
        ident = _el(meta, "identification", source="#harmonise")
        for level, uri, this in (
            ("FRBRWork", work, f"{work}/!main"),
            ("FRBRExpression", expr, f"{expr}/!main"),
            ("FRBRManifestation", f"{expr}/main.xml", f"{expr}/main.xml"),
        ):
            frbr = _el(ident, level)
            _el(frbr, "FRBRthis", value=this)
            _el(frbr, "FRBRuri", value=uri)
            if level == "FRBRWork" and act.title:
                _el(frbr, "FRBRalias", value=act.title, name="title")
            _el(frbr, "FRBRdate", date=self.date, name="Generation")
            _el(frbr, "FRBRauthor", href="#harmonise")
            if level == "FRBRWork":
                _el(frbr, "FRBRcountry", value=self.country)
                if act.title:
                    _el(frbr, "FRBRname", value=act.title)
            elif level == "FRBRExpression":
                _el(frbr, "FRBRlanguage", language="eng")
            else:
                _el(frbr, "FRBRformat", value="application/akn+xml")
        refs = _el(meta, "references", source="#harmonise")
        _el(
            refs,
            "TLCOrganization",
            eId="harmonise",
            href="/ontology/organization/harmonise",
            showAs=f"harmonise {__version__} (from {act.source}, sha256 {act.source_sha256})",
        )
        for term in sorted(set(self.terms)):
            tid = term_id(term)
            _el(refs, "TLCTerm", eId=tid, href=f"/ontology/term/this.eng.{tid[5:]}", showAs=term)

    # --- front matter ----------------------------------------------------------------------

    def _toc(self, cover: etree._Element, nodes: list[Node]) -> None:
        toc = _el(cover, "toc")
        for node in nodes:
            for entry in node.children:
                if entry.kind is not NodeKind.ARRANGEMENT_ENTRY:
                    continue
                target = f"#sec_{entry.num}" if entry.num else "#body"
                item = _el(toc, "tocItem", href=target, level="1")
                if entry.num:
                    number = _el(item, "inline", f"{entry.num}.", name="num")
                    number.tail = " " + (entry.heading or "")
                else:
                    item.text = entry.heading or _clean(self.act.text_of(entry))
        if len(toc) == 0:
            cover.remove(toc)
            _el(cover, "p", _clean(self.act.text_of(nodes[0])))

    def _preface(self, act_el: etree._Element, nodes: list[Node]) -> None:
        preface = _el(act_el, "preface")
        for node in nodes:
            if node.kind is NodeKind.MEMORANDUM:
                box = _el(preface, "container", name="memorandum", eId=node.eid)
                for text in self._texts(node, heading=True) or [""]:
                    _el(box, "p", text)
                continue
            for item in self._items(node, by_line=True):
                if isinstance(item, str):
                    _el(preface, "p", item)
                elif item.kind is NodeKind.TITLE:
                    _el(
                        _el(preface, "p"),
                        "docTitle",
                        item.heading or _clean(self.act.text_of(item)),
                    )
                elif item.kind is NodeKind.LONG_TITLE:
                    _el(
                        _el(preface, "longTitle", eId=item.eid), "p", _clean(self.act.text_of(item))
                    )
                elif item.kind is NodeKind.ENACTING:
                    formula = _el(preface, "formula", name="enactingText", eId=item.eid)
                    _el(formula, "p", _clean(self.act.text_of(item)))
                else:
                    for text in self._texts(item):
                        _el(preface, "p", text)
        if len(preface) == 0:
            _el(preface, "p")

    # --- body ------------------------------------------------------------------------------

    def _hier(self, parent: etree._Element, node: Node) -> None:
        if node.kind in HIER:
            element = _el(parent, HIER[node.kind], eId=node.eid)
        else:
            element = _el(parent, "hcontainer", eId=node.eid, name=node.kind.value)
        if node.num:
            _el(element, "num", f"{node.num}." if node.kind is NodeKind.SECTION else node.num)
        if node.heading and node.kind is not NodeKind.DEFINITION:
            _el(element, "heading", node.heading)
        items = self._items(node, by_line=node.kind in _BY_LINE)
        texts = [i for i in items if isinstance(i, str)]
        if texts and node.num:  # the printed number opens the first wording
            first = items.index(texts[0])
            items[first] = _strip_num(texts[0], node.num)
            if not items[first]:
                items.pop(first)
        definition = node.heading if node.kind is NodeKind.DEFINITION else None
        if not any(isinstance(i, Node) for i in items):
            content = _el(element, "content")
            for text in [i for i in items if isinstance(i, str)] or [""]:
                self._p(content, text, definition)
                definition = None
            return
        first = next(k for k, i in enumerate(items) if isinstance(i, Node))
        last = max(k for k, i in enumerate(items) if isinstance(i, Node))
        if first > 0:
            intro = _el(element, "intro")
            for lead in items[:first]:
                self._p(intro, str(lead), definition)
                definition = None
        for item in items[first : last + 1]:
            if isinstance(item, Node):
                self._hier(element, item)
            else:
                box = _el(_el(element, "hcontainer", name="text"), "content")
                self._p(box, item, None)
        if last < len(items) - 1:
            wrap = _el(element, "wrapUp")
            for tail in items[last + 1 :]:
                self._p(wrap, str(tail), None)

    def _items(self, node: Node, by_line: bool = False) -> list[str | Node]:
        """The node's own wording and its structural children, in document order; headings
        and page furniture are left out. Wording is folded to single spaces, a run of it
        into one string, or (``by_line``: schedules, preface) one string per line."""
        raw: list[str | Node] = []
        pos = node.start
        for child in node.children:
            raw.append(self.act.text[pos : child.start])
            if child.kind is NodeKind.CONTENT:
                raw.append(self.act.body_text(child))
            elif child.kind not in _SKIPPED:
                raw.append(child)
            pos = child.end
        raw.append(self.act.text[pos : node.end])
        out: list[str | Node] = []
        for item in raw:
            if not isinstance(item, str):
                out.append(item)
                continue
            for piece in item.splitlines() if by_line else [item]:
                piece = _clean(piece)
                if not piece:
                    continue
                if not by_line and out and isinstance(out[-1], str):
                    out[-1] = f"{out[-1]} {piece}"
                else:
                    out.append(piece)
        return out

    def _texts(self, node: Node, heading: bool = False) -> list[str]:
        """The node's lines; with ``heading``, its heading first ("OBJECTS AND REASONS")."""
        texts = [i for i in self._items(node, by_line=True) if isinstance(i, str)]
        return [node.heading, *texts] if heading and node.heading else texts

    def _p(self, parent: etree._Element, text: str, definition: str | None) -> None:
        p = _el(parent, "p")
        pos = 0
        last: etree._Element | None = None
        marks: list[tuple[int, int, str, bool]] = []
        if definition and definition in text:
            at = text.index(definition)
            marks.append((at, at + len(definition), definition, True))
        if self.term_re is not None:
            for m in self.term_re.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b, _, _ in marks):
                    marks.append((m.start(), m.end(), m.group(1), False))
        for start, end, term, is_def in sorted(marks):
            chunk = text[pos:start]
            if last is None:
                p.text = chunk
            else:
                last.tail = chunk
            if is_def:
                last = _el(p, "def", term, refersTo=f"#{term_id(term)}")
            else:
                key = parent_eid(parent)
                self.term_counts[key] = self.term_counts.get(key, 0) + 1
                last = _el(
                    p,
                    "term",
                    term,
                    refersTo=f"#{term_id(term)}",
                    eId=f"{key}__term_{self.term_counts[key]}",
                )
            pos = end
        if last is None:
            p.text = text
        else:
            last.tail = text[pos:]


def parent_eid(element: etree._Element) -> str:
    """The eId of the nearest ancestor that has one (for the eIds of <term> marks)."""
    node: etree._Element | None = element
    while node is not None:
        eid = node.get("eId")
        if eid:
            return eid
        node = node.getparent()
    return "body"


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _strip_num(text: str, num: str) -> str:
    """'4. The Minister...' -> 'The Minister...' for section 4; '(1) A person' -> 'A person'."""
    bare = num.strip("()")
    pattern = (
        rf"^\(\s*{re.escape(bare)}\s*\)"
        if num.startswith("(")
        else rf"^(?:{_LABEL_WORDS}\s+)?{re.escape(bare)}\s*[.:]?(?:\s*[-–—]+)?"
    )
    return re.sub(pattern, "", text, count=1).strip()
