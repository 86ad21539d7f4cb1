"""The assessment stage's output: one Finding per model provision."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from harmonise.checklist import ElementRole, Provision, Verification
from harmonise.match.penalty import Penalty


class Status(StrEnum):
    ADDRESSED = "addressed"
    PARTIAL = "partial"
    MISSING = "missing"


class ElementFinding(BaseModel):
    id: str
    label: str
    role: ElementRole
    required: bool
    found: bool
    section: str | None = None
    quote: str | None = None
    cue: str | None = Field(None, description="The words in the quote that showed it.")
    fuzzy: bool = False
    by_heading: bool = Field(False, description="Found from the section's heading alone.")
    page: int | None = Field(None, description="Source page of the quote (paged input).")


class Evidence(BaseModel):
    """A quoted sentence from a cited section, with the cue words to highlight."""

    section: str
    heading: str | None
    quote: str
    highlights: list[tuple[int, int]] = Field(default_factory=list)
    line: int | None = None
    page: int | None = Field(None, description="Source page of the quote (paged input).")


class Closest(BaseModel):
    section: str
    heading: str | None
    score: float


class Finding(BaseModel):
    framework: str
    provision: str
    model_ref: str
    title: str
    part: str
    status: Status
    confidence: float = Field(ge=0, le=1)
    sections: list[str]
    headings: dict[str, str | None] = Field(default_factory=dict)
    elements: list[ElementFinding]
    missing_elements: list[str]
    penalty: Penalty | None = None
    closest: Closest | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    optional: bool = False
    verification: Verification
    recommendation: str
    guidelines: list[str] = Field(default_factory=list)


def not_found(provision: Provision) -> list[ElementFinding]:
    return [
        ElementFinding(id=e.id, label=e.label, role=e.role, required=e.required, found=False)
        for e in provision.elements
    ]


def restatus(finding: Finding) -> None:
    """Recompute missing elements and status after elements were filled in later."""
    finding.missing_elements = [e.label for e in finding.elements if e.required and not e.found]
    if any(e.role is ElementRole.CORE and e.found for e in finding.elements):
        finding.status = Status.PARTIAL if finding.missing_elements else Status.ADDRESSED
