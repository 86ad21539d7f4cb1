"""What each normalised line looks like on its own: a PART heading, a section number, a
paragraph label, a definition... Context (is this '(1)' a new subsection or a wrapped
reference?) is decided by the parser, which reads these tags in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from harmonise.structure import numbering as nb
from harmonise.structure.layout import LineKind


class Tag(StrEnum):
    BLANK = "blank"
    RUNNING_HEAD = "running_head"
    PAGE_NUMBER = "page_number"
    NOTE = "note"
    ARRANGEMENT = "arrangement"
    MEMORANDUM = "memorandum"
    CONCLUSION = "conclusion"
    LONG_TITLE = "long_title"
    ENACTING = "enacting"
    PART = "part"
    SCHEDULE = "schedule"
    SECTION = "section"
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    PROVISO = "proviso"
    DEFINITION = "definition"
    TEXT = "text"


_FROM_KIND = {
    LineKind.BLANK: Tag.BLANK,
    LineKind.RUNNING_HEAD: Tag.RUNNING_HEAD,
    LineKind.PAGE_NUMBER: Tag.PAGE_NUMBER,
    LineKind.MARGIN_NOTE: Tag.NOTE,
}
TERMINAL = (".", ":", ";", "-", "—", "–", ")", "]", '"', "”", "'", "’")


@dataclass(slots=True)
class Info:
    """A line's tag and the columns of what it carries (relative to the line start)."""

    tag: Tag
    text: str
    indent: int = 0
    num: str | None = None  # section/subsection/part/schedule number, paragraph label
    label_col: int = 0  # where the number or label starts
    body_col: int = 0  # where the wording after the label starts
    sub: str | None = None  # subsection opened on a section line: "4.-(1)"
    sub_col: int = -1
    heading: tuple[int, int] | None = None  # heading on the section line: "4. Title.—"
    title: str | None = None  # title of a part or schedule on its own line
    term: str | None = None  # defined term
    term_end: int = 0  # column after the term's closing quote

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def ends_sentence(self) -> bool:
        return self.stripped.endswith(TERMINAL)


def classify(text: str, kind: LineKind) -> Info:
    """Tag one line of normalised text."""
    tag = _FROM_KIND.get(kind)
    indent = len(text) - len(text.lstrip(" \t\f"))
    if tag is not None:
        return Info(tag, text, indent)
    first = text[indent : indent + 1]
    if first.islower() or (first and not first.isalnum() and first not in _OPENERS):
        # wording carried on from the line above (or a definition whose quote was lost)
        definition = _definition(text, indent)  # (tried only on a line with a closing quote)
        return definition or Info(Tag.TEXT, text, indent, label_col=indent)
    if first.isdigit():  # a section number, or wording that starts with a figure
        return _section(text, indent) or _text(text, indent)
    for pattern in _SIMPLE_BY_FIRST.get(first, ()):
        if pattern.match(text):
            return Info(_SIMPLE[pattern], text, indent)
    return (
        (first == "P" and _part(text, indent))
        or (first in _SCHEDULE_FIRST and _schedule(text, indent))
        or (first == "(" and _labelled(text, indent))
        or _definition(text, indent)
        or _text(text, indent)
    )


def _text(text: str, indent: int) -> Info:
    """Wording (or a proviso: "Provided that ...")."""
    proviso = text[indent : indent + 1] == "P" and nb.PROVISO.match(text)
    return Info(Tag.PROVISO if proviso else Tag.TEXT, text, indent, label_col=indent)


_OPENERS = frozenset("(“\"‘'`*{[")

#: Headings recognised by their pattern alone, tried in this order; only those the line's
#: first character allows (nb.FIRST_CHARS) are tried, and only on lines starting with a
#: capital or "(" (a digit can start nothing but a section, see ``classify``).
_SIMPLE = {
    nb.ARRANGEMENT: Tag.ARRANGEMENT,
    nb.MEMORANDUM: Tag.MEMORANDUM,
    nb.CONCLUSION: Tag.CONCLUSION,
    nb.LONG_TITLE: Tag.LONG_TITLE,
    nb.ENACTING: Tag.ENACTING,
}
_SIMPLE_BY_FIRST = nb.by_first_char(tuple(_SIMPLE))
_SCHEDULE_FIRST = frozenset(nb.FIRST_CHARS[nb.SCHEDULE])


def _part(text: str, indent: int) -> Info | None:
    m = nb.PART.match(text)
    if not m:
        return None
    after = m.group("after")
    sep = nb.PART_TITLE_SEP.match(after)
    title = after[sep.end() :].strip() if sep else after.strip()
    if title and title[0].islower():  # "Part II of this Act applies..."
        return None
    separated = bool(sep and sep.group().strip())
    if m.group("word") == "Part" and title and not separated and not title[0].isupper():
        return None  # "Part I (clauses 1 to 3) contains..."
    return Info(
        Tag.PART, text, indent, num=m.group("num"), label_col=m.start("word"), title=title or None
    )


def _schedule(text: str, indent: int) -> Info | None:
    m = nb.SCHEDULE.match(text)
    if not m:
        return None
    after = m.group("after")
    caps = m.group("word").isupper()
    if not nb.SCHEDULE_AFTER_OK.match(after) and not (caps and after.strip().isupper()):
        return None
    if not caps and not (m.group("num") or m.group("ord")) and after.strip():
        return None
    num = m.group("num")
    if m.group("ord"):
        num = str(nb.ordinal_value(m.group("ord")))
    elif num and nb.roman_value(num):
        num = str(nb.roman_value(num))
    title = after.strip(" \t.:-–—") or None
    if title and title.lstrip("([").lower().startswith(
        ("section", "regulation", "paragraph", "s.")
    ):
        title = None
    return Info(Tag.SCHEDULE, text, indent, num=num, label_col=indent, title=title)


def _section(text: str, indent: int) -> Info | None:
    m = nb.section_line(text)
    if not m:
        return None
    after = m.group("after")
    info = Info(Tag.SECTION, text, indent, num=m.group("num"), label_col=m.start("num"))
    start = m.start("after")
    sub = nb.SECTION_SUB.match(after)
    if sub:
        info.sub = f"({sub.group('sub')})"
        info.sub_col = start + sub.start() + sub.group().index("(")
        info.body_col = start + sub.end()
        return info
    heading = nb.INLINE_HEADING.match(after)
    if heading:
        info.heading = (start + heading.start("heading"), start + heading.end("heading"))
        rest = after[heading.end() :]
        sub = nb.SECTION_SUB.match(rest)
        if sub:
            info.sub = f"({sub.group('sub')})"
            info.sub_col = start + heading.end() + sub.group().index("(")
        info.body_col = start + heading.end()
        return info
    info.body_col = start + len(after) - len(after.lstrip())
    return info


def _labelled(text: str, indent: int) -> Info | None:
    m = nb.SUBSECTION.match(text)
    if m:
        return Info(
            Tag.SUBSECTION,
            text,
            indent,
            num=f"({m.group('num')})",
            label_col=m.start("num") - 1,
            body_col=m.end("num") + 1,
        )
    m = nb.PARAGRAPH.match(text)
    if m and nb.is_paragraph_label(m.group("label")):
        return Info(
            Tag.PARAGRAPH,
            text,
            indent,
            num=m.group("label"),
            label_col=m.start("label") - 1,
            body_col=m.end("label") + 1,
        )
    return None


def _definition(text: str, indent: int) -> Info | None:
    m = nb.definition_line(text)
    if not m:
        return None
    term = " ".join(m.group("term").split())
    if not m.group("open") and len(term.split()) > 4:
        return None
    col = m.start("open") if m.group("open") else m.start("term")
    return Info(Tag.DEFINITION, text, indent, label_col=col, term=term, term_end=m.end("close"))


def inline_definition(text: str) -> tuple[str, int, int] | None:
    """A definition inside a sentence: (term, column of its opening quote, column after)."""
    if "In" not in text:
        return None  # "In this section, ...": most lines have no "In" to start one
    m = nb.INLINE_DEFINITION.search(text)
    if not m:
        return None
    term = " ".join(m.group("term").split())
    return term, m.start("open"), m.end("term") + 1
