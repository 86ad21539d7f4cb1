"""Quoted amending text: what an amending Act inserts into the principal Act is wording of
the amending section, never sections of its own, whether quoted with curly or straight
quotes; and straight quotes start a passage only where the drafting announces one.
"""

from __future__ import annotations

import hashlib

import pytest

from harmonise.ingest.source import SourceDocument
from harmonise.structure.act import Act
from harmonise.structure.parser import parse


def act_of(text: str) -> Act:
    return parse(
        SourceDocument(name="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    )


def nums(act: Act) -> list[str]:
    return [s.num for s in act.sections()]


def terms(act: Act) -> list[tuple[str, str]]:
    return [(d.term, d.section_num) for d in act.definitions]


def s105(act: Act) -> list[str]:
    return [d.message for d in act.diagnostics if d.code == "S105"]


INSERTED = (
    "1. Short title.\n\n"
    "2. Insertion of section 8A.—The principal Act is amended by inserting\n"
    "immediately after section 8 the following section-\n"
    '    "Illegal remaining\n'
    "    8A. (1) A person who remains logged in commits an offence.\n"
    '    (2) In this section "logged in" includes connected.".\n\n'
    "3. Commencement.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        INSERTED,
        INSERTED.replace("section-\n    ", "section- "),  # the quote on the announcing line
        INSERTED.replace("the following section-", "the following:"),
        INSERTED.replace("the following section-", "a section."),  # heading over 8A
        INSERTED.replace('"Illegal remaining\n    8A.', '"8A.'),
    ],
    ids=["announced", "same-line", "following-colon", "heading-over-8A", "quoted-number"],
)
def test_straight_quoted_section_is_wording_of_the_amending_section(text: str) -> None:
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert "8A. (1) A person" in act.sections()[1].text
    assert terms(act) == []  # "logged in" is defined in the quoted 8A, not in this Act
    assert not [d for d in act.diagnostics if d.severity == "warning"]


@pytest.mark.parametrize("quotes", ['""', "“ “"])
def test_inserted_definitions_are_definitions_of_the_amending_section(quotes: str) -> None:
    close = '"' if quotes == '""' else "”"
    text = (
        "1. Short title.\n\n"
        "2. Section 2 of the principal Act is amended by inserting the following\n"
        "definitions-\n"
        f"{quotes}botnet{close} means computers controlled together;\n"
        f'{quotes[0]}malware{close} means a "harmful" program;{close}.\n\n'
        "3. Commencement.\n"
    )
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert terms(act) == [("botnet", "2"), ("malware", "2")]


@pytest.mark.parametrize(
    "announce",
    [
        "In this Act the following definitions-",
        "In this Act, words are defined as follows-",
        "In this Act, unless the context otherwise requires-",
    ],
)
def test_a_definitions_own_quote_starts_no_passage(announce: str) -> None:
    text = (
        "1. Short title.\n\n"
        f"2. {announce}\n"
        '"computer" means a device;\n'
        '"data" means anything stored in a "computer".\n\n'
        "3. Offence.\n"
    )
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert terms(act) == [("computer", "2"), ("data", "2")]
    assert s105(act) == []


def test_a_quoted_heading_over_the_next_section_is_not_a_passage() -> None:
    act = act_of('1. Short title.\n\n2. Text.\n"Offences\n3. A person commits an offence.\n')
    assert nums(act) == ["1", "2", "3"]


def test_an_unclosed_straight_quote_is_ignored_and_recorded() -> None:
    text = (
        "1. Short title.\n\n"
        "2. The principal Act is amended by inserting the following section-\n"
        '"Heading\n8A. A person commits an offence.\n\n'
        + "".join(f"{n}. Text {n}.\n\n" for n in range(3, 6))
    )
    act = act_of(text)
    assert "8A" in nums(act)
    assert s105(act) == ["quotation not closed before section 3; ignored"]


def test_a_stray_quote_never_takes_in_this_acts_next_sections() -> None:
    text = (
        "1. Short title.\n\n"
        "2. A person shall do the following-\n"
        '"(a) keep a record; and\n(b) produce it.\n\n'
        "3. An offence.\n\n4. Another offence.\n\n"
        '5. Penalties for the word data".\n'
    )
    act = act_of(text)
    assert nums(act) == ["1", "2", "3", "4", "5"]
    assert s105(act) == ["quotation not closed before section 4; ignored"]


def test_quoted_words_inside_a_section_change_nothing() -> None:
    text = (
        "1. Short title.\n\n"
        "2. Section 22 of the principal Act is amended-\n"
        '(a) by deleting "Magistrate" and substituting "Judge"; and\n'
        '(b) by deleting the words "seven days" and substituting the following\n'
        '"fourteen days".\n\n'
        "3. Commencement.\n"
    )
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert s105(act) == []


def beside(body: str, note: str) -> str:
    """A body line with its right-margin note at column 62."""
    return f"{body.ljust(62)}{note}\n"


def inserted_part(sections: int) -> str:
    """An amending s.2 inserting a quoted Part of ``sections`` sections (the first one an
    interpretation section), with right-margin notes beside the amending sections; s.1's
    first line runs so long that only a narrow gap is left before its note."""
    body = "".join(
        f"      9{chr(65 + n)}. A person who breaks rule {n} commits an offence\n"
        + "".join(f"      and is liable on conviction to penalty {n}.{k}.\n" for k in range(20))
        + "\n"
        for n in range(1, sections)
    )
    return (
        "1. This Act may be cited as the Brightwater (Amendment) Act,  Short title.\n"
        "2019.\n\n"
        + beside("2. The principal Act is amended by inserting next after", "Insertion of")
        + beside("section 9 the following Part-", "Part IIA.")
        + "\n"
        '      "PART IIA. DRONES\n\n'
        "      9A. In this Part-\n"
        '        "drone" means an unmanned aircraft;\n'
        '        "pilot" means the person who flies a drone.\n\n'
        f"{body.rstrip()}\n"
        '      and that is all.".\n\n'
        + beside("3. This Act comes into operation on a day appointed.", "Commencement.")
    )


def test_an_announced_quoted_part_longer_than_the_line_limit_is_one_passage() -> None:
    text = inserted_part(9)
    assert text.count("\n") > 150  # longer than quote_max_lines, each section shorter
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert [s.heading for s in act.sections()] == [
        "Short title",
        "Insertion of Part IIA",
        "Commencement",
    ]
    assert not [n for n in act.walk() if n.kind.value == "part"]  # the quoted PART IIA
    assert terms(act) == [("drone", "2"), ("pilot", "2")]  # the inserted Part's own terms
    pilot = next(d for d in act.definitions if d.term == "pilot")
    assert "9B." not in pilot.text  # the next quoted section ends the last term
    assert s105(act) == []


def test_an_announcement_broken_over_two_lines_still_announces() -> None:
    # "... the following" / "subsection-": the quoted (5) and its paragraphs are wording
    text = (
        "1. Short title.\n\n"
        "2. Section 4 is amended by inserting next after subsection (4) the following\n"
        "subsection-\n"
        '    "(5) A statement is admissible if-\n'
        "        (a) the computer worked; and\n"
        '        (b) the record is whole.".\n\n'
        "3. Commencement.\n"
    )
    act = act_of(text)
    assert nums(act) == ["1", "2", "3"]
    assert not [n for n in act.walk() if n.kind.value == "paragraph"]
    assert "(b) the record is whole" in act.sections()[1].text
