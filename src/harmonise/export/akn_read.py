"""Akoma Ntoso in: the :class:`Act` of a document whose structure the source states itself.

:func:`harmonise.ingest.akn.read_akn` renders the AKN XML as text and records an outline of
its elements over that text; this module turns the outline into the Act tree directly,
without the heuristics of the plain-text parser (which could only guess again what the XML
already says). The Act keeps the AKN ``eId`` of every element that has one (made unique in
document order like the parser's), and its top-level nodes tile the text as the parser's
do, so every later stage reads it like any other Act.
"""

from __future__ import annotations

import itertools
import re

from harmonise.ingest.source import OutlineNode, SourceDocument
from harmonise.structure import numbering as nb
from harmonise.structure import tree
from harmonise.structure.act import Act, ArrangementEntry, Diagnostic, Node, NodeKind, Severity
from harmonise.structure.definitions import collect_definitions

_SLUG = tree.SLUG
_PREFIX = tree.EID_PREFIX
_SPACES = re.compile(r"\s+")


def act_from_outline(doc: SourceDocument) -> Act:
    """The Act of ``doc``, built from ``doc.outline``."""
    outline = doc.outline or []
    seen: set[str] = set()
    nodes = [_node(o, "", seen, {}) for o in outline]
    _tile(nodes, len(doc.text))
    arrangement = [
        ArrangementEntry(num=n.num, title=n.heading or "")
        for n in _walk(nodes)
        if n.kind is NodeKind.ARRANGEMENT_ENTRY
    ]
    act = Act.from_source(
        doc, text=doc.text, source_offsets=[], nodes=nodes, arrangement=arrangement
    )
    act.definitions = collect_definitions(act)
    for node in act.walk():
        if node.kind is NodeKind.TITLE and act.title is None:
            act.title = node.heading or _SPACES.sub(" ", act.text_of(node)).strip()
        elif node.kind is NodeKind.LONG_TITLE and act.long_title is None:
            act.long_title = _SPACES.sub(" ", act.text_of(node)).strip()
    sections = act.sections()
    if act.title is None and sections and sections[0].num == "1":  # as the parser does
        m = nb.SHORT_TITLE.search(_SPACES.sub(" ", sections[0].text))
        act.title = m.group("title").strip().rstrip(".;,") if m else None
    act.diagnostics = [
        Diagnostic(code=n.code, severity=Severity(n.severity), message=n.message) for n in doc.notes
    ]
    if not sections:
        act.diagnostics.append(
            Diagnostic(code="S206", message="no sections in the Akoma Ntoso body")
        )
    return act


def _kind(name: str) -> NodeKind:
    try:
        return NodeKind(name)
    except ValueError:
        return NodeKind.UNRECOGNISED


def _node(o: OutlineNode, parent: str, seen: set[str], counter: dict[str, int]) -> Node:
    kind = _kind(o.kind)
    eid = o.eid or _own_id(kind, o, counter)
    if parent and not o.eid:
        eid = f"{parent}__{eid}"
    eid = tree.unique_eid(eid, seen)
    inner: dict[str, int] = {}
    children = [_node(c, eid, seen, inner) for c in o.children]
    return Node.model_construct(
        kind=kind,
        eid=eid,
        start=o.start,
        end=max([o.end, *(c.end for c in children)]),
        num=o.num,
        heading=o.heading,
        children=children,
    )


def _own_id(kind: NodeKind, o: OutlineNode, counter: dict[str, int]) -> str:
    prefix = _PREFIX.get(kind, kind.value)
    if o.num and kind in _PREFIX and kind is not NodeKind.ARRANGEMENT_ENTRY:
        return f"{prefix}_{_SLUG.sub('-', o.num.strip('()').lower()).strip('-')}"
    if kind is NodeKind.DEFINITION and o.heading:
        return f"def_{_SLUG.sub('-', o.heading.lower()).strip('-') or 'term'}"
    counter[prefix] = counter.get(prefix, 0) + 1
    return f"{prefix}_{counter[prefix]}"


def _tile(nodes: list[Node], length: int) -> None:
    """Top-level nodes cover the whole text: each runs on to where the next begins."""
    if not nodes:
        return
    nodes[0].start = 0
    for a, b in itertools.pairwise(nodes):
        a.end = b.start
    nodes[-1].end = length


def _walk(nodes: list[Node]) -> list[Node]:
    return [n for node in nodes for n in node.walk()]
