"""The decoded input document every later stage reads from."""

from __future__ import annotations

import bisect
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field


class IngestNote(BaseModel):
    """Something ingest noticed that a reviewer should know (not an error): the structure
    stage turns each into a diagnostic."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable code, e.g. 'I101' page without a text layer.")
    severity: str = Field("warning", description="'warning' or 'info', as diagnostics have.")
    message: str
    page: int | None = None


class OutlineNode(BaseModel):
    """A node of structure the source states itself (Akoma Ntoso): its kind (the AKN element
    name: part, section, subsection, paragraph, definition, heading, content...), eId, number,
    heading and span of ``SourceDocument.text``."""

    model_config = ConfigDict(frozen=True)

    kind: str
    eid: str = ""
    num: str | None = None
    heading: str | None = None
    start: int
    end: int
    children: list[OutlineNode] = Field(default_factory=list)


class SourceDocument(BaseModel):
    """A decoded document. ``text`` has ``\\n`` line ends (CRLF and CR are converted) and no
    BOM; every offset in later stages points into it, and :meth:`line_of` turns an offset
    back into the 1-based line number of the original file (line ends are preserved one for
    one, so line numbers survive the conversion)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="File name (no folders) or a label such as '<stdin>'.")
    text: str
    sha256: str = Field(description="Hash of the raw input bytes.")
    format: str = Field("text", description="What it was read from: text, pdf, docx, html...")
    encoding: str = Field("utf-8", description="Encoding the text was decoded with.")
    page_starts: list[int] = Field(
        default_factory=list, description="Offsets where pages begin (formats with pages)."
    )
    extractor: str | None = Field(
        None, description="Tool that produced the text: pdftotext, pypdfium2, ocrmypdf..."
    )
    notes: list[IngestNote] = Field(
        default_factory=list, description="What ingest noticed (image-only pages, OCR...)."
    )
    outline: list[OutlineNode] | None = Field(
        None, description="Structure given by the source itself (Akoma Ntoso input)."
    )

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def line_starts(self) -> list[int]:
        """Offsets at which the document's lines begin."""
        return list(self._line_starts)

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def page_of(self, offset: int) -> int | None:
        """1-based page number of ``offset``, where the format has pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    @property
    def words(self) -> int:
        return len(self.text.split())
