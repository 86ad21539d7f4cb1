"""DOCX ingest: paragraphs in order, headings, Word numbering, tables, tracked changes, and
the limits that refuse zip bombs."""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest

from harmonise.errors import HarmoniseError
from harmonise.ingest import read_bytes
from harmonise.ingest.docx_numbering import format_number
from harmonise.ingest.source import SourceDocument
from harmonise.settings import Settings
from harmonise.structure.parser import parse
from tests.fixtures.ingest.make_fixtures import (
    SECTIONS,
    TITLE,
    W,
    numbered_docx,
    statute_docx,
    zip_bomb,
)


@cache
def statute() -> SourceDocument:
    return read_bytes(statute_docx(), "act.docx")


def lines(doc: SourceDocument) -> list[str]:
    return doc.text.splitlines()


def test_paragraphs_in_order_and_recorded_as_docx() -> None:
    doc = statute()
    assert doc.format == "docx"
    assert doc.extractor == "python-docx"
    text = lines(doc)
    assert text[0] == TITLE
    order = [text.index(s.heading) for s in SECTIONS[:4]]
    assert order == sorted(order)
    assert "1. This Act may be cited as the Computer Misuse Act, 2024." in text
    assert "(b) renders data meaningless, useless or ineffective; or" in text


def test_heading_styled_paragraphs_are_lines_of_their_own() -> None:
    text = lines(statute())
    for heading in ("PART I - PRELIMINARY", "Short title", "Interpretation", "SCHEDULE"):
        k = text.index(heading)
        assert text[k - 1] == "" and text[k + 1] == ""


def test_tables_are_kept_as_text() -> None:
    text = lines(statute())
    assert "Offence | Penalty" in text
    assert "Illegal access | $50,000 or 3 years" in text


def test_tracked_changes_resolve_to_the_current_text() -> None:
    text = statute().text
    assert "5. A person who intentionally intercepts computer data commits an offence." in text
    assert "recklessly" not in text


def test_the_docx_parses_into_sections_and_a_part() -> None:
    act = parse(statute())
    assert [(s.num, s.heading) for s in act.sections()][:4] == [
        (s.num, s.heading) for s in SECTIONS[:4]
    ]
    assert act.sections()[0].part and act.sections()[0].part.startswith("Part I")
    assert [d.term for d in act.definitions] == ["computer", "data"]


def test_word_list_numbering_is_rendered() -> None:
    doc = read_bytes(numbered_docx(), "numbered.docx")
    assert "1. This Act may be cited as the Computer Misuse Act, 2024." in lines(doc)
    assert "3. (1) A person who intentionally" in doc.text
    assert [s.num for s in parse(doc).sections()] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (4, "decimal", "4"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (4, "lowerRoman", "iv"),
        (14, "upperRoman", "XIV"),
        (3, "upperLetter", "C"),
        (1, "bullet", ""),
    ],
)
def test_number_formats(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label


def _docx_with_body(body: str) -> bytes:
    """The statute DOCX with word/document.xml's body replaced by ``body``."""
    source = zipfile.ZipFile(io.BytesIO(statute_docx(tracked=False, table=False)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = (f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode()
            target.writestr(info, data)
    return out.getvalue()


def test_a_paragraph_whose_mark_was_deleted_runs_on_into_the_next() -> None:
    body = (
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">1. This Act may be </w:t></w:r></w:p>'
        "<w:p><w:r><w:t>cited as the Short Act.</w:t></w:r></w:p>"
    )
    doc = read_bytes(_docx_with_body(body), "a.docx")
    assert lines(doc) == ["1. This Act may be cited as the Short Act."]


def test_hidden_text_and_field_codes_are_dropped() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">2. Shown </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        "<w:r><w:t>text</w:t><w:br/><w:t>next line</w:t></w:r></w:p>"
    )
    assert lines(read_bytes(_docx_with_body(body), "a.docx")) == ["2. Shown text", "next line"]


# --- refused archives -------------------------------------------------------------------------


def test_zip_bomb_is_refused() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(zip_bomb(5_000_000), "bomb.docx")
    assert err.value.code == "H114"
    assert err.value.message.startswith("bomb.docx: refused: part word/media/image1.bin unpacks")
    assert "max_zip_ratio (200)" in err.value.message


def test_oversized_part_is_refused() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(statute_docx(), "a.docx", Settings(max_zip_member_bytes=5_000))
    assert err.value.code == "H114"
    assert "max_zip_member_bytes (5,000)" in err.value.message


def test_archive_total_is_bounded() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(statute_docx(), "a.docx", Settings(max_unzipped_bytes=20_000))
    assert err.value.code == "H114"
    assert "more than max_unzipped_bytes (20,000)" in err.value.message


def test_damaged_docx_is_h115() -> None:
    with pytest.raises(HarmoniseError) as err:
        read_bytes(b"PK\x03\x04" + b"\x00" * 200, "broken.docx")
    assert err.value.code == "H115"


def test_zip_without_a_word_document_is_unsupported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    with pytest.raises(HarmoniseError) as err:
        read_bytes(buffer.getvalue(), "act.odt")
    assert err.value.code == "H107"
    assert err.value.message == (
        "act.odt: this is an OpenDocument file (.odt), which harmonise cannot read"
    )
