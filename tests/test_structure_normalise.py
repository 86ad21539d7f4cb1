"""Normalisation: page furniture kept as its own lines, marginal notes moved (not dropped),
hyphenated words joined, OCR numbering repaired; every change provable from the offsets."""

from __future__ import annotations

import hashlib

from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings
from harmonise.structure.layout import LineKind
from harmonise.structure.normalise import Normalised, normalise


def doc(text: str) -> SourceDocument:
    return SourceDocument(name="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def lines(n: Normalised, kind: LineKind | None = None) -> list[str]:
    return [n.text[ln.start : ln.end] for ln in n.lines if kind is None or ln.kind is kind]


def assert_lossless(source: str, n: Normalised) -> None:
    """Every source character is in the text once, unless a recorded repair removed it."""
    inserted = set(n.inserted)
    kept = sorted(o for i, o in enumerate(n.offsets) if i not in inserted)
    assert kept == sorted(set(range(len(source))) - set(n.removed))
    assert len(n.offsets) == len(n.text)


OLD_STYLE = """\
Interpretation.        2. In this Act, unless the context otherwise
                       requires-
                   "apparatus" means any wireless transmitter;
Unlawful use of        3.-(1) No person shall use any wireless apparatus
wireless               for the purpose of transmitting a false distress
apparatus.             signal.
                       (2) No person shall use any apparatus.
"""


def test_left_marginal_notes_move_to_their_own_lines_before_the_body() -> None:
    n = normalise(doc(OLD_STYLE))
    assert lines(n, LineKind.MARGIN_NOTE) == [
        "Interpretation.",
        "Unlawful use of",
        "wireless",
        "apparatus.",
    ]
    body = lines(n)
    assert (
        body.index("Interpretation.")
        == body.index(next(x for x in body if x.lstrip().startswith("2. In this Act"))) - 1
    )
    note_at = body.index("Unlawful use of")
    assert body[note_at + 3].lstrip().startswith("3.-(1) No person")
    assert_lossless(OLD_STYLE, n)
    assert [d.code for d in n.diagnostics] == ["S103", "S103"]


def test_right_marginal_note_is_moved_before_the_line_where_it_begins() -> None:
    text = (
        "    3.-(1) A person who, without lawful authority, copies             Copying of\n"
        "data held in a computer system commits an offence.                    data.\n"
    )
    n = normalise(doc(text))
    assert lines(n)[:3] == ["Copying of", "data.", lines(n)[2]]
    assert lines(n)[2].startswith("    3.-(1) A person")
    assert_lossless(text, n)


def test_a_right_note_at_the_notes_column_after_a_narrow_gap_is_a_note() -> None:
    # the notes of the page start at column 62; s.1's long first line leaves a 2-space gap
    def row(body: str, note: str) -> str:
        return f"{body.ljust(62)}{note}\n"

    text = (
        "1. This Act may be cited as the Evidence (Amendment) Act,     Short title.\n"
        "2009.\n\n"
        + row("2. This Act comes into operation on a day appointed.", "Commencement.")
        + row("3. Section 45 of the principal Act is amended by", "Amendment of")
        + row("deleting the words of it.", "section 45.")
        + "4. Wording of a line that runs right on past the notes column, as a table.\n"
    )
    n = normalise(doc(text))
    assert lines(n, LineKind.MARGIN_NOTE) == [
        "Short title.",
        "Commencement.",
        "Amendment of",
        "section 45.",
    ]
    assert_lossless(text, n)


def test_short_flush_left_wording_beside_a_right_note_stays_wording() -> None:
    # read as a left note, "and without lawful authority-" would have the right note's
    # fragment for its body; it is the section's second line, with a right note beside it
    text = (
        "     8.-(1) Subject to subsection (3), a person who knowingly         Unauthorised\n"
        "and without lawful authority-                                         interception of\n"
        "        (a) intercepts any function of a computer; or                 computer function\n"
        "        (b) acquires any electromagnetic emission,                    or service.\n"
        "commits an offence.\n"
    )
    n = normalise(doc(text))
    assert lines(n, LineKind.MARGIN_NOTE) == [
        "Unauthorised",
        "interception of",
        "computer function",  # beside a paragraph's line, too
        "or service.",
    ]
    body = [x.rstrip() for x in lines(n, LineKind.BODY)]
    assert body == [
        "     8.-(1) Subject to subsection (3), a person who knowingly",
        "and without lawful authority-",
        "        (a) intercepts any function of a computer; or",
        "        (b) acquires any electromagnetic emission,",
        "commits an offence.",
    ]
    assert_lossless(text, n)


def test_a_right_note_goes_on_over_a_page_break() -> None:
    text = (
        "     11.-(1) A person commits an offence if he knowingly makes,       Unlawfully making\n"
        "sells or distributes-                                                 available devices\n"
        "\n"
        "No. 9        THE COMPUTER MISUSE ACT, 2017             5\n"
        "\n"
        "        (a) any device designed for committing an offence;            or data.\n"
        "        (b) any access code.\n"
        "\n"
        "No. 9        THE COMPUTER MISUSE ACT, 2017             6\n"
        "     12. A person who causes a computer to perform any function      Fraud.\n"
    )
    n = normalise(doc(text))
    assert lines(n, LineKind.MARGIN_NOTE) == [
        "Unlawfully making",
        "available devices",
        "or data.",
        "Fraud.",
    ]
    assert lines(n)[:4] == ["Unlawfully making", "available devices", "or data.", lines(n)[3]]
    assert lines(n)[3].startswith("     11.-(1) A person")
    assert_lossless(text, n)


def test_a_note_after_a_finished_note_is_a_note_of_its_own() -> None:
    text = (
        "     27.-(1) A supplier shall make available to the consumer        Obligations of\n"
        "the information set out in the Second Schedule.                     supplier.\n"
        "                                                                    Second\n"
        "     (2) The supplier shall give the consumer an                    Schedule.\n"
        "opportunity to review the transaction.\n"
    )
    n = normalise(doc(text))
    notes = [x.strip() for x in lines(n, LineKind.MARGIN_NOTE)]  # a note alone keeps its indent
    assert notes == ["Obligations of", "supplier.", "Second", "Schedule."]
    messages = [d.message for d in n.diagnostics]
    assert messages == [
        "marginal note 'Obligations of supplier.' set on its own line",
        "marginal note 'Second Schedule.' set on its own line",
    ]
    assert_lossless(text, n)


def test_flush_left_short_lines_are_not_notes_without_an_indented_body() -> None:
    text = "1. This Act may be cited as the\nCrimes Act.\n2. In this Act—\n"
    n = normalise(doc(text))
    assert not lines(n, LineKind.MARGIN_NOTE)
    assert n.text == text


def test_running_heads_and_page_numbers_are_their_own_lines() -> None:
    text = (
        "1. First section text goes on\n"
        "                   ELECTRONIC TRANSACTIONS\n"
        "and ends here.\n"
        "14                 ELECTRONIC TRANSACTIONS\n"
        "2. Second section.\n"
        "                   ELECTROhrIC TRANSACTIONS\n"
        "\n"
        "                                  7\n"
        "\n"
        "[The inclusion o f this page is authorized by L.N. llROlO [\n"
    )
    n = normalise(doc(text))
    heads = lines(n, LineKind.RUNNING_HEAD)
    assert len(heads) == 4  # three running heads (one OCR-damaged) and the L.N. notice
    assert lines(n, LineKind.PAGE_NUMBER) == ["                                  7"]
    assert n.text == text  # classified, not moved


def test_a_title_printed_twice_at_the_top_is_not_a_running_head_if_it_is_a_part_title() -> None:
    text = "PART II\nOFFENCES\n1. Text.\nPART II\nOFFENCES\n"
    n = normalise(doc(text))
    assert not lines(n, LineKind.RUNNING_HEAD)


def test_hyphenated_words_are_joined_but_compounds_keep_their_hyphen() -> None:
    text = "secure elec-\n    tronic commerce and non-\n    profit bodies.\n"
    n = normalise(doc(text))
    assert n.text == "secure electronic\n     commerce and non-\n    profit bodies.\n"
    assert n.removed == [text.index("-")]
    assert [d.message for d in n.diagnostics] == ["joined 'elec-tronic'"]
    assert_lossless(text, n)


def test_hyphen_is_kept_when_the_joined_word_is_not_a_word() -> None:
    text = "the attorney-at-\nlaw and the foo-\nbarx thing\n"
    n = normalise(doc(text))
    assert n.text == text


def test_ocr_numbering_at_a_section_start_is_repaired() -> None:
    text = "3.-41) The objects are to-\n  (a) one;\n  ( b ) two;\n  (c) three;\n  (6) four;\n"
    n = normalise(doc(text))
    assert n.text.splitlines() == [
        "3.-(1) The objects are to-",
        "  (a) one;",
        "  (b) two;",
        "  (c) three;",
        "  (d) four;",
    ]
    messages = [d.message for d in n.diagnostics]
    assert messages == ["read '41)' as '(1)'", "read '( b )' as '(b)'", "read '(6)' as '(d)'"]
    assert all(d.code == "S101" and d.severity == "info" for d in n.diagnostics)
    assert_lossless(text, n)


def test_a_6_that_continues_the_subsections_is_left_alone() -> None:
    text = "4.-(1) Text.\n  (2) Text.\n  (3) Text.\n  (4) Text.\n  (5) Text.\n  (6) Text.\n"
    assert normalise(doc(text)).text == text


def test_damaged_f_label_is_read_from_the_sequence() -> None:
    text = "5. A person who-\n (d) one;\n (e) two; or\n fl three,\ncommits an offence.\n"
    n = normalise(doc(text))
    assert " (f) three," in n.text.splitlines()
    assert_lossless(text, n)


def test_part_numbers_and_references_in_roman_documents() -> None:
    text = "PART I\n1. Text.\nPART I1\n2. See Part I11 and subsection (I).\nPART 111\n"
    n = normalise(doc(text))
    assert n.text == "PART I\n1. Text.\nPART II\n2. See Part III and subsection (1).\nPART III\n"


def test_arabic_part_eleven_is_not_made_roman() -> None:
    text = "PART 10\n1. Text.\nPART 11\n2. Text.\n"
    assert normalise(doc(text)).text == text


def test_displaced_numbers_from_pdf_extraction_move_back_above_their_text() -> None:
    text = (
        "Electronic filing\n\n"
        "A  person  or  legal  entity  may  electronically  file  with  the  Registrar\n"
        "3.(1)\n"
        "information, forms or documents.\n"
    )
    n = normalise(doc(text))
    assert n.text.splitlines()[2:4] == [
        "3.(1)",
        "A  person  or  legal  entity  may  electronically  file  with  the  Registrar",
    ]
    assert [d.code for d in n.diagnostics] == ["S104"]
    assert_lossless(text, n)


def test_offsets_are_identity_for_clean_text() -> None:
    text = "1. Short title.\n\n2. (1) In this Act—\n    (a) one;\n"
    n = normalise(doc(text))
    assert n.text == text
    assert n.offsets == list(range(len(text)))
    assert n.inserted == [] and n.removed == []


def test_margin_thresholds_come_from_settings() -> None:
    text = (
        "    3. A person who copies data commits an offence.     Copying.\n"
        "    4. Another section.\n"
    )
    assert not lines(normalise(doc(text)), LineKind.MARGIN_NOTE)
    narrow = Settings(margin_gap_columns=4, right_note_min_column=40)
    assert lines(normalise(doc(text), narrow), LineKind.MARGIN_NOTE) == ["Copying."]
