"""Where a section's heading is: beside it (a marginal note), above it (a short line),
after its number ("4. Illegal access.—(1)"), or on the number's line with the wording
below ("16. Processors").
"""

from __future__ import annotations

from harmonise.structure.act import NodeKind
from harmonise.structure.builder import (
    SMALL_WORDS,
    VERBS,
    Builder,
    breaks,
    heading_text,
)
from harmonise.structure.lines import Tag
from harmonise.structure.tree import BuildNode


class HeadingRules(Builder):
    def _heading_on_number_line(self, i: int) -> bool:
        """'4. Illegal access' with '(1) A person...' on the next line."""
        info = self.infos[i]
        text = info.text[info.body_col :].strip()
        j = self._next_text(i)
        if (
            not text
            or j is None
            or len(text) > self.settings.heading_max_chars
            or not text[:1].isupper()
            or text.endswith((",", ";", "-", "—", ":"))
        ):
            return False
        nxt = self.infos[j]
        if nxt.tag is Tag.SUBSECTION and nxt.num == "(1)":
            return True
        # "16. Processors" / "    A controller must use...": a short title, then a sentence
        words = text.rstrip(".").split()
        return (
            nxt.tag is Tag.TEXT
            and nxt.stripped[:1].isupper()
            and len(words) <= 10
            and words[-1].lower() not in SMALL_WORDS
            and not any(f" {verb} " in f" {text} " for verb in VERBS)
        )

    def _give_notes_back(self, i: int) -> None:
        """Notes printed beside the first lines of the previous section, which had no
        heading, and not right against this section's number, are that section's heading."""
        notes = [k for k, j in enumerate(self.pending) if self.infos[j].tag is Tag.NOTE]
        section = self.tree.find(NodeKind.SECTION)
        if not notes or section is None or section.heading_lines:
            return
        last = self.pending[notes[-1]]
        adjacent = all(self.infos[j].tag is Tag.NOTE for j in range(last, i))
        if not adjacent and self.pending[notes[0]] - section.line <= (
            self.settings.note_heading_max_lines
        ):
            self._flush(notes[-1] + 1)

    def _heading_run(self) -> list[int]:
        """The pending lines just above a section number that are its heading."""
        run: list[int] = []
        for j in reversed(self.pending):
            tag = self.infos[j].tag
            if tag is Tag.BLANK:
                if run:  # a blank line above the heading ends it
                    break
                continue
            if tag not in (Tag.NOTE, Tag.TEXT):
                break
            run.insert(0, j)
        return run

    def _attach_headings(self, node: BuildNode, run: list[int]) -> None:
        notes = [j for j in run if self.infos[j].tag is Tag.NOTE]
        texts = [j for j in run if self.infos[j].tag is Tag.TEXT]
        for j in notes + texts:
            self.tree.leaf(
                NodeKind.HEADING,
                self._start(j, self.infos[j].indent),
                self._line_end(j),
                heading=self.infos[j].stripped,
            )
        node.children.sort(key=lambda c: c.start)
        chosen = notes or texts
        if chosen:
            node.heading = heading_text([self.infos[j].stripped for j in chosen])
            node.heading_lines = len(chosen)

    def _heading_candidate(self, i: int) -> bool:
        """A short line that may head the section below it (decided when that comes)."""
        info = self.infos[i]
        text = info.stripped
        if not text or len(text) > self.settings.heading_max_chars:
            return False
        if self.pending and self.pending[-1] == i - 1 and self.infos[i - 1].tag is Tag.TEXT:
            # the second line of a two-line heading ("Formation" / "and validity")
            first = self.infos[i - 1].stripped
            two = (
                len(self.pending) < 2
                or self.infos[self.pending[-2]].tag is not Tag.TEXT
                or (self.pending[-2] != i - 2)
            )
            return (
                two
                and not text.endswith((",", ";"))
                and (len(first) + len(text) <= self.settings.heading_max_chars)
            )
        first = text.lstrip("“\"'‘[")[:1]
        if not first.isupper() or text.endswith((",", ";", "-", "—", "–")):
            return False
        if text.endswith(".") and len(text.split()) >= 6:  # a sentence, not a heading
            return False
        return breaks(self._previous(i)) or self._blank_before(i)
