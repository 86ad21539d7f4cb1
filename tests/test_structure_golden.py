"""Golden structure JSON for the fictional statutes in tests/fixtures/structure/.

Refresh deliberately with ``pytest tests/test_structure_golden.py --update-golden`` and read
the diff: it is the parser's behaviour on seven drafting styles (clean modern, old style with
marginal notes and running heads, a bill with clauses, an OCR-damaged print, a PDF-to-markdown
extraction with displaced numbers and an amending quotation, notes in the right margin
running on for several lines, over a page break, and an amending Act quoting the sections
and definitions it inserts with straight quotes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harmonise.ingest.text import read_text
from harmonise.structure.act import Act, NodeKind
from harmonise.structure.parser import parse

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
GOLDEN = Path(__file__).parent / "golden" / "structure"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))


def offset_runs(act: Act) -> list[list[int]]:
    """The text -> source map as runs [text_start, source_start, length] (compact, exact)."""
    runs: list[list[int]] = []
    for i, o in enumerate(act.source_offsets):
        if runs and o == runs[-1][1] + runs[-1][2] and i == runs[-1][0] + runs[-1][2]:
            runs[-1][2] += 1
        else:
            runs.append([i, o, 1])
    return runs


def snapshot(act: Act) -> dict:
    data = act.model_dump(mode="json", exclude={"source_offsets", "source_line_starts"})
    data["source_offset_runs"] = offset_runs(act)
    return data


@pytest.mark.parametrize("name", CASES)
def test_golden_structure(name: str, update_golden: bool) -> None:
    act = parse(read_text(FIXTURES / name))
    got = json.dumps(snapshot(act), indent=1, ensure_ascii=False) + "\n"
    golden = GOLDEN / f"{Path(name).stem}.json"
    if update_golden or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden.name} did not exist; written now, check it and commit it")
    assert got == golden.read_text(encoding="utf-8"), f"{golden.name} differs (--update-golden)"


def test_fixtures_say_they_are_fictional() -> None:
    for name in CASES:
        head = (FIXTURES / name).read_text(encoding="utf-8")[:400]
        assert "FICTIONAL" in head or "fictional" in head, name


# A few targeted assertions that state what the golden files are meant to show.


def test_clean_modern_outline() -> None:
    act = parse(read_text(FIXTURES / "clean-modern.txt"))
    assert [(s.part, s.num, s.heading) for s in act.sections()][:3] == [
        ("Part 1 PRELIMINARY", "1", "Short title and commencement"),
        ("Part 1 PRELIMINARY", "2", "Interpretation"),
        ("Part 2 OFFENCES", "3", "Illegal access"),
    ]
    assert [d.term for d in act.definitions] == ["computer system", "data", "device", "Minister"]
    assert [n.heading for n in act.nodes if n.kind is NodeKind.SCHEDULE] == [
        "Designated authorities",
        "Forms",
    ]
    assert not [d for d in act.diagnostics if d.severity == "warning"]


def test_old_style_headings_come_from_marginal_notes() -> None:
    act = parse(read_text(FIXTURES / "old-style-notes.txt"))
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("1", "Short title"),
        ("2", "Interpretation"),
        ("3", "Unlawful use of wireless apparatus"),
        ("4", "Interference with signals"),
        ("4A", "Aggravated interference"),
        ("5", "Penalties"),
    ]
    assert "interferes with any signal" in " ".join(act.sections()[3].text.split())
    assert "MISCHIEF" not in act.sections()[3].text


def test_bill_memorandum_and_quoted_amendment() -> None:
    act = parse(read_text(FIXTURES / "bill-clauses.txt"))
    assert [s.num for s in act.sections()] == ["1", "2", "3", "4"]
    assert act.title == "ONLINE SAFETY BILL, 2024"
    assert act.nodes[-1].kind is NodeKind.MEMORANDUM
    assert [d.term for d in act.definitions] == ["electronic communication", "Minister"]


def test_ocr_noisy_print_is_repaired_and_recorded() -> None:
    act = parse(read_text(FIXTURES / "ocr-noisy.txt"))
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("3", "Copying of data"),
        ("4", "Attempts"),
        ("5", "Forfeiture"),
        ("6", "Regulations"),
        ("7", "Crown"),
    ]
    paras = [n.num for n in act.walk() if n.kind is NodeKind.PARAGRAPH]
    assert paras == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert re.search(r"non-\s*\nprofit", act.text)  # a compound keeps its hyphen
    fixes = [d.message for d in act.diagnostics if d.code == "S101"]
    assert "read '41)' as '(1)'" in fixes and "read 'I1' as 'II'" in fixes


def test_pdf_extraction_numbers_pair_with_headings() -> None:
    act = parse(read_text(FIXTURES / "pdf-extraction.md"))
    assert [(s.num, s.heading) for s in act.sections()] == [
        ("1", "Short title"),
        ("2", "Amendment of section 4 of the principal Act"),
        ("3", "Commencement"),
    ]
    assert [(e.num, e.title) for e in act.arrangement] == [
        ("1", "Short title"),
        ("2", "Amendment of section 4 of the principal Act"),
        ("3", "Commencement"),
    ]


def test_right_margin_notes_are_whole_headings_and_leave_the_wording_whole() -> None:
    act = parse(read_text(FIXTURES / "right-margin-notes.txt"))
    sections = act.sections()
    assert [(s.num, s.heading) for s in sections] == [
        ("1", "Short title"),
        ("2", "Unlawful copying of stored data"),
        ("3", "Altering records"),
        ("4", "Supplying tools for tampering with data"),  # the note goes on over the page
        ("5", "Regulations"),
    ]
    wording = {s.num: " ".join(s.text.split()) for s in sections}
    # flush-left second lines with a note fragment beside them stay in the wording
    assert "who knowingly and without authority- (a) copies any data" in wording["2"]
    assert "if he knowingly and without lawful excuse- (a) alters" in wording["3"]
    assert "or otherwise offers to supply- (a) any device" in wording["4"]
    # and no fragment of a note is left in it (the schedule cited in the margin included)
    for fragment in ("copying of", "stored data", "records.", "tools for", "with data."):
        assert not any(fragment in text for text in wording.values()), fragment
    assert wording["3"].endswith("set out in the Second Schedule.")
    assert wording["5"] == "5. The Minister may make regulations for the purposes of this Act."


def test_straight_quoted_insertions_stay_in_the_amending_sections() -> None:
    act = parse(read_text(FIXTURES / "amending-straight-quotes.txt"))
    sections = act.sections()
    assert [s.num for s in sections] == ["1", "2", "3", "4", "5", "6"]  # no 5A, no 9
    assert [(e.num, e.title) for e in act.arrangement] == [(s.num, s.heading) for s in sections]
    assert not [d for d in act.diagnostics if d.severity == "warning"]
    wording = {s.num: " ".join(s.text.split()) for s in sections}
    assert '"Operating a botnet 5A. (1) A person who' in wording["3"]
    assert wording["3"].endswith('a fine of ten thousand dollars.".')
    assert '"Distributing malware 9. A person' in wording["4"]
    assert wording["5"].endswith('"(3) An order under subsection (1) may be renewed once.".')
    # the terms s.2 inserts are its definitions; "operates" belongs to the quoted 5A
    assert [(d.term, d.section_num) for d in act.definitions] == [
        ("botnet", "2"),
        ("malware", "2"),
    ]
