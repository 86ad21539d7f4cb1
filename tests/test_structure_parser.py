"""The parser, one drafting convention at a time (small fictional snippets)."""

from __future__ import annotations

import hashlib

import pytest

from harmonise.ingest.source import SourceDocument
from harmonise.structure.act import Act, NodeKind
from harmonise.structure.parser import parse


def act_of(text: str) -> Act:
    return parse(
        SourceDocument(name="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    )


def kinds(act: Act, kind: NodeKind) -> list[str]:
    return [n.eid for n in act.walk() if n.kind is kind]


def codes(act: Act) -> list[str]:
    return [d.code for d in act.diagnostics]


@pytest.mark.parametrize(
    "line",
    [
        "4. (1) A person commits an offence.",
        "4.(1) A person commits an offence.",
        "4.-(1) A person commits an offence.",
        "4.—(1) A person commits an offence.",
        "4.--(1) A person commits an offence.",
    ],
)
def test_section_numbering_styles_open_subsection_1(line: str) -> None:
    act = act_of(f"3. Earlier section.\n{line}\n(2) Second.\n")
    sec = act.sections()[1]
    assert sec.num == "4"
    assert [c.num for c in sec.node.children if c.kind is NodeKind.SUBSECTION] == ["(1)", "(2)"]


def test_lettered_section_and_number_alone_on_its_line() -> None:
    act = act_of("4. Text.\n\n4A.\n\nInserted text.\n\n5. More.\n")
    assert [s.num for s in act.sections()] == ["4", "4A", "5"]
    assert act.sections()[1].text.strip().endswith("Inserted text.")


def test_heading_on_the_line_above() -> None:
    act = act_of(
        "Illegal access\n4. (1) A person who accesses.\n\nIllegal interception\n"
        "5. A person who intercepts.\n"
    )
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("4", "Illegal access"),
        ("5", "Illegal interception"),
    ]
    assert "Illegal access" not in act.sections()[0].text


def test_heading_on_the_same_line_with_a_dash() -> None:
    act = act_of(
        "4. Illegal access.—(1) A person who accesses.\n"
        '5. Interpretation.—In this Act, "data" means data.\n'
    )
    assert [s.heading for s in act.sections()] == ["Illegal access", "Interpretation"]
    assert act.sections()[0].text.strip().startswith("4. .—(1) A person")


def test_heading_after_the_number_with_subsection_on_next_line() -> None:
    act = act_of("4. Illegal access\n(1) A person who accesses.\n(2) More.\n")
    sec = act.sections()[0]
    assert sec.heading == "Illegal access"
    assert "Illegal access" not in sec.text


def test_marginal_note_becomes_the_heading_and_leaves_the_wording() -> None:
    text = (
        "Short title.           1. This Act may be cited as the Wireless\n"
        "                       Act.\n"
        "Unlawful use of        2. No person shall use any wireless apparatus\n"
        "wireless               for the purpose of transmitting a false\n"
        "apparatus.             signal.\n"
    )
    act = act_of(text)
    assert [s.heading for s in act.sections()] == [
        "Short title",
        "Unlawful use of wireless apparatus",
    ]
    wording = " ".join(act.sections()[1].text.split())
    assert (
        wording == "2. No person shall use any wireless apparatus for the purpose of "
        "transmitting a false signal."
    )


def test_running_heads_are_not_in_the_wording() -> None:
    text = (
        "1. A section whose text runs\n                 WIRELESS MISCHIEF\n"
        "over a page.\n2. Another.\n                 WIRELESS MISCHIEF\n"
    )
    act = act_of(text)
    assert "MISCHIEF" not in act.sections()[0].text
    assert len(kinds(act, NodeKind.RUNNING_HEAD)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PART II\nOFFENCES\n3. Text.\n", ("II", "OFFENCES")),
        ("PART 3 - RIGHTS\n3. Text.\n", ("3", "RIGHTS")),
        ("PART I1. Offences\n3. Text.\n", ("II", "Offences")),
        ("Part 4\nEnforcement Powers\n3. Text.\n", ("4", "Enforcement Powers")),
    ],
)
def test_part_headings(text: str, expected: tuple[str, str]) -> None:
    act = act_of(text)
    part = next(n for n in act.nodes if n.kind is NodeKind.PART)
    assert (part.num, part.heading) == expected
    assert act.sections()[0].part == f"Part {expected[0]} {expected[1]}"


def test_part_eids_are_arabic() -> None:
    act = act_of("PART IV\nGENERAL\n9. Text.\n(1) Sub.\n")
    assert "part_4__sec_9__subsec_1" in kinds(act, NodeKind.SUBSECTION)


def test_a_wrapped_reference_to_a_part_is_not_a_part() -> None:
    act = act_of("1. Subsection (1) does not affect an order made under\n    Part II.\n2. Next.\n")
    assert not kinds(act, NodeKind.PART)
    assert [s.num for s in act.sections()] == ["1", "2"]


def test_a_year_at_the_start_of_a_wrapped_line_is_not_a_section() -> None:
    act = act_of(
        "1. This Act may be cited as the Cybercrime Act,\n2015. and comes into force.\n2. Next.\n"
    )
    assert [s.num for s in act.sections()] == ["1", "2"]


def test_a_year_left_alone_beside_a_moved_margin_note_stays_wording() -> None:
    # left-margin-note layout: 'commencement.' is moved off the body, between the wrapped
    # sentence '...Brightwater Act,' and its end '2019.', which must not become section 2019
    text = (
        "Short title and     1.-(1) This Act may be cited as the Brightwater Act,\n"
        "commencement.       2019.\n"
        "                    (2) This Act comes into operation on a day appointed.\n"
        "\n"
        "Interpretation.     2. In this Act, words have their ordinary meaning.\n"
    )
    act = act_of(text)
    assert [s.num for s in act.sections()] == ["1", "2"]
    assert [s.heading for s in act.sections()] == ["Short title and commencement", "Interpretation"]
    assert "2019." in act.sections()[0].text
    assert not [c for c in codes(act) if c in ("S203", "S204", "S205")]


def test_a_number_far_out_of_sequence_after_a_note_and_a_finished_sentence_is_a_section() -> None:
    # an OCR-damaged number ('47' for '4') after a finished section still opens a section
    text = (
        "Short title.        1. This Act is the Brightwater Act.\n"
        "\n"
        "Offence.            2. A person who trespasses commits an offence.\n"
        "Penalty.            47. A person convicted is liable to a fine.\n"
    )
    assert [s.num for s in act_of(text).sections()] == ["1", "2", "47"]


def test_paragraphs_subparagraphs_and_i_after_h() -> None:
    text = (
        "5. A person who makes available—\n"
        + "".join(f"    ({c}) item {c};\n" for c in "abcdefg")
        + (
            "    (h) a component that is—\n"
            "        (i) designed for it; or\n"
            "        (ii) adapted for it;\n"
            "    (i) a manual; or\n"
            "    (j) a similar thing,\n"
            "commits an offence.\n"
        )
    )
    act = act_of(text)
    paras = [n.num for n in act.walk() if n.kind is NodeKind.PARAGRAPH]
    subs = [n.eid for n in act.walk() if n.kind is NodeKind.SUBPARAGRAPH]
    assert paras == [f"({c})" for c in "abcdefghij"]
    assert subs == ["sec_5__para_h__subpara_i", "sec_5__para_h__subpara_ii"]
    # "commits an offence." is set back left of the labels: it belongs to the section
    assert act.locate(act.text.index("commits"))[-1].kind is NodeKind.SECTION


def test_a_wrapped_reference_to_a_paragraph_is_not_a_paragraph() -> None:
    act = act_of("4. (1) A person referred to in paragraph\n(a) of subsection (2) may appeal.\n")
    assert not kinds(act, NodeKind.PARAGRAPH)


def test_proviso() -> None:
    act = act_of(
        "3. (1) A fine of ten dollars:\n    Provided that the court may waive it.\n(2) Next.\n"
    )
    assert kinds(act, NodeKind.PROVISO) == ["sec_3__subsec_1__proviso_1"]


def test_definitions_with_straight_curly_and_bold_terms() -> None:
    text = (
        "2. (1) In this Act—\n"
        '    "computer system" means a device;\n'
        "    “data” includes a program;\n"
        "    **Minister** means the Minister responsible for justice;\n"
        '    "intercept", in relation to data, includes listening to it.\n'
        "    (2) In this section, “seize” includes copying.\n"
    )
    act = act_of(text)
    assert [(d.term, d.section_num) for d in act.definitions] == [
        ("computer system", "2(1)"),
        ("data", "2(1)"),
        ("Minister", "2(1)"),
        ("intercept", "2(1)"),
        ("seize", "2(2)"),
    ]
    assert act.definitions[0].text == "means a device;"
    assert act.definitions[3].text.startswith("in relation to data, includes")
    assert act.definitions[0].section_eid == "sec_2"
    assert "sec_2__subsec_1__def_computer-system" in kinds(act, NodeKind.DEFINITION)


def test_definition_paragraphs_belong_to_the_definition() -> None:
    act = act_of(
        '2. In this Act—\n"device" includes—\n  (a) a chip; and\n  (b) a disk;\n'
        '"data" means data.\n'
    )
    assert kinds(act, NodeKind.PARAGRAPH) == [
        "sec_2__def_device__para_a",
        "sec_2__def_device__para_b",
    ]
    assert [d.section_num for d in act.definitions] == ["2", "2"]


def test_schedules_and_their_items_are_not_sections() -> None:
    text = (
        "1. Text.\n2. More text.\n\nFIRST SCHEDULE\n(Section 2)\nForms\n1. Form A.\n2. Form B.\n"
        "\nSCHEDULE 2\n1. Fees.\n"
    )
    act = act_of(text)
    schedules = [n for n in act.nodes if n.kind is NodeKind.SCHEDULE]
    assert [(s.eid, s.num) for s in schedules] == [("schedule_1", "1"), ("schedule_2", "2")]
    assert [s.num for s in act.sections()] == ["1", "2"]


def test_arrangement_is_a_table_of_contents_not_the_body() -> None:
    text = (
        "ARRANGEMENT OF SECTIONS\n\nPART I - PRELIMINARY\n 1. Short title.\n 2. Interpretation\n"
        "    of terms.\n\nAN ACT to do things.\n\nPART I - PRELIMINARY\n"
        "1. This Act may be cited as the Things Act.\n2. In this Act words mean things.\n"
    )
    act = act_of(text)
    assert [(e.kind.value, e.num, e.title) for e in act.arrangement] == [
        ("part", "I", "PRELIMINARY"),
        ("section", "1", "Short title"),
        ("section", "2", "Interpretation of terms"),
    ]
    assert [s.num for s in act.sections()] == ["1", "2"]
    assert act.nodes[0].kind is NodeKind.ARRANGEMENT
    assert act.long_title == "AN ACT to do things."


def test_arrangement_in_columns_pairs_numbers_with_titles() -> None:
    text = (
        "Arrangement of Sections\n\n1.\n\n2.\n\nShort title\n\nCommencement\n\nBARBADOS\n\n"
        "A Bill entitled\n\nAn Act to do things.\n\nShort title\n\n1.\n\nThis Act may be cited as "
        "the Things Act.\n\nCommencement\n\n2.\n\nThis Act comes into force.\n"
    )
    act = act_of(text)
    assert [(e.num, e.title) for e in act.arrangement] == [
        ("1", "Short title"),
        ("2", "Commencement"),
    ]
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("1", "Short title"),
        ("2", "Commencement"),
    ]
    assert act.title == "Things Act"


def test_cross_check_against_the_arrangement_and_numbering_gaps() -> None:
    text = (
        "ARRANGEMENT OF SECTIONS\n1. One.\n2. Two.\n3. Three.\n\nAN ACT to test.\n\n"
        "1. This Act may be cited as the Test Act.\n3. Text of three.\n9. Text of nine.\n"
    )
    act = act_of(text)
    messages = {(d.code, d.message) for d in act.diagnostics}
    assert ("S202", "section 2 is in the arrangement but not in the body") in messages
    assert ("S203", "section 9 is in the body but not in the arrangement") in messages
    assert ("S204", "section 1 is followed by section 3") in messages
    assert ("S204", "section 3 is followed by section 9") in messages


def test_repeated_section_numbers_get_distinct_eids() -> None:
    act = act_of(
        "1. One is long enough to be a section, and shall be read.\n"
        "2. Two shall be read.\n2. Two again shall be read.\n"
    )
    assert [s.eid for s in act.sections()] == ["sec_1", "sec_2", "sec_2_2"]
    assert "S205" in codes(act)


def test_memorandum_and_conclusion_are_not_law() -> None:
    text = (
        "1. Text.\n\nRead three times and passed the Senate.\n\nOBJECTS AND REASONS\n\n"
        "1. This Bill does things.\n"
    )
    act = act_of(text)
    assert [n.kind for n in act.nodes] == [
        NodeKind.SECTION,
        NodeKind.CONCLUSION,
        NodeKind.MEMORANDUM,
    ]
    assert [s.num for s in act.sections()] == ["1"]


def test_quoted_amending_text_is_not_structure() -> None:
    text = (
        "4. The Penal Code is amended by inserting the following—\n"
        "“Threats\n12A. (1) A person who threatens commits an offence.\n"
        "(2) In this section “threat” includes a threat to property.”.\n"
        "5. Next section.\n"
    )
    act = act_of(text)
    assert [s.num for s in act.sections()] == ["4", "5"]
    assert act.definitions == []
    assert "12A. (1) A person" in act.sections()[0].text


def test_unplaceable_text_is_unrecognised_with_a_diagnostic() -> None:
    text = "PART I\nPRELIMINARY\nsome stray words that belong nowhere, and more\n1. Text.\n"
    act = act_of(text)
    node = next(n for n in act.walk() if n.kind is NodeKind.UNRECOGNISED)
    assert act.text_of(node).startswith("some stray words")
    diag = next(d for d in act.diagnostics if d.code == "S201")
    assert diag.line == 3 and diag.severity == "warning"


def test_text_without_sections_is_reported() -> None:
    act = act_of("Just a letter to the editor.\nNothing numbered here.\n")
    assert act.sections() == []
    assert "S206" in codes(act)


def test_title_long_title_and_enacting_words() -> None:
    act = act_of(
        "THE CYBER ACT, 2020\n\nAN ACT to make provision for cyber\nsecurity.\n\n"
        "BE IT ENACTED by Parliament as follows:-\n\n1. Text.\n"
    )
    assert act.title == "THE CYBER ACT, 2020"
    assert act.long_title == "AN ACT to make provision for cyber security."
    preface = act.nodes[0]
    assert [c.kind for c in preface.children] == [
        NodeKind.TITLE,
        NodeKind.LONG_TITLE,
        NodeKind.ENACTING,
    ]


def test_act_navigation_cite_and_locate() -> None:
    text = (
        "PART II\nOFFENCES\n4. (1) A person who—\n    (a) accesses data; or\n"
        "    (b) copies it,\ncommits an offence.\n"
    )
    act = act_of(text)
    at = act.text.index("copies")
    assert [n.kind for n in act.locate(at)] == [
        NodeKind.PART,
        NodeKind.SECTION,
        NodeKind.SUBSECTION,
        NodeKind.PARAGRAPH,
    ]
    assert act.cite(at) == "4(1)"
    assert act.cite(at, depth=2) == "4(1)(b)"
    assert act.source_offset(at) == at


def test_a_one_sentence_section_under_a_heading_above_keeps_its_wording() -> None:
    act = act_of(
        "Short title\n\n1. This Act may be cited as the Test Act.\n\n"
        "Crown bound\n\n2. This Act binds the Crown.\n\n"
        'Interpretation\n\n3. In this Act, "x" means y.\n'
    )
    crown = act.sections()[1]
    assert crown.heading == "Crown bound"
    assert "This Act binds the Crown." in crown.text  # wording, not a second heading
    headings = [n.heading for n in crown.node.children if n.kind is NodeKind.HEADING]
    assert headings == ["Crown bound"]


def test_an_amendment_note_or_a_sentence_end_is_not_the_acts_title() -> None:
    act = act_of(
        "LAWS OF TESTLAND\n\nCHAPTER 1:01\n\nAn Act to make provision for testing.\n\n"
        "                                  Act 11 of 2001\n"
        "                                  Amended by Act 6 of 2015\n\n"
        "   Marginal notes show the\n   amending Act.\n\n"
        "1. This Act may be cited as the Computer Misuse Act.\n"
        "2. Offences. A person who does a thing commits an offence.\n"
    )
    assert act.title == "Computer Misuse Act"  # from the short title section


def test_a_bill_defines_terms_in_passing_in_a_clause_or_subclause() -> None:
    act = act_of(
        "3. Offences. (1) A person who does a thing commits an offence.\n"
        '    (2) In this clause "serious offence" means an offence punishable by death.\n'
        '    (3) In subclause (1) "thing" includes an omission.\n'
    )
    assert [(d.term, d.section_num) for d in act.definitions] == [
        ("serious offence", "3(2)"),
        ("thing", "3(3)"),
    ]


def test_a_section_number_that_lost_its_first_digit_is_restored() -> None:
    text = (
        "15.-(1) The first rule.\n\n16.-(1) The second rule.\n\n7.-(1) The third rule, "
        "printed without its first digit.\n\n18.-(1) The fourth rule.\n"
    )
    a = act_of(text)
    assert [s.num for s in a.sections()] == ["15", "16", "17", "18"]
    assert codes(a).count("S106") == 1


@pytest.mark.parametrize(
    "nums",
    [
        ("3", "4", "4", "5"),  # a repeated number: nothing to restore
        ("8", "9", "3", "12"),  # 11 is free but does not end in 3
        ("5", "6", "7", "18"),  # in sequence: a gap after it is not damage
    ],
)
def test_section_numbers_are_restored_only_where_one_reading_fits(nums: tuple[str, ...]) -> None:
    a = act_of("\n\n".join(f"{n}.-(1) Rule number {i}." for i, n in enumerate(nums)) + "\n")
    assert "S106" not in codes(a)
