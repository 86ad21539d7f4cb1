"""The Barbados parliament PDFs (read from ../shared/corpus/real, never copied) through PDF
ingest: the sections a person counts, with both extractors, and the AKN round trip.

How the sections were counted: each bill's ARRANGEMENT OF SECTIONS lists them (10, 9 and 9),
and the body prints exactly those, in order, each with the arrangement's title as its
marginal note; the markdown extraction beside each PDF agrees.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from harmonise.export import to_akn
from harmonise.export.akn_read import act_from_outline
from harmonise.ingest import read_bytes, read_document
from harmonise.ingest.source import SourceDocument
from harmonise.ingest.text import read_text
from harmonise.settings import Settings
from harmonise.structure.act import Act
from harmonise.structure.parser import parse

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "barbados"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REAL.is_dir(), reason="shared real corpus not available"),
]

COUNTED = {  # sections, pages
    "electronic-filing-bill-2014.pdf": (10, 9),
    "electronic-transactions-amendment-act-2014.pdf": (9, 8),
    "evidence-amendment-bill-2014.pdf": (9, 12),
}
EXTRACTORS = [
    "pypdfium2",
    pytest.param(
        "pdftotext",
        marks=pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler-utils"),
    ),
]


@cache
def read(name: str, extractor: str) -> tuple[SourceDocument, Act]:
    settings = Settings(pdf_extractor=extractor)  # type: ignore[arg-type]
    doc = read_document(REAL / name, settings)
    return doc, parse(doc, settings)


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("name", sorted(COUNTED))
def test_sections_match_the_arrangement_and_the_count(name: str, extractor: str) -> None:
    doc, act = read(name, extractor)
    sections, pages = COUNTED[name]
    assert doc.extractor == extractor
    assert len(doc.page_starts) == pages
    assert [s.num for s in act.sections()] == [str(n) for n in range(1, sections + 1)]
    assert [(e.num, e.title) for e in act.arrangement][:sections] == [
        (s.num, s.heading) for s in act.sections()
    ]
    assert not [d for d in act.diagnostics if d.severity == "warning"]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("name", sorted(COUNTED))
def test_pdf_reads_as_well_as_the_markdown_extraction(name: str, extractor: str) -> None:
    _, act = read(name, extractor)
    md = parse(read_text((REAL / name).with_suffix(".md")))
    assert [(s.num, s.heading) for s in act.sections()] == [
        (s.num, s.heading) for s in md.sections()
    ]
    assert [d.term for d in act.definitions] == [d.term for d in md.definitions]
    assert act.title is not None


def test_sections_cite_their_pages() -> None:
    _, act = read("electronic-filing-bill-2014.pdf", "pypdfium2")
    pages = {s.num: act.source_page(s.start) for s in act.sections()}
    assert pages["1"] == 3  # after the objects and reasons and the arrangement
    assert pages["10"] == 7
    assert list(pages.values()) == sorted(pages.values())


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_akn_round_trip_of_a_real_bill(name: str) -> None:
    _, act = read(name, "pypdfium2")
    back = act_from_outline(read_bytes(to_akn(act), "bill.xml"))
    assert [(s.num, s.heading) for s in back.sections()] == [
        (s.num, s.heading) for s in act.sections()
    ]
    assert [d.term for d in back.definitions] == [d.term for d in act.definitions]
