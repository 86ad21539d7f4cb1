"""A readable outline of a parsed Act (what `harmonise parse FILE` prints)."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from harmonise.structure.act import Act, Node, NodeKind, Severity


class OutlineRow(BaseModel):
    kind: NodeKind
    num: str | None
    heading: str | None
    subsections: int = 0
    definitions: int = 0
    depth: int = 0


class Outline(BaseModel):
    title: str | None
    source: str
    rows: list[OutlineRow] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    terms: list[str] = Field(default_factory=list)
    warnings: int = 0
    infos: int = 0


def outline(act: Act) -> Outline:
    """Parts, sections (with subsection and definition counts) and schedules, in order."""
    rows: list[OutlineRow] = []

    def visit(nodes: list[Node], depth: int) -> None:
        for node in nodes:
            if node.kind is NodeKind.PART:
                rows.append(OutlineRow(kind=node.kind, num=node.num, heading=node.heading))
                visit(node.children, depth + 1)
            elif node.kind is NodeKind.SECTION:
                rows.append(
                    OutlineRow(
                        kind=node.kind,
                        num=node.num,
                        heading=node.heading,
                        subsections=sum(c.kind is NodeKind.SUBSECTION for c in node.children),
                        definitions=sum(n.kind is NodeKind.DEFINITION for n in node.walk()),
                        depth=depth,
                    )
                )
            elif node.kind is NodeKind.SCHEDULE:
                rows.append(OutlineRow(kind=node.kind, num=node.num, heading=node.heading))

    visit(act.nodes, 0)
    kinds = Counter(row.kind for row in rows)
    severities = Counter(d.severity for d in act.diagnostics)
    return Outline(
        title=act.title,
        source=act.source,
        rows=rows,
        counts={
            "sections": kinds[NodeKind.SECTION],
            "parts": kinds[NodeKind.PART],
            "schedules": kinds[NodeKind.SCHEDULE],
            "definitions": len(act.definitions),
        },
        terms=[f"{d.term} ({d.section_num})" for d in act.definitions],
        warnings=severities[Severity.WARNING],
        infos=severities[Severity.INFO],
    )


def format_outline(out: Outline) -> str:
    lines = [f"{out.title or '(no title found)'}  [{out.source}]"]
    for row in out.rows:
        if row.kind is NodeKind.PART:
            lines.append(f"PART {row.num or ''}  {row.heading or ''}".rstrip())
        elif row.kind is NodeKind.SCHEDULE:
            lines.append(f"SCHEDULE {row.num or ''}  {row.heading or ''}".rstrip())
        else:
            extra = []
            if row.subsections:
                extra.append(_n(row.subsections, "subsection"))
            if row.definitions:
                extra.append(_n(row.definitions, "defined term"))
            indent = "  " * (row.depth + 1)
            heading = (row.heading or "-")[:60]
            lines.append(f"{indent}{row.num or '?':<6} {heading:<60}  {', '.join(extra)}".rstrip())
    c = out.counts
    lines.append(
        f"{_n(c['sections'], 'section')}, {_n(c['parts'], 'part')}, "
        f"{_n(c['schedules'], 'schedule')}, {_n(c['definitions'], 'defined term')}"
    )
    if out.terms:
        lines.append("Defined terms: " + "; ".join(out.terms))
    lines.append(f"Diagnostics: {_n(out.warnings, 'warning')}, {out.infos} info (see --json)")
    return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
