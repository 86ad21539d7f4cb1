"""The tree while it is built (cheap mutable nodes), its eIds, and the frozen result.

Akoma Ntoso style eIds: ``part_2__sec_4__subsec_1__para_a``. Roman part numbers become
arabic (``PART II`` -> ``part_2``); kinds without a number get a counter per parent
(``sec_4__heading_1``). Uniqueness is enforced in document order by appending ``_2``,
``_3``... to a repeated eId, so the same text always gets the same ids.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from harmonise.structure import numbering as nb
from harmonise.structure.act import Node, NodeKind


@dataclass(slots=True, eq=False)
class BuildNode:
    kind: NodeKind
    start: int
    end: int = -1
    num: str | None = None
    heading: str | None = None
    children: list[BuildNode] = field(default_factory=list)
    indent: int | None = None  # column of the label, for nesting by indentation
    line: int = 0  # index of the normalised line it starts on
    term_end: int = 0  # definitions: offset after the term
    last_num: str | None = None  # last child number seen (subsections, paragraphs)
    heading_lines: int = 0  # headings attached so far


EID_PREFIX = {
    NodeKind.PART: "part",
    NodeKind.SECTION: "sec",
    NodeKind.SUBSECTION: "subsec",
    NodeKind.PARAGRAPH: "para",
    NodeKind.SUBPARAGRAPH: "subpara",
    NodeKind.DEFINITION: "def",
    NodeKind.SCHEDULE: "schedule",
    NodeKind.ARRANGEMENT_ENTRY: "entry",
}
_NUMBERED = frozenset(
    {
        NodeKind.PART,
        NodeKind.SECTION,
        NodeKind.SUBSECTION,
        NodeKind.PARAGRAPH,
        NodeKind.SUBPARAGRAPH,
    }
)
_COUNTED = frozenset(
    {
        NodeKind.HEADING,
        NodeKind.RUNNING_HEAD,
        NodeKind.PAGE_NUMBER,
        NodeKind.PROVISO,
        NodeKind.CONTENT,
        NodeKind.BLANK,
        NodeKind.UNRECOGNISED,
        NodeKind.ARRANGEMENT_ENTRY,
    }
)
SLUG = re.compile(r"[^a-z0-9]+")


def _own_id(node: BuildNode, counter: dict[str, int]) -> str:
    kind = node.kind
    if kind in _NUMBERED and node.num:
        num = node.num.strip("()")
        if kind is NodeKind.PART and nb.roman_value(num):
            num = str(nb.roman_value(num))
        return f"{EID_PREFIX[kind]}_{SLUG.sub('-', num.lower()) if kind is NodeKind.PART else num}"
    if kind is NodeKind.DEFINITION and node.heading:
        return f"def_{SLUG.sub('-', node.heading.lower()).strip('-') or 'term'}"
    if kind is NodeKind.SCHEDULE:
        return f"schedule_{node.num}" if node.num else "schedule"
    base = EID_PREFIX.get(kind, kind.value)
    if kind in _COUNTED or kind in _NUMBERED:
        counter[base] = counter.get(base, 0) + 1
        return f"{base}_{counter[base]}"
    return base


def freeze(roots: list[BuildNode]) -> list[Node]:
    """Assign unique eIds and build the pydantic nodes (without re-validation)."""
    seen: set[str] = set()

    def build(nodes: list[BuildNode], parent: str) -> list[Node]:
        counter: dict[str, int] = {}
        out = []
        for node in nodes:
            own = _own_id(node, counter)
            eid = unique_eid(f"{parent}__{own}" if parent else own, seen)
            children = build(node.children, eid)
            out.append(
                Node.model_construct(
                    kind=node.kind,
                    eid=eid,
                    start=node.start,
                    end=node.end,
                    num=node.num,
                    heading=node.heading,
                    children=children,
                )
            )
        return out

    return build(roots, "")


#: Nesting rank: opening a node closes every open node of the same or a deeper rank.
RANK = {
    NodeKind.PREFACE: 0,
    NodeKind.ARRANGEMENT: 0,
    NodeKind.MEMORANDUM: 0,
    NodeKind.CONCLUSION: 0,
    NodeKind.SCHEDULE: 0,
    NodeKind.PART: 1,
    NodeKind.SECTION: 2,
    NodeKind.UNRECOGNISED: 2,
    NodeKind.SUBSECTION: 3,
    NodeKind.DEFINITION: 4,
    NodeKind.PROVISO: 4,
    NodeKind.PARAGRAPH: 5,
    NodeKind.SUBPARAGRAPH: 6,
}


_BODY = frozenset({NodeKind.PART, NodeKind.SECTION, NodeKind.UNRECOGNISED})
_OUTSIDE_BODY = frozenset(
    {
        NodeKind.PREFACE,
        NodeKind.ARRANGEMENT,
        NodeKind.MEMORANDUM,
        NodeKind.CONCLUSION,
        NodeKind.SCHEDULE,
    }
)


class Tree:
    """The open containers (a stack) and the roots built so far."""

    def __init__(self) -> None:
        self.roots: list[BuildNode] = []
        self.stack: list[BuildNode] = []

    @property
    def top(self) -> BuildNode | None:
        return self.stack[-1] if self.stack else None

    def find(self, *kinds: NodeKind) -> BuildNode | None:
        for node in reversed(self.stack):
            if node.kind in kinds:
                return node
        return None

    def open(self, node: BuildNode, at: int) -> BuildNode:
        """Close what ``node`` ends (at offset ``at``), then open ``node`` inside the rest."""
        rank = RANK[node.kind]
        if node.kind in _BODY and any(n.kind in _OUTSIDE_BODY for n in self.stack):
            rank = 0
        self.close_to(rank, at)
        self._siblings().append(node)
        self.stack.append(node)
        return node

    def close_to(self, rank: int, at: int) -> None:
        while self.stack and RANK[self.stack[-1].kind] >= rank:
            node = self.stack.pop()
            last = node.children[-1].end if node.children else node.start
            node.end = max(at, last, node.start)

    def leaf(self, kind: NodeKind, start: int, end: int, **fields: object) -> BuildNode:
        node = BuildNode(kind, start, end, **fields)  # type: ignore[arg-type]
        self._siblings().append(node)
        return node

    def _siblings(self) -> list[BuildNode]:
        return self.stack[-1].children if self.stack else self.roots

    def finish(self, length: int) -> list[BuildNode]:
        """Close everything at ``length`` and make the roots tile the text."""
        self.close_to(0, length)
        roots = self.roots
        if roots:
            roots[0].start = 0
            for a, b in itertools.pairwise(roots):
                a.end = b.start
            roots[-1].end = length
        return roots


def unique_eid(eid: str, seen: set[str]) -> str:
    """``eid``, or ``eid_2``, ``eid_3``... when taken; recorded in ``seen``."""
    if eid in seen:
        n = 2
        while f"{eid}_{n}" in seen:
            n += 1
        eid = f"{eid}_{n}"
    seen.add(eid)
    return eid
