"""parse(SourceDocument) -> Act: the lossless tree of a statute.

One pass over the normalised lines, in regions: preface (title, long title, enacting words),
arrangement of sections, body (parts, sections, subsections, paragraphs, definitions,
provisos), schedules, memorandum (objects and reasons), conclusion ("Read three times...").
The parser never raises on content: text it cannot place becomes an UNRECOGNISED node and
an S201 diagnostic; every character of the normalised text ends up in exactly one node.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings
from harmonise.structure import arrangement as arr
from harmonise.structure import numbering as nb
from harmonise.structure.act import Act, Diagnostic, NodeKind
from harmonise.structure.body import BodyBuilder
from harmonise.structure.builder import SMALL_WORDS, SPACES, Builder, clean_heading
from harmonise.structure.definitions import collect_definitions
from harmonise.structure.diagnostics import diagnostic
from harmonise.structure.lines import Info, Tag, classify
from harmonise.structure.normalise import Normalised, normalise
from harmonise.structure.ocr import restore_lost_digits
from harmonise.structure.tree import RANK, BuildNode, freeze

_NUMBER_PREFIX = re.compile(r"^\s*No\.?\s*\d+\s*[._\-–—]*\s*")


def parse(doc: SourceDocument, settings: Settings | None = None) -> Act:
    """Parse ``doc`` into an :class:`Act`. Never raises on content."""
    settings = settings or Settings()
    norm = normalise(doc, settings)
    infos = [classify(norm.text[ln.start : ln.end], ln.kind) for ln in norm.lines]
    builder = _Parser(norm, infos, settings)
    try:
        roots = builder.run()
    except Exception as exc:
        builder = _Parser(norm, infos, settings)
        builder.tree.leaf(NodeKind.UNRECOGNISED, 0, len(norm.text))
        roots = builder.tree.finish(len(norm.text))
        builder.diagnostics.append(
            diagnostic("S207", f"the parser failed ({type(exc).__name__}); text kept whole", 1)
        )
    builder.diagnostics += _restore_section_numbers(roots, norm)
    nodes = freeze(roots)
    act = Act.from_source(
        doc, text=norm.text, source_offsets=norm.offsets, nodes=nodes, arrangement=builder.entries
    )
    act.definitions = collect_definitions(act)
    act.title, act.long_title = _titles(act)
    ingest = [Diagnostic(code=n.code, severity=n.severity, message=n.message) for n in doc.notes]
    act.diagnostics = ingest + norm.diagnostics + builder.diagnostics + _checks(act, builder, norm)
    return act


#: The method that reads a line in each region (by name: looked up once per line instead of
#: a table of bound methods built for every line).
_HANDLERS = {
    "preface": "_preface",
    "memorandum": "_memorandum",
    "conclusion": "_content",
    "schedule": "_in_schedule",
    "body": "_body",
}


# --- the builder --------------------------------------------------------------------------------


class _Parser(BodyBuilder):
    # -- driver -----------------------------------------------------------------------------------

    def run(self) -> list[BuildNode]:
        i = 0
        while i < len(self.infos):
            if i in self.skip:
                i += 1
                continue
            resume = self._step(i)
            i = resume if resume is not None else i + 1
        self._flush()
        return self.tree.finish(len(self.text))

    def _step(self, i: int) -> int | None:
        tag = self.infos[i].tag
        if i in self.quoted and tag not in (Tag.BLANK, Tag.RUNNING_HEAD, Tag.PAGE_NUMBER):
            if i in self.quoted_terms and self.region == "body":
                return self._body(i)  # a term the amending section inserts
            if tag in (Tag.SECTION, Tag.SUBSECTION, Tag.PART):
                self._end_quoted_term(i)
            return self._content(i)
        if tag is Tag.ARRANGEMENT and self.region in ("preface", "memorandum", "body"):
            return self._arrangement(i)
        if tag is Tag.MEMORANDUM:
            return self._container(i, NodeKind.MEMORANDUM, "memorandum")
        if tag is Tag.CONCLUSION and self.region in ("body", "schedule"):
            return self._container(i, NodeKind.CONCLUSION, "conclusion")
        if tag is Tag.SCHEDULE and self.region != "preface":
            return self._schedule(i)
        handler: Callable[[int], int | None] = getattr(self, _HANDLERS[self.region])
        return handler(i)

    def _end_quoted_term(self, i: int) -> None:
        """A quoted provision after inserted terms ('47B.-(1) ...' after '"supplied"
        means ...') is not part of the last term's wording."""
        top = self.tree.top
        if top is not None and top.kind is NodeKind.DEFINITION:
            self._flush()
            self.tree.close_to(RANK[NodeKind.DEFINITION], self._start(i))

    # -- top-level regions ------------------------------------------------------------------------

    def _container(self, i: int, kind: NodeKind, region: str) -> int | None:
        self._flush()
        node = self.tree.open(BuildNode(kind, self._start(i), line=i), self._start(i))
        node.heading = self.infos[i].stripped
        self.tree.leaf(
            NodeKind.HEADING,
            self._start(i, self.infos[i].indent),
            self._line_end(i),
            heading=node.heading,
        )
        self.region = region
        return None

    def _ensure_preface(self, i: int) -> None:
        if self.tree.find(NodeKind.PREFACE) is None:
            self._flush()
            self.tree.open(BuildNode(NodeKind.PREFACE, self._start(i), line=i), self._start(i))

    def _preface(self, i: int) -> int | None:
        info = self.infos[i]
        tag = info.tag
        if tag is Tag.PART or (tag is Tag.SECTION and self._section_here(i)):
            self.region = "body"
            return self._body(i)
        if tag is Tag.SCHEDULE:
            return self._schedule(i)
        self._ensure_preface(i)
        if tag is Tag.LONG_TITLE:
            return self._span(i, NodeKind.LONG_TITLE, _long_title_end)
        if tag is Tag.ENACTING:
            return self._span(i, NodeKind.ENACTING, _enacting_end)
        if tag is Tag.TEXT and self._is_title(i):
            self._flush()
            self.tree.leaf(
                NodeKind.TITLE,
                self._start(i, info.indent),
                self._line_end(i),
                heading=_clean_title(info.stripped),
            )
            return None
        if tag is Tag.TEXT and self._heading_candidate(i):
            self.pending.append(i)  # may head section 1
            return None
        return self._content(i)

    def _is_title(self, i: int) -> bool:
        preface = self.tree.find(NodeKind.PREFACE)
        if preface is None or any(c.kind is NodeKind.TITLE for c in self._all_prefaces()):
            return False
        text = _clean_title(self.infos[i].stripped)
        words = text.split()
        lower = [w for w in words if w[:1].islower() and w not in SMALL_WORDS]
        return (
            nb.TITLE.search(text) is not None
            and text[:1].isupper()  # not the end of a sentence ("...the amending Act.")
            and 2 <= len(words) <= 15
            and len(lower) <= 1
            and not re.match(r"^(?:ACT|Act)\s+(?:No\.?\s*)?\d", text)
            and not re.search(r"\bNo\.?\s*\d+\s+(?:of|OF)\b", text)
            # an amendment note ("Amended by Act 6 of 2015"), not a name
            and not re.search(r"\b(?:ACT|Act)\s+\d+\s+(?:of|OF)\s+\d{4}\b", text)
            # the name comes before the long title, never after it
            and not any(c.kind is NodeKind.LONG_TITLE for c in self._all_prefaces())
        )

    def _all_prefaces(self) -> list[BuildNode]:
        return [c for r in self.tree.roots if r.kind is NodeKind.PREFACE for c in r.children]

    def _span(self, i: int, kind: NodeKind, is_end) -> int:
        """A leaf over lines i..j of the preface (long title, enacting words)."""
        self._flush()
        j = i
        limit = min(len(self.infos), i + 40)
        while j < limit and not is_end(self.infos, i, j):
            j += 1
        j = min(j, len(self.infos) - 1)
        while j > i and self.infos[j].tag is Tag.BLANK:
            j -= 1
        self.tree.leaf(kind, self._start(i, self.infos[i].indent), self._line_end(j))
        return j + 1

    def _memorandum(self, i: int) -> int | None:
        tag = self.infos[i].tag
        if tag in (Tag.LONG_TITLE, Tag.ENACTING):
            self.tree.close_to(0, self._start(i))
            self.region = "preface"
            return self._preface(i)
        if tag is Tag.PART and self.infos[i].stripped.startswith("PART"):
            self.region = "body"
            return self._body(i)
        return self._content(i)

    def _arrangement(self, i: int) -> int:
        self._flush()
        node = self.tree.open(
            BuildNode(NodeKind.ARRANGEMENT, self._start(i), line=i), self._start(i)
        )
        node.heading = self.infos[i].stripped
        self.tree.leaf(
            NodeKind.HEADING,
            self._start(i, self.infos[i].indent),
            self._line_end(i),
            heading=node.heading,
        )
        result = arr.scan(self.infos, i, self.settings)
        for eline in result.lines:
            last = max(eline.line, eline.last_line)
            self.tree.leaf(
                NodeKind.ARRANGEMENT_ENTRY,
                self._start(eline.line, self.infos[eline.line].indent),
                self._line_end(last),
                num=eline.num,
                heading=clean_heading(eline.title) if eline.title else None,
            )
        self.entries.extend(result.entries)
        for eline in result.lines:
            if eline.num:
                self.entry_lines.setdefault(eline.num, self.lines[eline.line].source_line)
        resume = result.last_used + 1
        while resume < len(self.infos) and self.infos[resume].tag is Tag.BLANK:
            resume += 1
        self.tree.close_to(0, self._start(resume) if resume < len(self.lines) else len(self.text))
        self.region = {"end": "body", "memorandum": "preface", "conclusion": "body"}.get(
            result.next_region, result.next_region
        )
        return resume

    # -- schedules --------------------------------------------------------------------------------

    def _schedule(self, i: int) -> int | None:
        info = self.infos[i]
        self._flush()
        node = self.tree.open(
            BuildNode(NodeKind.SCHEDULE, self._start(i), num=info.num, line=i), self._start(i)
        )
        self.tree.leaf(
            NodeKind.HEADING, self._start(i, info.indent), self._line_end(i), heading=info.stripped
        )
        node.heading = info.title
        self.region = "schedule"
        j = self._next_nonblank(i)
        if node.heading is None and j is not None and self._schedule_title(j):
            node.heading = clean_heading(self.infos[j].stripped)
            self.tree.leaf(
                NodeKind.HEADING,
                self._start(j, self.infos[j].indent),
                self._line_end(j),
                heading=node.heading,
            )
            self.skip.add(j)
        return None

    def _schedule_title(self, j: int) -> bool:
        info = self.infos[j]
        text = info.stripped
        return (
            info.tag is Tag.TEXT
            and len(text) <= self.settings.heading_max_chars
            and not text.startswith(("(", "["))
            and not text.endswith((",", ";"))
        )

    def _in_schedule(self, i: int) -> int | None:
        info = self.infos[i]
        if info.tag in (Tag.SECTION, Tag.PART) and self._resumes_body(i):
            self._flush()
            self.tree.close_to(0, self._start(i))
            self.region = "body"
            return self._body(i)
        if info.tag is Tag.NOTE:
            self.pending.append(i)
            return None
        return self._content(i)

    def _resumes_body(self, i: int) -> bool:
        """Text after a schedule heading that is really the body going on (bad extractions)."""
        j = i
        if self.infos[i].tag is Tag.PART:
            j = next(
                (
                    k
                    for k in range(i + 1, min(i + 6, len(self.infos)))
                    if self.infos[k].tag is Tag.SECTION
                ),
                -1,
            )
            if j < 0:
                return False
        info = self.infos[j]
        if self.max_section is None or not info.num:
            return False
        if nb.section_number(info.num)[0] != self.max_section[0] + 1:
            return False
        if info.sub:
            return True
        after = info.text[info.body_col :].strip()
        nxt = self._next_text(j)
        return len(after) >= 30 and nxt is not None and self.infos[nxt].tag is Tag.TEXT


def _long_title_end(infos: list[Info], i: int, j: int) -> bool:
    """Is line ``j`` the last line of the long title starting at ``i``?"""
    if j + 1 >= len(infos):
        return True
    info = infos[j]
    nxt = infos[j + 1]
    if (info.tag is not Tag.BLANK and info.stripped.endswith(".") and j > i) or (
        j == i and info.stripped.endswith(".")
    ):
        return True
    return nxt.tag in (Tag.ENACTING, Tag.PART, Tag.SECTION, Tag.ARRANGEMENT, Tag.NOTE) or (
        nxt.stripped.startswith("[")
    )


def _enacting_end(infos: list[Info], i: int, j: int) -> bool:
    if j + 1 >= len(infos):
        return True
    text = infos[j].stripped
    return text.endswith((":", ":-", "—", ":—", ".", "as follows", "-")) or infos[j + 1].tag in (
        Tag.PART,
        Tag.SECTION,
        Tag.BLANK,
    )


def _restore_section_numbers(roots: list[BuildNode], norm: Normalised) -> list[Diagnostic]:
    """Body sections (not those of schedules) renumbered where the print lost a digit."""
    sections: list[BuildNode] = []
    for node in roots:
        if node.kind is NodeKind.SECTION:
            sections.append(node)
        elif node.kind is NodeKind.PART:
            sections.extend(c for c in node.children if c.kind is NodeKind.SECTION)
    return [
        diagnostic(
            "S106",
            f"section printed as {printed}. read as section {node.num} (between the sections "
            "around it; a digit lost in the print)",
            norm.lines[node.line].source_line if node.line < len(norm.lines) else None,
        )
        for node, printed in restore_lost_digits(sections)
    ]


def _clean_title(text: str) -> str:
    return SPACES.sub(" ", _NUMBER_PREFIX.sub("", text)).strip().rstrip(".")


def _titles(act: Act) -> tuple[str | None, str | None]:
    title = long_title = None
    for node in act.walk():
        if title is not None and long_title is not None:
            break  # both found (in the preface, mostly): no later node changes them
        if node.kind is NodeKind.TITLE and title is None:
            title = node.heading
        elif node.kind is NodeKind.LONG_TITLE and long_title is None:
            text = SPACES.sub(" ", act.text_of(node)).strip()
            m = re.search(r"\bAN ACT\b|\bAn Act\b", text)
            long_title = text[m.start() :] if m else text
        elif node.kind is NodeKind.SECTION and title is None and node.num == "1":
            m = nb.SHORT_TITLE.search(SPACES.sub(" ", act.body_text(node)))
            if m:
                title = m.group("title").strip().rstrip(".;,")
    return title, long_title


def _checks(act: Act, builder: Builder, norm: Normalised) -> list[Diagnostic]:
    sections = act.sections()
    if not sections:
        return [diagnostic("S206", "no sections found in the text", None)]
    starts = [ln.start for ln in norm.lines]

    def source_line(offset: int) -> int:
        k = max(0, bisect.bisect_right(starts, offset) - 1)
        return norm.lines[k].source_line

    lines = {
        v.eid: source_line(v.node.children[0].start if v.node.children else v.start)
        for v in sections
    }
    return arr.cross_check(builder.entries, builder.entry_lines, sections, lines) + (
        arr.numbering_gaps(sections, lines)
    )
