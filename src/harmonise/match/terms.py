"""Defined terms: does the Act define each term the model defines (same or variant term)?"""

from __future__ import annotations

from pydantic import BaseModel
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from harmonise.checklist import Checklist
from harmonise.structure.act import Act, Definition

STRATEGY = "terms.fuzzy.v1"


class TermFinding(BaseModel):
    framework: str
    term: str
    found: bool
    section: str | None = None
    national_term: str | None = None
    score: float = 0.0


def match_terms(act: Act, checklist: Checklist, min_score: float) -> list[TermFinding]:
    defined: list[tuple[str, Definition]] = [(default_process(d.term), d) for d in act.definitions]
    out: list[TermFinding] = []
    for term in checklist.terms:
        names = [default_process(n) for n in [term.term, *term.variants]]
        best: tuple[float, Definition | None] = (0.0, None)
        for key, definition in defined:
            score = max(fuzz.ratio(key, name) for name in names)
            if score > best[0]:
                best = (score, definition)
        score, hit = best
        found = hit is not None and score >= min_score
        out.append(
            TermFinding(
                framework=checklist.id,
                term=term.term,
                found=found,
                section=hit.section_num if found and hit else None,
                national_term=hit.term if found and hit else None,
                score=round(score / 100, 3),
            )
        )
    return out
