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
