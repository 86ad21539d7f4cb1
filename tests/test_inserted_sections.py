"""An amending Act: the sections it inserts are what it enacts, so matching sees each as a
passage of its own, numbered and headed as it will stand in the principal Act, and findings
cite it there ("8A(1)") with the amending section after it."""

from __future__ import annotations

import hashlib

from harmonise.checklist import ChecklistRegistry
from harmonise.ingest.source import SourceDocument
from harmonise.match.passages import build_passages
from harmonise.review import review_act
from harmonise.structure.parser import parse

TEXT = """FICTIONAL TEXT for a test; not the law of any state.

COMPUTER MISUSE (AMENDMENT) ACT, 2031

1. Short title. This Act may be cited as the Computer Misuse (Amendment) Act, 2031.

2. Insertion of section 8A.—The principal Act is amended by inserting
immediately after section 8 the following section-
        "Illegal remaining
        8A. (1) A person who, having accessed a computer system, intentionally
        remains logged in to that computer system without lawful excuse or
        justification commits an offence.
        (2) A person who commits an offence under subsection (1) is liable on
        summary conviction to a fine of ten thousand dollars or to imprisonment
        for a term of one year, or to both.".

3. Amendment of the Schedule.—The Schedule to the principal Act is amended
by substituting the following form-
        "1. I am the officer named in the warrant.
        2. The data was seized on the date stated.".
"""


def _act():
    return parse(SourceDocument(name="t.txt", text=TEXT,
                                sha256=hashlib.sha256(TEXT.encode()).hexdigest()))  # fmt: skip


def test_an_inserted_section_is_a_passage_of_its_own() -> None:
    passages = {p.num: p for p in build_passages(_act())}
    inserted = passages["8A"]
    assert inserted.inserted_in == "2"
    assert inserted.heading == "Illegal remaining"
    assert inserted.text.startswith("8A. (1) A person who")
    assert passages["2"].text.endswith("the following section-")  # its own words only
    assert "1" in passages and passages["1"].inserted_in is None  # a form's "1." is not one


def test_findings_cite_the_inserted_section_then_the_amending_one() -> None:
    loaded = ChecklistRegistry().get("hipcar-cybercrime")
    review = review_act(_act(), [loaded])
    remaining = next(f for f in review.findings if f.provision == "illegal-remaining")
    assert remaining.sections[0] == "8A(1)"
    assert remaining.sections[-1] == "2"
    assert remaining.penalty is not None and remaining.penalty.imprisonment_months == 12


def test_no_word_is_matched_twice_across_the_labelled_statutes() -> None:
    """Splitting inserted sections off an amending section never duplicates wording: the
    passages' words are disjoint, for every statute we drafted."""
    from pathlib import Path

    from harmonise.review import load_act
    from harmonise.settings import Settings

    folder = Path(__file__).resolve().parents[1] / "corpora" / "labelled"
    inserted = 0
    for path in sorted(folder.glob("*.txt")):
        passages = build_passages(load_act(path, Settings()))
        words = [w for p in passages for w in p.segments]
        assert len(words) == len(set(words)), path.name
        inserted += sum(p.inserted_in is not None for p in passages)
    assert inserted >= 18  # brisanta's Part VA (11) and kestrel's seven sections at least
