"""Defined terms: the DEFINITION nodes of the tree, as a flat list later stages look up."""

from __future__ import annotations

import re

from harmonise.structure.act import Act, Definition, Node, NodeKind

_VERB = re.compile(
    r"\b(?:means|mean|includes|include|has\s+the\s+(?:same\s+)?meaning|shall\s+mean|"
    r"shall\s+include|refers\s+to|in\s+relation\s+to)\b"
)
_SPACES = re.compile(r"\s+")


def collect_definitions(act: Act) -> list[Definition]:
    """Every DEFINITION node outside the schedules, with the section (and subsection) that
    holds it: ``section_num`` is "2" or "2(1)"."""
    out: list[Definition] = []

    def visit(nodes: list[Node], section: Node | None, subsection: Node | None) -> None:
        for node in nodes:
            if node.kind is NodeKind.SCHEDULE:
                continue
            if node.kind is NodeKind.SECTION:
                visit(node.children, node, None)
            elif node.kind is NodeKind.SUBSECTION:
                visit(node.children, section, node)
            elif node.kind is NodeKind.DEFINITION and section is not None:
                ref = (section.num or "") + (subsection.num or "" if subsection else "")
                out.append(
                    Definition.model_construct(
                        term=node.heading or "",
                        start=node.start,
                        end=node.end,
                        section_eid=section.eid,
                        section_num=ref,
                        text=_wording(act, node),
                    )
                )
            else:
                visit(node.children, section, subsection)

    visit(act.nodes, None, None)
    return out


def _wording(act: Act, node: Node) -> str:
    text = _SPACES.sub(" ", act.body_text(node)).strip()
    m = _VERB.search(text)
    return text[m.start() :] if m else text
