"""The parsed Act: a lossless tree of nodes over the normalised text.

Invariants (tested with hypothesis):
- ``Act.text`` is the normalised text; every node has ``start <= end`` offsets into it.
- A node's span covers its children's spans; siblings are in order and do not overlap.
- The top-level nodes tile ``Act.text`` exactly: every character belongs to exactly one node,
  namely the deepest node whose span contains it. Concatenating the top-level nodes' text
  gives ``Act.text`` back.
- ``eid`` values are unique, in the Akoma Ntoso style (``part_2__sec_4__subsec_1``).
- ``source_offsets`` maps each offset of ``Act.text`` back to the offset in
  ``SourceDocument.text`` it came from, so a finding can cite the original line.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from harmonise.ingest.source import SourceDocument


class NodeKind(StrEnum):
    PREFACE = "preface"  # title, long title, enacting words, notes before the body
    TITLE = "title"
    LONG_TITLE = "long_title"
    ENACTING = "enacting"
    ARRANGEMENT = "arrangement"  # ARRANGEMENT OF SECTIONS: a table of contents, not law
    ARRANGEMENT_ENTRY = "arrangement_entry"
    PART = "part"
    SECTION = "section"  # also a clause of a bill
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "subparagraph"
    PROVISO = "proviso"
    DEFINITION = "definition"  # one defined term inside an interpretation section
    SCHEDULE = "schedule"
    HEADING = "heading"  # a heading line or marginal note of its parent
    CONTENT = "content"  # ordinary body text of its parent
    RUNNING_HEAD = "running_head"  # page furniture: kept, never glued into sentences
    PAGE_NUMBER = "page_number"
    BLANK = "blank"  # whitespace between blocks
    UNRECOGNISED = "unrecognised"  # text the parser could not place (see diagnostics)
    MEMORANDUM = "memorandum"  # objects and reasons, explanatory memorandum: not law
    CONCLUSION = "conclusion"  # "Read three times and passed...", signatures: not law


#: Kinds that are page furniture or layout, never part of the law's wording.
FURNITURE = frozenset({NodeKind.RUNNING_HEAD, NodeKind.PAGE_NUMBER, NodeKind.BLANK})


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: NodeKind
    eid: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    num: str | None = Field(None, description="Number as printed, cleaned: '4', '(1)', '(a)'.")
    heading: str | None = Field(None, description="Heading or marginal note, for containers.")
    children: list[Node] = Field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


class Definition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: str
    start: int = Field(description="Offset of the whole definition in Act.text.")
    end: int
    section_eid: str
    section_num: str = Field(description="Reference to cite: '2' or '2(1)'.")
    text: str = Field(description="The definition's wording, after the term.")


class ArrangementEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    num: str | None
    title: str
    kind: NodeKind = NodeKind.SECTION


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"


class Diagnostic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Stable code, e.g. 'S201' unrecognised text.")
    severity: Severity = Severity.WARNING
    message: str
    line: int | None = Field(None, description="1-based line in the source document.")


class SectionView(BaseModel):
    """A section as later stages use it: where it sits, its heading, its wording."""

    model_config = ConfigDict(frozen=True)

    eid: str
    num: str
    heading: str | None
    part: str | None = Field(None, description="Number and heading of the enclosing part.")
    text: str = Field(description="Body wording without headings and page furniture.")
    start: int
    end: int
    node: Node


class Act(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Name of the source document.")
    source_sha256: str
    format: str = "text"
    title: str | None = None
    long_title: str | None = None
    text: str = Field(description="The normalised text all offsets point into.")
    source_offsets: list[int] = Field(
        default_factory=list,
        description="For each offset of text, the offset in the source document it came from.",
        repr=False,
    )
    source_line_starts: list[int] = Field(
        default_factory=list,
        description="Offsets where the source document's lines begin.",
        repr=False,
    )
    source_page_starts: list[int] = Field(
        default_factory=list,
        description="Offsets where the source document's pages begin (PDF input).",
        repr=False,
        exclude=True,  # provenance, like source_offsets; kept out of the structure JSON
    )
    nodes: list[Node] = Field(default_factory=list)
    arrangement: list[ArrangementEntry] = Field(default_factory=list)
    definitions: list[Definition] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    @classmethod
    def from_source(
        cls,
        doc: SourceDocument,
        *,
        text: str,
        source_offsets: list[int],
        nodes: list[Node],
        arrangement: list[ArrangementEntry],
    ) -> Act:
        """An Act over ``text`` (the document's text after normalisation) with the document's
        provenance; title, definitions and diagnostics are filled in by the caller."""
        return cls.model_construct(
            source=doc.name,
            source_sha256=doc.sha256,
            format=doc.format,
            title=None,
            long_title=None,
            text=text,
            source_offsets=source_offsets,
            source_line_starts=doc.line_starts(),
            source_page_starts=list(doc.page_starts),
            nodes=nodes,
            arrangement=arrangement,
            definitions=[],
            diagnostics=[],
        )

    # --- navigation -----------------------------------------------------------------------

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def text_of(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def body_text(self, node: Node) -> str:
        """The node's wording without headings, numbers' furniture or page furniture: what
        the law says, for matching and quoting."""
        if not node.children:
            if node.kind in FURNITURE or node.kind is NodeKind.HEADING:
                return ""
            return self.text[node.start : node.end]
        parts: list[str] = []
        pos = node.start
        for child in node.children:
            parts.append(self.text[pos : child.start])
            parts.append(self.body_text(child))
            pos = child.end
        parts.append(self.text[pos : node.end])
        return "".join(parts)

    def sections(self) -> list[SectionView]:
        """Every section (or clause) of the body, in order, with its enclosing part."""
        out: list[SectionView] = []

        def visit(nodes: list[Node], part: str | None) -> None:
            for node in nodes:
                if node.kind is NodeKind.PART:
                    label = " ".join(
                        x for x in (f"Part {node.num}" if node.num else None, node.heading) if x
                    )
                    visit(node.children, label or None)
                elif node.kind is NodeKind.SECTION:
                    out.append(
                        SectionView(
                            eid=node.eid,
                            num=node.num or "",
                            heading=node.heading,
                            part=part,
                            text=self.body_text(node),
                            start=node.start,
                            end=node.end,
                            node=node,
                        )
                    )
                elif node.kind is NodeKind.SCHEDULE:
                    continue
                else:
                    visit(node.children, part)

        visit(self.nodes, None)
        return out

    def source_offset(self, offset: int) -> int:
        """Offset in the source document for an offset of the normalised text."""
        if not self.source_offsets:
            return offset
        if offset >= len(self.source_offsets):
            return self.source_offsets[-1] + 1 if self.source_offsets else 0
        return self.source_offsets[offset]

    def source_line(self, offset: int) -> int | None:
        """1-based source line of an offset of the normalised text, where known."""
        if not self.source_line_starts:
            return None
        return bisect.bisect_right(self.source_line_starts, self.source_offset(offset))

    def source_page(self, offset: int) -> int | None:
        """1-based source page of an offset of the normalised text, where the input had
        pages."""
        if not self.source_page_starts:
            return None
        return bisect.bisect_right(self.source_page_starts, self.source_offset(offset))

    @property
    def words(self) -> int:
        return len(self.text.split())

    def locate(self, offset: int) -> list[Node]:
        """The path of nodes, outermost first, whose spans contain ``offset``."""
        path: list[Node] = []
        nodes = self.nodes
        while True:
            for node in nodes:
                if node.start <= offset < node.end:
                    path.append(node)
                    nodes = node.children
                    break
            else:
                return path

    def cite(self, offset: int, depth: int = 1) -> str | None:
        """How a lawyer cites the text at ``offset``: '4', '4(1)' (depth 1), '4(1)(a)' (2)."""
        path = self.locate(offset)
        ref: str | None = None
        levels = 0
        for node in path:
            if node.kind is NodeKind.SECTION:
                ref, levels = node.num or "", 0
            elif ref is not None and node.kind in _CITED and node.num and levels < depth:
                ref += node.num if node.num.startswith("(") else f"({node.num})"
                levels += 1
        return ref


_CITED = frozenset({NodeKind.SUBSECTION, NodeKind.PARAGRAPH, NodeKind.SUBPARAGRAPH})
