"""The parser's shortcuts decide exactly what the slow tests they stand in for decided.

Line patterns are tried only where a line's first character allows them
(``numbering.FIRST_CHARS``), definitions only on lines with a closing quote, page numbers
with a pattern that cannot split the indentation many ways, trailing spaces by rstrip,
inclusion notices by one search of the whole text, a reference word at a line's end in its
last characters. Each is checked here against the test it
replaced, on the fixtures' lines and on generated statute-like lines (hypothesis), so a
pattern edited later without its table entry fails here and not in a parse.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.structure import layout
from harmonise.structure import numbering as nb
from harmonise.structure.builder import REFERENCE_END, ends_with_reference
from harmonise.structure.normalise import _content

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXTURES = Path(__file__).parent / "fixtures" / "structure"

#: Starts of lines of every kind the patterns look for, clean and OCR-damaged.
STARTS = [
    "PART II",
    "Part 3",
    "SCHEDULE",
    "THE FIRST SCHEDULE",
    "The Second Schedule",
    "Schedule 2",
    *(f"{n} SCHEDULE" for n in ("SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH")),
    *(f"{n} SCHEDULE" for n in ("EIGHTH", "NINTH", "TENTH", "ELEVENTH", "TWELFTH")),
    *(f"{n} Schedule" for n in ("First", "Fifth", "Sixth", "Eighth", "Ninth", "Tenth")),
    "ARRANGEMENT OF SECTIONS",
    "Arrangement of Clauses",
    "TABLE OF CONTENTS",
    "Table of Contents",
    "CONTENTS",
    "MEMORANDUM OF OBJECTS AND REASONS",
    "OBJECTS AND REASONS",
    "Objects and Reasons",
    "EXPLANATORY NOTE",
    "Explanatory Memorandum",
    "Read three times",
    "Read a third time",
    "Passed in the House",
    "Passed by the Senate",
    "AN ACT to",
    "An Act for",
    "A Bill entitled",
    "A BILL",
    "BE IT ENACTED",
    "Be it enacted",
    "ENACTED by",
    "IT IS ENACTED",
    "Enacted by",
    "(1)",
    "(a)",
    "( b )",
    "Provided that",
    '"computer" means',
    "“data” includes",
    "**term** means",
    "4.",
    "12A.-(1)",
    "- 12 -",
    "Page 3 of 9",
    "[No. 21]",
    "The inclusion of this page is authorized by L.N. 11/2010",
]
WORDS = ["the", "Minister", "shall", "section", "(2)", "-", "—", "“", '"', "no.", "12", "l"]
WORDS += [
    "sub-paragraphs",
    "xsub-paragraphs",
    "subsection",
    "xsection",
    "Articles",
    "PARTS",
    "item",
    "In this Act,",
]
SPACE = st.sampled_from([" ", "  ", "\t", "\f", "      ", " \t "])


@st.composite
def lines(draw: st.DrawFn) -> str:
    indent = draw(st.text(alphabet=" \t\f\xa0", max_size=60))
    start = draw(st.sampled_from([*STARTS, *WORDS, ""]))
    rest = draw(st.lists(st.tuples(SPACE, st.sampled_from(STARTS + WORDS)), max_size=6))
    tail = draw(st.text(alphabet=" \t\f", max_size=4))
    return indent + start + "".join(a + b for a, b in rest) + tail


def fixture_lines() -> list[str]:
    out: list[str] = []
    for path in sorted(FIXTURES.iterdir()):
        out.extend(path.read_text(encoding="utf-8").split("\n"))
    return out


# --- the reference tests, as they were before the shortcuts --------------------------------

_OLD_PAGE_NUMBER = re.compile(
    r"^[ \t\f]*(?:[-–—]?[ \t]*\d{1,4}[ \t]*[-–—]?|[Pp]age[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?)"
    r"[ \t\f]*$"
)
_OLD_TAIL_WS = re.compile(r"[ \t\f]*\n?$")


def old_is_structural(text: str) -> bool:
    first = text.lstrip()[:1]
    if not first or not (first.isupper() or first.isdigit() or first == "("):
        return False
    if any(p.match(text) for p in layout._STRUCTURAL):
        return True
    return nb.section_line(text) is not None


def check_line(text: str) -> None:
    first = text.lstrip()[:1]
    for pattern, allowed in nb.FIRST_CHARS.items():
        if pattern.match(text):
            assert first in allowed, (pattern.pattern[:40], text)
    assert layout.is_structural(text) == old_is_structural(text), text
    definition, old = nb.definition_line(text), nb.DEFINITION.match(text)
    assert (definition and definition.span()) == (old and old.span()), text
    page, old_page = layout._PAGE_NUMBER.match(text), _OLD_PAGE_NUMBER.match(text)
    assert (page is None) == (old_page is None), text
    for line in (text, text + "\n"):
        assert _content(line) == line[: _OLD_TAIL_WS.search(line).start()]  # type: ignore[union-attr]
    stripped = text.strip()
    assert ends_with_reference(stripped) == (REFERENCE_END.search(stripped) is not None), text
    for width in (2, 6):
        gap = layout._may_have_gap(text, width)
        assert gap or re.search(rf"[ \t]{{{width},}}", text) is None, text


def test_shortcuts_on_fixture_lines() -> None:
    for text in fixture_lines():
        check_line(text)


def test_shortcuts_on_every_word() -> None:
    for word in STARTS + WORDS:
        for text in (word, f"   {word}", f"under {word}", f"\t{word}  "):
            check_line(text)


@FAST
@given(lines())
def test_shortcuts_on_generated_lines(text: str) -> None:
    check_line(text)


@FAST
@given(st.lists(lines(), max_size=12))
def test_inclusion_rows_hold_every_notice(rows: list[str]) -> None:
    found = layout._inclusion_rows(rows)
    assert {i for i, text in enumerate(rows) if layout._is_inclusion(text)} <= found


def test_first_chars_cover_only_known_patterns() -> None:
    """Every pattern a dispatch table is built from has its first characters listed."""
    for pattern in (*layout._STRUCTURAL, nb.PART, nb.SCHEDULE, nb.PROVISO):
        assert nb.FIRST_CHARS[pattern]
