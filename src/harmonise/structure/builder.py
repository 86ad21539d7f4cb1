"""The parser's state and the moves every region shares: pending lines (furniture, notes,
would-be headings) placed into the open node, unplaceable text made UNRECOGNISED, and the
small tests on neighbouring lines ("does the line above end a sentence?").
"""

from __future__ import annotations

import re

from harmonise.settings import Settings
from harmonise.structure import numbering as nb
from harmonise.structure.act import ArrangementEntry, Diagnostic, NodeKind
from harmonise.structure.diagnostics import diagnostic
from harmonise.structure.hyphenation import should_join
from harmonise.structure.lines import Info, Tag
from harmonise.structure.normalise import Normalised
from harmonise.structure.quotations import find_passages
from harmonise.structure.tree import BuildNode, Tree

FURNITURE = {Tag.RUNNING_HEAD: NodeKind.RUNNING_HEAD, Tag.PAGE_NUMBER: NodeKind.PAGE_NUMBER}
REFERENCE_END = re.compile(
    r"\b(?:sub-?sections?|sections?|(?:sub-?)?paragraphs?|regulation|clauses?|item|"
    r"rule|articles?|Parts?)[ \t]*$",
    re.IGNORECASE,
)
#: The longest word REFERENCE_END looks for ("sub-paragraphs"), with the character before
#: it that its \b needs: the most of a line's end the pattern can match.
_REFERENCE_TAIL = len("sub-paragraphs") + 1
SPACES = re.compile(r"\s+")
VERBS = ("shall", "may", "is", "are", "must", "has", "applies")
NEXT_ENTRY = re.compile(r"(?:^|\s)\d{1,3}[A-Z]?\.\s+[A-Z]")
SMALL_WORDS = frozenset({"of", "to", "and", "the", "for", "on", "in", "a", "an", "with", "by"})


class Builder:
    def __init__(self, norm: Normalised, infos: list[Info], settings: Settings) -> None:
        self.norm = norm
        self.text = norm.text
        self.lines = norm.lines
        self.infos = infos
        self.settings = settings
        self.tree = Tree()
        self.pending: list[int] = []
        self.diagnostics: list[Diagnostic] = []
        self.entries: list[ArrangementEntry] = []
        self.entry_lines: dict[str, int] = {}
        self.region = "preface"
        passages = find_passages(infos, settings, [ln.source_line for ln in norm.lines])
        self.quoted = passages.lines  # quoted amending text: wording, not structure
        self.quoted_terms = passages.definitions  # ... inserting these definitions
        self.diagnostics.extend(passages.diagnostics)
        self.last_section: str | None = None
        self.max_section: tuple[int, str] | None = None
        self.skip: set[int] = set()
        self.awaiting_text = False  # a number stood alone on its line: its text comes next

    # -- helpers ----------------------------------------------------------------------------------

    def _start(self, i: int, col: int = 0) -> int:
        return self.lines[i].start + col

    def _line_end(self, i: int) -> int:
        return self.lines[i].end

    def _flush(self, upto: int | None = None) -> None:
        """Place pending lines (furniture, notes, would-be headings) in the open node."""
        pending = self.pending if upto is None else self.pending[:upto]
        notes: list[int] = []
        for j in pending:
            tag = self.infos[j].tag
            if notes and (tag is not Tag.NOTE or j != notes[-1] + 1):
                self._note_heading(notes)
                notes = []
            if tag in FURNITURE:
                self.tree.leaf(FURNITURE[tag], self._start(j), self._line_end(j))
            elif tag is Tag.NOTE:
                notes.append(j)
            elif tag is Tag.TEXT and self.region == "body" and self._no_provision_open():
                self.tree.leaf(
                    NodeKind.HEADING,
                    self._start(j, self.infos[j].indent),
                    self._line_end(j),
                    heading=self.infos[j].stripped,
                )
        if notes:
            self._note_heading(notes)
        self.pending = [] if upto is None else self.pending[upto:]

    def _no_provision_open(self) -> bool:
        top = self.tree.top
        return top is None or top.kind is NodeKind.PART

    def _note_heading(self, rows: list[int]) -> None:
        """Marginal-note lines inside a provision: HEADING nodes (not wording); the
        section's heading too if it has none and the note is beside its first lines."""
        texts = [self.infos[j].stripped for j in rows]
        for j, text in zip(rows, texts, strict=True):
            self.tree.leaf(NodeKind.HEADING, self._start(j), self._line_end(j), heading=text)
        section = self.tree.find(NodeKind.SECTION)
        if (
            section is None
            or self.region != "body"
            or rows[0] - section.line > self.settings.note_heading_max_lines
        ):
            return
        if section.heading_lines == 0:
            section.heading = heading_text(texts)
            section.heading_lines = len(rows)
        elif section.heading and _unfinished(section.heading):
            # 'Short title and' over the number line, 'commencement.' below it
            section.heading = heading_text([section.heading, *texts])
            section.heading_lines += len(rows)

    def _content(self, i: int) -> int | None:
        """A line that is just wording of the open node (or page furniture in it)."""
        tag = self.infos[i].tag
        if tag in FURNITURE or tag is Tag.NOTE:
            self.pending.append(i)
            return None
        if tag is Tag.BLANK:
            if self.pending:
                self.pending.append(i)
            return None
        self._flush()
        if self.tree.top is None or (self.region == "body" and self._no_provision_open()):
            self._unrecognised(i)
        return None

    def _unrecognised(self, i: int, why: str = "text outside any provision") -> None:
        top = self.tree.top
        if top is not None and top.kind is NodeKind.UNRECOGNISED:
            return
        self.tree.open(BuildNode(NodeKind.UNRECOGNISED, self._start(i), line=i), self._start(i))
        snippet = self.infos[i].stripped[:60]
        self.diagnostics.append(
            diagnostic("S201", f"{why}: {snippet!r}", self.lines[i].source_line)
        )

    def _next_text(self, i: int) -> int | None:
        for k in range(i + 1, min(i + 8, len(self.infos))):
            if self.infos[k].tag not in (Tag.BLANK, Tag.RUNNING_HEAD, Tag.PAGE_NUMBER, Tag.NOTE):
                return k
        return None

    def _next_nonblank(self, i: int) -> int | None:
        for k in range(i + 1, len(self.infos)):
            if self.infos[k].tag is not Tag.BLANK:
                return k
        return None

    def _previous(self, i: int) -> Info | None:
        """The line before ``i`` that carries something (titles taken by a heading skipped)."""
        for k in range(i - 1, -1, -1):
            if self.infos[k].tag is not Tag.BLANK and k not in self.skip:
                return self.infos[k]
        return None

    def _blank_before(self, i: int) -> bool:
        return i > 0 and self.infos[i - 1].tag is Tag.BLANK


_BREAKING = frozenset(
    {
        Tag.RUNNING_HEAD,
        Tag.PAGE_NUMBER,
        Tag.NOTE,
        Tag.PART,
        Tag.SCHEDULE,
        Tag.ARRANGEMENT,
        Tag.MEMORANDUM,
        Tag.LONG_TITLE,
        Tag.ENACTING,
    }
)


def part_key(num: str | None) -> str:
    return str(nb.roman_value(num or "") or num)


def ends_with_reference(text: str) -> bool:
    """Does the (stripped) line end with a word that a number below it completes ('...under
    section' / '(2)')? Only the line's last characters are searched: a search of the whole
    line tried the pattern's words at every column of it."""
    return REFERENCE_END.search(text[-_REFERENCE_TAIL:]) is not None


def breaks(prev: Info | None, sentence: bool = True) -> bool:
    """Does the line before (``prev``) leave room for a new provision to start?"""
    if prev is None or prev.tag in _BREAKING:
        return True
    return sentence and prev.ends_sentence


def _unfinished(heading: str) -> bool:
    """Does a heading break off at a small word ('Short title and')?"""
    words = heading.split()
    return bool(words) and words[-1] in SMALL_WORDS | {"or"}


def clean_heading(text: str) -> str:
    return SPACES.sub(" ", text).strip().strip('“”"').rstrip(" .:—–-").strip()


def heading_text(parts: list[str]) -> str:
    """Join heading lines, mending words broken over them ('Require-' + 'ments')."""
    out = ""
    for part in parts:
        part = part.strip()
        if out.endswith("-") and part[:1].islower():
            # 'Require-' + 'ments' is one word; 'Computer-' + 'related' keeps its hyphen
            out = out[:-1] + part if should_join(out, part.split()[0]) else out + part
        else:
            out = f"{out} {part}" if out else part
    return clean_heading(out)
