"""Passages: the citable units of an Act that matching looks at (its sections, and the long
title), each with its body wording and a map from wording offsets back to the Act's text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from harmonise.structure.act import FURNITURE, Act, Node, NodeKind

_DEFINITIONS_HEADING = re.compile(r"\b(interpretation|definitions?|meaning of)\b", re.I)
_PENALTY_HEADING = re.compile(r"\bpenalt(y|ies)\b", re.I)
_NOT_GENERAL = re.compile(r"fixed|administrative", re.I)
_GENERAL_PENALTY_TEXT = re.compile(
    r"general penalty|no (other |specific )?penalty is (expressly |specifically )?provided|"
    r"for which no (other )?penalty",
    re.I,
)


@dataclass
class Passage:
    """A section (or the long title) as matching sees it."""

    eid: str
    num: str  # what a finding cites: "4", or "long title"
    heading: str | None
    part: str | None
    text: str  # body wording (no headings, no page furniture)
    segments: list[tuple[int, int]]  # Act.text spans that make up ``text``, in order
    is_definitions: bool = False
    is_general_penalty: bool = False
    doc: Doc | None = field(default=None, repr=False)
    _cum: list[int] = field(default_factory=list, repr=False)

    def act_offset(self, offset: int) -> int:
        """Offset in Act.text of the character at ``offset`` of ``text``."""
        if not self.segments:
            return 0
        if not self._cum:
            total = 0
            for start, end in self.segments:
                self._cum.append(total)
                total += end - start
        i = max(0, bisect.bisect_right(self._cum, offset) - 1)
        return self.segments[i][0] + (offset - self._cum[i])


def _body_segments(node: Node, out: list[tuple[int, int]]) -> None:
    if node.kind in FURNITURE or node.kind is NodeKind.HEADING:
        return
    if not node.children:
        if node.end > node.start:
            out.append((node.start, node.end))
        return
    pos = node.start
    for child in node.children:
        if child.start > pos:
            out.append((pos, child.start))
        _body_segments(child, out)
        pos = child.end
    if node.end > pos:
        out.append((pos, node.end))


def build_passages(act: Act) -> list[Passage]:
    passages: list[Passage] = []
    long_title = next((n for n in act.walk() if n.kind is NodeKind.LONG_TITLE), None)
    if long_title is not None:
        segs: list[tuple[int, int]] = []
        _body_segments(long_title, segs)
        passages.append(_passage(act, long_title.eid, "long title", None, None, segs))
    defined_in = {d.section_eid.split("__subsec")[0] for d in act.definitions}
    for view in act.sections():
        segs = []
        _body_segments(view.node, segs)
        passage = _passage(act, view.eid, view.num, view.heading, view.part, segs)
        heading = view.heading or ""
        passage.is_definitions = bool(_DEFINITIONS_HEADING.search(heading)) or (
            view.eid in defined_in
        )
        penalty_heading = _PENALTY_HEADING.search(heading) and not _NOT_GENERAL.search(heading)
        passage.is_general_penalty = bool(penalty_heading) or bool(
            _GENERAL_PENALTY_TEXT.search(passage.text)
        )
        passages.append(passage)
    return passages


def _passage(
    act: Act,
    eid: str,
    num: str,
    heading: str | None,
    part: str | None,
    segs: list[tuple[int, int]],
) -> Passage:
    text = "".join(act.text[s:e] for s, e in segs)
    return Passage(eid=eid, num=num, heading=heading, part=part, text=text, segments=segs)
