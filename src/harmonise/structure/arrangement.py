"""The ARRANGEMENT OF SECTIONS (a table of contents, not law): its entries, where it ends,
and the cross-check of its entries against the sections found in the body.

Entries come as "4. Illegal access." on one line, or (PDF extractions) as a column of
numbers and a column of titles; both are paired in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harmonise.settings import Settings
from harmonise.structure import numbering as nb
from harmonise.structure.act import ArrangementEntry, Diagnostic, NodeKind, SectionView
from harmonise.structure.diagnostics import diagnostic
from harmonise.structure.lines import Info, Tag

_HEADER_WORDS = frozenset({"section", "sections", "clause", "clauses", "page", "sec.", "s."})
_ENDS = {
    Tag.LONG_TITLE: "preface",
    Tag.ENACTING: "preface",
    Tag.MEMORANDUM: "memorandum",
    Tag.CONCLUSION: "conclusion",
    Tag.NOTE: "body",
    Tag.PROVISO: "body",
    Tag.DEFINITION: "body",
}
_SENTENCE_WORDS = (" shall ", " may ", " means ", " is ", " are ", " has ", " must ")


@dataclass(slots=True)
class EntryLine:
    """A line of the arrangement that carries (part of) an entry."""

    line: int
    num: str | None = None
    title: str | None = None
    last_line: int = -1  # continuation lines extend the entry


@dataclass
class Scan:
    entries: list[ArrangementEntry] = field(default_factory=list)
    lines: list[EntryLine] = field(default_factory=list)
    last_used: int = 0  # last line index that belongs to the arrangement
    next_region: str = "preface"


def scan(infos: list[Info], start: int, settings: Settings) -> Scan:
    """Read the arrangement whose heading is line ``start``; say where it ends."""
    return _Scanner(infos, start, settings).run()


class _Scanner:
    """One pass over the lines after the heading, pairing numbers and titles."""

    def __init__(self, infos: list[Info], start: int, settings: Settings) -> None:
        self.infos = infos
        self.start = start
        self.settings = settings
        self.out = Scan(last_used=start)
        self.pending_nums: list[str] = []
        self.pending_titles: list[str] = []
        self.parts: set[str] = set()
        self.last_num: str | None = None
        self.open: tuple[ArrangementEntry, EntryLine] | None = None

    def run(self) -> Scan:
        for i in range(self.start + 1, len(self.infos)):
            tag = self.infos[i].tag
            if tag in (Tag.BLANK, Tag.RUNNING_HEAD, Tag.PAGE_NUMBER):
                continue
            if tag in _ENDS:
                self.out.next_region = _ENDS[tag]
                return self.out
            step = {Tag.PART: self._part, Tag.SCHEDULE: self._schedule, Tag.SECTION: self._section}
            ended = step.get(tag, self._text)(i)
            if ended:
                self.out.next_region = ended
                return self.out
        self.out.next_region = "end"
        return self.out

    def _add(self, kind: NodeKind, num: str | None, title: str, eline: EntryLine) -> None:
        entry = ArrangementEntry.model_construct(num=num, title=_clean(title), kind=kind)
        self.out.entries.append(entry)
        self.out.lines.append(eline)
        self.out.last_used = max(self.out.last_used, eline.line)
        self.open = (entry, eline)

    def _part(self, i: int) -> str | None:
        info = self.infos[i]
        key = str(nb.roman_value(info.num or "") or info.num)
        if key in self.parts:  # the same PART again: the body has begun
            return "body"
        self.parts.add(key)
        self._add(NodeKind.PART, info.num, info.title or "", EntryLine(i, info.num, info.title))
        return None

    def _schedule(self, i: int) -> str | None:
        info = self.infos[i]
        self._add(NodeKind.SCHEDULE, info.num, info.title or "", EntryLine(i, info.num, info.title))
        return None

    def _section(self, i: int) -> str | None:
        info = self.infos[i]
        after = info.text[info.body_col :].strip()
        num = info.num or ""
        last = self.last_num
        restart = last is not None and nb.section_number(num) <= nb.section_number(last)
        if restart or info.sub or len(after) > self.settings.arrangement_entry_max_chars:
            return "body"  # numbering starts again, or a real section: the body has begun
        self.last_num = num
        if after:
            self._add(NodeKind.SECTION, num, after, EntryLine(i, num, after))
        elif self.pending_titles:  # titles printed first, numbers after (PDF columns)
            self._add(NodeKind.SECTION, num, self.pending_titles.pop(0), EntryLine(i, num))
        else:
            self.out.lines.append(EntryLine(i, num))
            self.out.last_used = i
            self.pending_nums.append(num)
        return None

    def _text(self, i: int) -> str | None:
        """A header word, a title carried over, a title waiting for its number; or the end."""
        info = self.infos[i]
        text = info.stripped
        if text.lower() in _HEADER_WORDS:
            self.out.last_used = max(self.out.last_used, i)
            return None
        if not _title_like(text, self.settings):
            return "preface"
        if self.open and _continues(info, self.open, self.infos):
            entry, eline = self.open
            entry.title = _clean(f"{entry.title} {text}" if entry.title else text)
            eline.last_line = self.out.last_used = i
        elif self.open and self.open[0].kind is not NodeKind.SECTION and not self.open[0].title:
            entry, eline = self.open  # "PART II" / "OFFENCES"
            entry.title = _clean(text)
            eline.title = text
            eline.last_line = self.out.last_used = i
        elif self.pending_nums:  # numbers printed first, titles after (PDF columns)
            self._add(NodeKind.SECTION, self.pending_nums.pop(0), text, EntryLine(i, None, text))
        else:
            self.pending_titles.append(text)
        return None


def _clean(title: str) -> str:
    return " ".join(title.split()).rstrip(" .:;—–-")


def _title_like(text: str, settings: Settings) -> bool:
    letters = sum(1 for c in text if c.isalpha())
    if letters < 2 or len(text) > settings.arrangement_entry_max_chars:
        return False
    padded = f" {text} "
    return not any(word in padded for word in _SENTENCE_WORDS)


def _continues(
    info: Info, open_entry: tuple[ArrangementEntry, EntryLine], infos: list[Info]
) -> bool:
    """Does this line continue the title of the entry above it?"""
    entry, eline = open_entry
    if entry.kind is not NodeKind.SECTION or not entry.title:
        return False
    first = infos[eline.line]
    if info.stripped[:1].islower():
        return True
    return info.indent > first.indent + 2 and not entry.title.endswith(".")


# --- cross-check ------------------------------------------------------------------------------


def cross_check(
    entries: list[ArrangementEntry],
    entry_lines: dict[str, int],
    sections: list[SectionView],
    section_lines: dict[str, int],
) -> list[Diagnostic]:
    """Sections listed but not found, found but not listed."""
    listed = [e.num for e in entries if e.kind is NodeKind.SECTION and e.num]
    if not listed:
        return []
    found = {s.num for s in sections}
    out = []
    for num in listed:
        if num not in found:
            out.append(
                diagnostic(
                    "S202",
                    f"section {num} is in the arrangement but not in the body",
                    entry_lines.get(num),
                )
            )
    listed_set = set(listed)
    for view in sections:
        if view.num not in listed_set:
            out.append(
                diagnostic(
                    "S203",
                    f"section {view.num} is in the body but not in the arrangement",
                    section_lines.get(view.eid),
                )
            )
    return out


def numbering_gaps(sections: list[SectionView], section_lines: dict[str, int]) -> list[Diagnostic]:
    """Section 7 followed by 9; section 12 followed by 5."""
    out = []
    prev: tuple[int, str] | None = None
    prev_num = ""
    for view in sections:
        key = nb.section_number(view.num)
        line = section_lines.get(view.eid)
        if prev is not None:
            if key[0] > prev[0] + 1:
                out.append(
                    diagnostic(
                        "S204", f"section {prev_num} is followed by section {view.num}", line
                    )
                )
            elif key <= prev:
                out.append(
                    diagnostic("S205", f"section {view.num} follows section {prev_num}", line)
                )
        prev, prev_num = key, view.num
    return out
