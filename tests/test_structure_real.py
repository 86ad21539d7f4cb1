"""The parser on real Caribbean legislation (read from ../shared/corpus/real, never copied).

How the expected sections were counted: for the Barbados bills, from their ARRANGEMENT OF
SECTIONS, which matches the body; for the Jamaican prints, by reading the .txt: every
section whose number and first words are printed in the extraction (the extractions are
partial and out of order, and some numbers are unreadable OCR: those are listed apart).
Section headings asserted below are the marginal notes or headings as printed (OCR
misspellings included); notes that the scan glued into the wording cannot be separated and
are not asserted.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from harmonise.ingest.text import read_text
from harmonise.structure.act import Act
from harmonise.structure.parser import parse

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="shared real corpus not available")


@cache
def act(name: str) -> Act:
    return parse(read_text(REAL / name))


def found(name: str) -> list[str]:
    return [s.num for s in act(name).sections()]


def headings(name: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for s in act(name).sections():
        out.setdefault(s.num, s.heading)
    return out


# --- Barbados: markdown extractions of bills -------------------------------------------------

BARBADOS = {
    "barbados/electronic-filing-bill-2014.md": 10,
    "barbados/electronic-transactions-amendment-act-2014.md": 9,
    "barbados/evidence-amendment-bill-2014.md": 9,
}


@pytest.mark.parametrize(("name", "count"), sorted(BARBADOS.items()))
def test_barbados_sections_match_the_arrangement(name: str, count: int) -> None:
    a = act(name)
    assert found(name) == [str(n) for n in range(1, count + 1)]
    assert [(e.num, e.title) for e in a.arrangement][:count] == [
        (s.num, s.heading) for s in a.sections()
    ]
    assert not [d for d in a.diagnostics if d.code in ("S202", "S203", "S204", "S205")]


def test_barbados_amending_quotations_are_not_sections_or_definitions() -> None:
    name = "barbados/evidence-amendment-bill-2014.md"
    assert "72A" not in found(name)
    assert act(name).definitions == []
    assert "72A.(1)" in act(name).sections()[2].text


def test_barbados_inserted_definitions_belong_to_the_amending_section() -> None:
    # s.2(b) inserts "the following definitions:", quoted “ “accredited certificate” ...;”.
    name = "barbados/electronic-transactions-amendment-act-2014.md"
    assert [(d.term, d.section_num) for d in act(name).definitions] == [
        ("accredited certificate", "2"),
        ("certification service provider", "2"),
        ("encryption", "2"),
        ("Supervisor", "2"),
    ]


def test_barbados_definitions_and_schedule() -> None:
    a = act("barbados/electronic-filing-bill-2014.md")
    assert [(d.term, d.section_num) for d in a.definitions] == [
        ("designated enactment", "2"),
        ("electronic filing with the Registrar", "2"),
        ("legal entity", "2"),
        ("Registrar", "2"),
    ]
    assert a.title == "Electronic Filing Act, 2014"
    assert [n.kind.value for n in a.nodes][-2:] == ["schedule", "conclusion"]


# --- Jamaica: OCR of scanned prints ---------------------------------------------------------

ET = "jamaica/electronic-transactions-act.txt"
ET_SECTIONS = [*range(3, 29), *range(31, 38)]  # 29 only a fragment, 30 missing, 1-2 not in text
ET_EXTRA = {"1", "2", "30", "38"}  # First Schedule items 1-2; arrangement entries 30 and 38
ET_HEADINGS = {
    "3": "Objects",
    "5": "Agreement required",
    "8": "Requirements for signature",
    "9": "Requirements for attestation, etc., of documents",
    "10": "Requirements to produce a document for inspection or in original form",
    "16": "Formation and validity",
    "17": "Attribution of electronic documents",
    "18": "Effect of change or error",
    "22": "Conduct of signatory",
    "23": "Conduct of certification service provider",
    "24": "Use and disclosure of pseudonyms",
    "25": "Liability of intermediaries",
    "31": "by agreement",  # "Provisions ... not excluded" is glued into the wording
    "34": "Penalties",
    "37": "Regulations",
}

ATI = "jamaica/access-to-information-act-2002.txt"
ATI_SECTIONS = [*range(1, 16), *range(17, 39)]  # 16 is not in the extraction
ATI_UNREADABLE = {"4"}  # printed "l(DO" by the OCR ("7.Anofc:." is restored to 17)
ATI_EXTRA = {"3", "4", "9", "13"}  # schedule paragraphs, repeated
ATI_HEADINGS = {
    "3": "Interpretation",
    "7": "Application for access",
    "9": "Forms of access",
    "13": "Grant of access",
    "14": "Documents affecting security, defence or international relations",
    "15": "Cabinet documents",
    "18": "Documents affecting national economy",
    "19": "Documents revealing Government's deliberative processes",
    "21": "Documents relating to heritage sites, etc",
    "26": "Annotation of personal records",
    "27": "Notice of amendments or annotations",
    "30": "Internal review",
    "34": "Offence",
    "35": "Provisions re other Acts",
    "36": "Reports",
}

EVIDENCE = "jamaica/evidence-act.txt"
EVIDENCE_SECTIONS = [*range(5, 32), *range(38, 46)]
EVIDENCE_UNREADABLE = {"10", "20", "42"}  # printed "U.", "28." and "4 2"
EVIDENCE_HEADINGS = {
    "29": "Powr of court to impound documents",
    "30": "Wilfully Fcrtiryins false certificats",
    "31": "Power to ldministcr Oath",
}

TELECOMS = "jamaica/telecommunications-act-2000.txt"
TELECOMS_SECTIONS = [
    *range(1, 11),
    *range(13, 19),
    *range(20, 24),
    27,
    28,
    *range(30, 40),
    *range(41, 49),
    *range(50, 60),
    *range(61, 72),
    73,
    *range(75, 86),
]
TELECOMS_EXTRA = {"11", "12", "60"}  # First Schedule paragraphs 11-12; an arrangement entry
TELECOMS_HEADINGS = {
    "5": "Duty of Office to refer matters to the Fair Trading Commission",
    "6": "Ministerial directions",
    "9": "Licence required for provision of specified service",
    "17": "Assignment of licences and transfer of control of licensees",
    "20": "Regulation of use of spectrum",
    "22": "Allocation of spectrum",
    "28": "Determination of dominance",
    "30": "Interconnection by dominant carrier",
    "39": "Obligation to provide universal service",
    "46": "Price cap restrictions",
    "47": "Privacy of customer",
    "50": "International service rules",
    "73": "Agreements not affected by Fair Competition Act",
    "75": "Repeal of Telephone Act",
    "81": "Commencement of price caps",
}

JAMAICA = [
    (ET, ET_SECTIONS, set(), ET_EXTRA, ET_HEADINGS),
    (ATI, ATI_SECTIONS, ATI_UNREADABLE, ATI_EXTRA, ATI_HEADINGS),
    (EVIDENCE, EVIDENCE_SECTIONS, EVIDENCE_UNREADABLE, {"28"}, EVIDENCE_HEADINGS),
    (TELECOMS, TELECOMS_SECTIONS, set(), TELECOMS_EXTRA, TELECOMS_HEADINGS),
]


@pytest.mark.parametrize(("name", "sections", "unreadable", "extra", "expected"), JAMAICA)
def test_jamaica_sections_a_reader_counts_are_found(
    name: str,
    sections: list[int],
    unreadable: set[str],
    extra: set[str],
    expected: dict[str, str],
) -> None:
    nums = found(name)
    readable = {str(n) for n in sections} - unreadable
    assert readable <= set(nums), sorted(readable - set(nums), key=int)
    assert set(nums) - readable <= extra  # what else is taken for a section is known
    got = headings(name)
    assert {n: got[n] for n in expected} == expected


@pytest.mark.parametrize(("name", "minimum"), [(ET, 26), (ATI, 30), (EVIDENCE, 22), (TELECOMS, 50)])
def test_jamaica_most_sections_have_a_heading(name: str, minimum: int) -> None:
    """Headings a reader can see beside the text; glued notes (one space from the wording,
    no column gap) cannot be separated, hence a floor rather than every section."""
    assert sum(1 for h in headings(name).values() if h) >= minimum


def test_jamaica_running_heads_and_ocr_fixes_are_recorded() -> None:
    a = act(ET)
    assert any(d.message == "read '41)' as '(1)'" for d in a.diagnostics)
    assert all("ELECTRONIC TRANSACTIONS" not in s.text for s in a.sections())
    interpretation = [d.term for d in a.definitions if d.section_num == "26(3)"]
    assert interpretation == [
        "commercial communication",
        "consumer",
        "goods",
        "personal information",
        "supplier",
    ]


def test_jamaica_section_number_with_a_lost_digit_is_restored() -> None:
    """ "7.Anofc:." (section 17, legal privilege) follows section 7 and precedes 18."""
    a = act(ATI)
    assert [d.message for d in a.diagnostics if d.code == "S106"] == [
        "section printed as 7. read as section 17 (between the sections around it; "
        "a digit lost in the print)"
    ]
    assert "legal professional" in next(s.text for s in a.sections() if s.num == "17")
