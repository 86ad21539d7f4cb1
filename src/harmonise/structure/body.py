"""The body: parts, sections, subsections, paragraphs, sub-paragraphs, provisos and
definitions, each opened when its line comes and closed by the next of its rank.
"""

from __future__ import annotations

import re

from harmonise.structure import numbering as nb
from harmonise.structure.act import NodeKind
from harmonise.structure.builder import (
    NEXT_ENTRY,
    SMALL_WORDS,
    breaks,
    clean_heading,
    ends_with_reference,
    part_key,
)
from harmonise.structure.headings import HeadingRules
from harmonise.structure.lines import Tag, inline_definition
from harmonise.structure.tree import BuildNode


class BodyBuilder(HeadingRules):
    def _body(self, i: int) -> int | None:
        info = self.infos[i]
        tag = info.tag
        if tag is Tag.PART and self._part_here(i):
            return self._part(i)
        if tag is Tag.SECTION and self._section_here(i):
            if self._arrangement_echo(i):
                self._echo(i)
                return None
            return self._section(i)
        in_section = self.tree.find(NodeKind.SECTION) is not None
        if in_section and tag is Tag.SUBSECTION and self._subsection_here(i):
            return self._subsection(i)
        if in_section and tag is Tag.PARAGRAPH and self._paragraph_here(i):
            return self._paragraph(i)
        if in_section and tag is Tag.PROVISO:
            self._open_at_label(i, NodeKind.PROVISO)
            return None
        if in_section and tag is Tag.DEFINITION:
            node = self._open_at_label(i, NodeKind.DEFINITION)
            node.heading = info.term
            node.term_end = self._start(i, info.term_end)
            return None
        if tag is Tag.TEXT and not self.awaiting_text and self._heading_candidate(i):
            self.pending.append(i)
            return None
        if tag is not Tag.BLANK:
            self.awaiting_text = False
        if tag is Tag.TEXT and in_section:
            self._flush()
            self._dedent(i)
            return None
        return self._content(i)

    def _part(self, i: int) -> int | None:
        info = self.infos[i]
        self._flush()
        current = self.tree.find(NodeKind.PART)
        if current is not None and part_key(current.num) == part_key(info.num):
            # the same PART heading again (a page repeated by the extraction): a heading
            self.tree.leaf(
                NodeKind.HEADING,
                self._start(i, info.indent),
                self._line_end(i),
                heading=info.stripped,
            )
            return None
        node = self.tree.open(
            BuildNode(NodeKind.PART, self._start(i), num=info.num, line=i), self._start(i)
        )
        title_end = self._line_end(i)
        node.heading = info.title
        j = self._next_nonblank(i)
        if node.heading is None and j is not None and self._part_title(j):
            node.heading = clean_heading(self.infos[j].stripped)
            title_end = self._line_end(j)
            self.skip.add(j)
            k = j + 1
            if k < len(self.infos) and self._part_title_more(k, node.heading):
                node.heading = clean_heading(f"{node.heading} {self.infos[k].stripped}")
                title_end = self._line_end(k)
                self.skip.add(k)
        elif node.heading and j == i + 1 and self._part_title_more(j, node.heading):
            node.heading = clean_heading(f"{node.heading} {self.infos[j].stripped}")
            title_end = self._line_end(j)
            self.skip.add(j)
        node.heading = clean_heading(node.heading) if node.heading else None
        self.tree.leaf(
            NodeKind.HEADING, self._start(i, info.indent), title_end, heading=node.heading
        )
        return None

    def _part_here(self, i: int) -> bool:
        """'PART II' starts a part; 'Part II.' wrapped from '...under' does not."""
        return breaks(self._previous(i)) or self._blank_before(i)

    def _part_title_more(self, k: int, title: str) -> bool:
        """Does line ``k`` carry on a part title that broke off at '... in relation to'?"""
        info = self.infos[k]
        last = title.rstrip().rsplit(None, 1)[-1].lower() if title.strip() else ""
        return (
            info.tag is Tag.TEXT
            and info.stripped[:1].islower()
            and len(info.stripped) <= self.settings.heading_max_chars
            and (
                last in SMALL_WORDS
                or last in ("or", "relating")
                or title.endswith("-")
                or len(title) >= 30
            )
        )

    def _part_title(self, j: int) -> bool:
        info = self.infos[j]
        text = info.stripped
        return (
            info.tag is Tag.TEXT
            and len(text) <= self.settings.heading_max_chars
            and (text.isupper() or not text.endswith((".", ",", ";", ":")))
            and text[:1].isupper()
        )

    def _section_here(self, i: int) -> bool:
        info = self.infos[i]
        num = nb.section_number(info.num or "0")
        if self.last_section is not None:
            last = nb.section_number(self.last_section)
            if num == (last[0] + 1, "") or (num[0] == last[0] and num[1] > last[1]):
                return True
        else:
            last = None
        prev = self._previous(i)
        heading_above = bool(self.pending) and self.infos[self.pending[-1]].tag is Tag.TEXT
        if breaks(prev) or heading_above or self._blank_before(i):
            if last is not None and num[0] > last[0] + self.settings.section_max_jump:
                return self._blank_before(i) or heading_above or self._jump_breaks(i)
            return True
        return False

    def _jump_breaks(self, i: int) -> bool:
        """May a number far out of sequence start a section on line ``i``? Only after a
        break in the page (a PART heading, page furniture), or after a marginal note that
        follows a finished sentence: a note moved off the body ('commencement.' beside
        '...the Data Protection Act,' over '2012.') does not end the sentence it sat by."""
        prev = self._previous(i)
        if prev is None or prev.tag is not Tag.NOTE:
            return breaks(prev, sentence=False)
        k = i - 1
        while k >= 0 and self.infos[k].tag in (Tag.NOTE, Tag.BLANK):
            k -= 1
        return k < 0 or breaks(self.infos[k])

    def _section(self, i: int) -> int | None:
        info = self.infos[i]
        self._give_notes_back(i)
        run = self._heading_run()
        self._flush(self.pending.index(run[0]) if run else None)
        self.pending = []
        start = self._start(run[0]) if run else self._start(i)
        node = self.tree.open(BuildNode(NodeKind.SECTION, start, num=info.num, line=i), start)
        self._attach_headings(node, run)
        if info.heading:
            a, b = info.heading
            text = info.text[a:b]
            self.tree.leaf(
                NodeKind.HEADING, self._start(i, a), self._start(i, b), heading=clean_heading(text)
            )
            if node.heading_lines == 0 or not node.heading:
                node.heading = clean_heading(text)
                node.heading_lines += 1
        elif not info.sub and not node.heading and self._heading_on_number_line(i):
            # (a section headed on the line above has its heading: "2. This Act binds the
            # Crown." beside the number is then its wording)
            col = info.body_col
            self.tree.leaf(
                NodeKind.HEADING,
                self._start(i, col),
                self._line_end(i),
                heading=clean_heading(info.text[col:]),
            )
            if not node.heading:
                node.heading = clean_heading(info.text[col:])
                node.heading_lines += 1
        self._register_section(info.num or "")
        self.awaiting_text = not info.text[info.body_col :].strip()
        if info.sub:
            sub = self.tree.open(
                BuildNode(
                    NodeKind.SUBSECTION,
                    self._start(i, info.sub_col),
                    num=info.sub,
                    line=i,
                    indent=info.sub_col,
                ),
                self._start(i),
            )
            node.last_num = info.sub
            self._inline_definition(i, sub)
        else:
            self._inline_definition(i, node)
        return None

    def _arrangement_echo(self, i: int) -> bool:
        """'10. Requirements to produce a document.' after section 10 or later: a stray
        entry of the arrangement (or a schedule item) in a bad extraction, not a section."""
        info = self.infos[i]
        if self.max_section is None or info.sub or info.heading:
            return False
        if nb.section_number(info.num or "0") > self.max_section:
            return False
        parts = [info.text[info.body_col :].strip()]
        for k in range(i + 1, len(self.infos)):
            nxt = self.infos[k]
            if nxt.tag in (Tag.NOTE, Tag.RUNNING_HEAD, Tag.PAGE_NUMBER):
                continue
            if nxt.tag is not Tag.TEXT or (nxt.stripped[:1].isupper() and parts[-1].endswith(".")):
                break
            if NEXT_ENTRY.search(nxt.stripped):  # "i    23. Licence for use of spectrum."
                break
            parts.append(nxt.stripped)
            if len(parts) > 5:
                return False
        text = " ".join(parts)
        unfinished = re.search(r"\w\s*[,;:\-—]\s*$", text) is not None  # "...the giving of,"
        return (
            len(text) <= self.settings.arrangement_entry_max_chars
            and not unfinished
            and not any(
                f" {verb} " in f" {text} " for verb in ("shall", "may", "is", "are", "means")
            )
        )

    def _echo(self, i: int) -> None:
        self._flush()
        self.tree.close_to(2, self._start(i))
        self._unrecognised(i, "looks like an entry of the arrangement or a schedule")

    def _register_section(self, num: str) -> None:
        self.last_section = num
        key = nb.section_number(num)
        if self.max_section is None or key > self.max_section:
            self.max_section = key

    def _inline_definition(self, i: int, parent: BuildNode) -> None:
        found = inline_definition(self.infos[i].text)
        if found is None:
            return
        term, col, end = found
        node = self.tree.open(
            BuildNode(
                NodeKind.DEFINITION,
                self._start(i, col),
                heading=term,
                line=i,
                term_end=self._start(i, end),
            ),
            self._start(i, col),
        )
        assert node in parent.children

    def _subsection_here(self, i: int) -> bool:
        info = self.infos[i]
        section = self.tree.find(NodeKind.SECTION)
        assert section is not None
        prev = self._previous(i)
        if prev is not None and ends_with_reference(prev.stripped):
            return False
        after = info.text[info.body_col :].strip()
        expected = (
            (nb.section_number(section.last_num.strip("()"))[0] + 1) if section.last_num else 1
        )
        if nb.section_number((info.num or "()").strip("()"))[0] == expected:
            return True
        if after and not (after[0].isupper() or after[0] in "“\"'‘("):
            return False
        return breaks(prev)

    def _subsection(self, i: int) -> int | None:
        info = self.infos[i]
        node = self._open_at_label(i, NodeKind.SUBSECTION)
        self.awaiting_text = not info.text[info.body_col :].strip()
        section = self.tree.find(NodeKind.SECTION)
        if section is not None:
            section.last_num = info.num
        self._inline_definition(i, node)
        return None

    def _open_at_label(self, i: int, kind: NodeKind) -> BuildNode:
        info = self.infos[i]
        self._flush()
        num = info.num if kind is not NodeKind.PARAGRAPH else f"({info.num})"
        node = BuildNode(
            kind, self._start(i, info.label_col), num=num, line=i, indent=info.label_col
        )
        if kind in (NodeKind.PROVISO, NodeKind.DEFINITION):
            node.num = None
        return self.tree.open(node, self._start(i))

    def _paragraph_here(self, i: int) -> bool:
        prev = self._previous(i)
        return not (prev is not None and ends_with_reference(prev.stripped))

    def _paragraph(self, i: int) -> int | None:
        info = self.infos[i]
        label = info.num or ""
        kind = self._paragraph_kind(i, label)
        self._flush()
        node = BuildNode(
            kind, self._start(i, info.label_col), num=f"({label})", line=i, indent=info.label_col
        )
        if kind is NodeKind.SUBPARAGRAPH:
            para = self.tree.find(NodeKind.PARAGRAPH)
            if para is not None and self.tree.top is not para:
                self.tree.close_to(6, self._start(i))
        self.tree.open(node, self._start(i))
        return None

    def _paragraph_kind(self, i: int, label: str) -> NodeKind:
        if not nb.is_roman(label):
            return NodeKind.PARAGRAPH
        para = self.tree.find(NodeKind.PARAGRAPH)
        if para is None or para.num is None:
            return NodeKind.PARAGRAPH
        top = self.tree.top
        if top is not None and top.kind is NodeKind.SUBPARAGRAPH and top.num:
            current = nb.roman_value(top.num.strip("()")) or 0
            if nb.roman_value(label) == current + 1:
                return NodeKind.SUBPARAGRAPH
        if label == nb.next_letter(para.num.strip("()")):
            prev = self._previous(i)
            deeper = para.indent is not None and self.infos[i].label_col > para.indent + 2
            intro = prev is not None and prev.stripped.endswith(("-", "—", "–", ":"))
            return NodeKind.SUBPARAGRAPH if (deeper or intro) else NodeKind.PARAGRAPH
        return NodeKind.SUBPARAGRAPH

    def _dedent(self, i: int) -> None:
        """Wording set back left of a paragraph's label closes the paragraph."""
        indent = self.infos[i].indent
        tol = self.settings.indent_tolerance
        while True:
            top = self.tree.top
            if top is None or top.kind not in (NodeKind.PARAGRAPH, NodeKind.SUBPARAGRAPH):
                return
            if top.indent is None or indent >= top.indent - tol:
                return
            self.tree.close_to(5 if top.kind is NodeKind.PARAGRAPH else 6, self._start(i))
