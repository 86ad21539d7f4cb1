"""Assess: candidates -> one Finding per provision (status, evidence, missing elements).

Rules follow shared/reference/judging.md: addressed when every required element is found,
in one section or spread over several (a general penalty section, a definition of "without
authority"); partial when the core conduct is there but a required element is missing;
missing when no section carries the core conduct. The first section cited carries the core.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, Field

from harmonise.checklist import (
    Checklist,
    Element,
    ElementRole,
    Provision,
    ProvisionKind,
    Verification,
)
from harmonise.match.candidates import Candidate, candidates_for
from harmonise.match.cues import CueIndex, Hit
from harmonise.match.nlp import lemmas
from harmonise.match.passages import Passage
from harmonise.match.penalty import Penalty, extract_penalty
from harmonise.settings import Settings
from harmonise.structure.act import Act

STRATEGY = "assess.rules.v1"


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


def _sentence(passage: Passage, hit: Hit, limit: int = 400) -> tuple[str, int]:
    """The sentence (or clause) of the passage around a hit, and where it starts."""
    text = passage.text
    start = max(
        text.rfind(";", 0, hit.start), text.rfind(".", 0, hit.start), text.rfind(":", 0, hit.start)
    )
    start = 0 if start < 0 else start + 1
    ends = [i for i in (text.find(";", hit.end), text.find(".", hit.end)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    if end - start > limit:
        start = max(start, hit.start - limit // 2)
        end = min(end, hit.end + limit // 2)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip(" \u2014\u2013-:"))
    return raw[lead:].rstrip(), start + lead


_NEGATION = re.compile(r"\b(not|nothing|no|never|neither|nor)\b", re.I)


def _negates(negative: Hit, positive: Hit, text: str) -> bool:
    """Does a negative cue take away this positive hit? A negation ("nothing in this section
    authorises") reaches its whole clause; a narrowing phrase ("offence under this Act")
    only the words it overlaps ("evidence of an offence under this Act")."""
    if _NEGATION.search(negative.cue):
        start, end = _clause(text, negative.start, negative.end)
        return start <= positive.start < end
    return positive.start < negative.end and negative.start < positive.end


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(";", 0, start), text.rfind(".", 0, start))
    ends = [i for i in (text.find(";", end), text.find(".", end)) if i >= 0]
    return (left + 1 if left >= 0 else 0), (min(ends) + 1 if ends else len(text))


def _cite(act: Act, passage: Passage, offset: int) -> str:
    if passage.num == "long title":
        return passage.num
    return act.cite(passage.act_offset(offset), depth=1) or passage.num


def assess_provision(
    act: Act,
    checklist: Checklist,
    provision: Provision,
    passages: list[Passage],
    hits: list[Hit],
    heading_scores: list[float],
    index: CueIndex,
    settings: Settings,
    spread: dict[str, int],
) -> Finding:
    ranked = candidates_for(provision, heading_scores, hits, passages, index, settings, spread)
    present = [c for c in ranked if c.present]
    by_heading = None
    if not present:
        # A section headed with the provision's own title ("No monitoring obligation") is
        # about it even where none of the core cues occur; its opening words are the evidence.
        best = max(ranked, key=lambda c: c.heading_score, default=None)
        if (
            best is None
            or best.heading_score < settings.heading_exact
            or provision.kind in _NO_HEADING_ONLY
            or _excluded(best, provision)
        ):
            return _missing(checklist, provision, passages, ranked)
        by_heading = _heading_hit(provision, best, passages[best.passage])
        present = [best]
    primary = present[0]
    first_core = provision.core_elements[0]
    if (
        by_heading is None
        and first_core.id not in primary.hits
        and primary.heading_score >= settings.heading_exact
        and provision.kind not in _NO_HEADING_ONLY
    ):
        by_heading = _heading_hit(provision, primary, passages[primary.passage])
    used: list[Candidate] = [primary]
    chosen: dict[str, tuple[Candidate, Hit]] = {}
    notes: list[str] = []
    # Other sections lend elements only where they are about this provision too (a matching
    # heading, or a core limb the first section lacks: possession in its own section); the
    # interpretation section lends what definitions carry (what "without authority" or
    # "access" covers), never conditions, safeguards or penalties.
    core_here = {e for e in primary.hits if _role(provision, e) is ElementRole.CORE}
    others = [
        c
        for c in present[1:]
        if c.heading_score >= settings.heading_strong
        or any(_role(provision, e) is ElementRole.CORE and e not in core_here for e in c.hits)
    ]
    definitions = _definition_candidates(ranked, passages)
    for element in provision.elements:
        sources = [primary, *others]
        if element.role in _DEFINABLE or element.role is ElementRole.SCOPE:
            sources.extend(definitions)
        scoped = (
            _own_term_hits(
                act, passages, definitions, index.core_words.get(provision.id, ""), element
            )
            if element.role is ElementRole.SCOPE
            else None
        )
        for cand in sources:
            if cand in definitions and element.role is ElementRole.SCOPE:
                if scoped is not None:
                    chosen[element.id] = scoped
                    if scoped[0] not in used:
                        used.append(scoped[0])
                    break
                continue
            negatives = cand.negatives.get(element.id, [])
            text = passages[cand.passage].text
            positives = [
                h
                for h in cand.hits.get(element.id, [])
                if not any(_negates(n, h, text) for n in negatives)
            ]
            if positives:
                chosen[element.id] = (cand, positives[0])
                if cand not in used:
                    used.append(cand)
                break
            if negatives:
                # "evidence of an offence under this Act": the wording that would show the
                # element is itself cut down, and nothing else in the section shows it.
                ref = _cite(act, passages[cand.passage], negatives[0].start)
                notes.append(f"{element.label}: cut down by '{negatives[0].cue}' in s. {ref}")
                break
    if by_heading is not None:
        heading = passages[primary.passage].heading
        notes.append(f"the core is taken from the section's heading '{heading}'")
    sections: list[str] = []
    extra_refs: list[str] = []
    evidence: list[Evidence] = []
    element_findings: list[ElementFinding] = []
    penalty: Penalty | None = None
    for element in provision.elements:
        pick = chosen.get(element.id)
        if pick is None:
            element_findings.append(
                ElementFinding(
                    id=element.id,
                    label=element.label,
                    role=element.role,
                    required=element.required,
                    found=False,
                )
            )
            continue
        cand, hit = pick
        passage = passages[cand.passage]
        quote, _ = _sentence(passage, hit)
        ref = _cite(act, passage, hit.start)
        element_findings.append(
            ElementFinding(
                id=element.id,
                label=element.label,
                role=element.role,
                required=element.required,
                found=True,
                section=ref,
                quote=quote,
                cue=hit.cue,
                fuzzy=hit.fuzzy,
                by_heading=hit.heading,
                page=act.source_page(passage.act_offset(hit.start)),
            )
        )
    # A qualifier the offence uses and the interpretation section explains: cite both.
    for ef in element_findings:
        if ef.role is ElementRole.QUALIFIER and ef.found and ef.cue:
            ref = _defining_section(act, passages, hits, ef)
            if ref:
                notes.append(f"'{ef.cue}' is explained in s. {ref}")
                extra_refs.append(ref)
    # Penalty: in the offence's own sections, else the general penalty section.
    if any(e.role is ElementRole.PENALTY for e in provision.elements):
        penalty = _penalty(act, passages, used)
        for ef in element_findings:
            if ef.role is ElementRole.PENALTY and not ef.found and penalty is not None:
                ef.found, ef.section, ef.quote = True, penalty.section, None
                notes.append(f"penalty taken from the general penalty section {penalty.section}")
    core = next((ef for ef in element_findings if ef.role is ElementRole.CORE and ef.found), None)
    first = core.section if core and core.section else passages[primary.passage].num
    sections = _citations(first, [ef.section for ef in element_findings if ef.found], extra_refs)
    for ef in element_findings:
        if ef.found and ef.quote:
            evidence.append(_evidence(act, passages, ef, used))
    missing = [ef.label for ef in element_findings if ef.required and not ef.found]
    status = Status.PARTIAL if missing else Status.ADDRESSED
    required = [ef for ef in element_findings if ef.required] or element_findings
    share = sum(ef.found for ef in required) / len(required)
    confidence = round(min(1.0, 0.5 * primary.score + 0.5 * share), 3)
    return Finding(
        framework=checklist.id,
        provision=provision.id,
        model_ref=provision.model_ref,
        title=provision.title,
        part=provision.part,
        status=status,
        confidence=confidence,
        sections=_dedupe(sections),
        headings={passages[c.passage].num: passages[c.passage].heading for c in used},
        elements=element_findings,
        missing_elements=missing,
        penalty=penalty,
        evidence=_dedupe_evidence(evidence),
        notes=notes,
        optional=provision.optional,
        verification=provision.verification,
        recommendation=provision.recommendation,
        guidelines=provision.guidelines,
    )


_DEFINABLE = frozenset({ElementRole.CORE, ElementRole.QUALIFIER, ElementRole.OBJECT})


def _role(provision: Provision, element_id: str) -> ElementRole | None:
    for element in provision.elements:
        if element.id == element_id:
            return element.role
    return None


# Headings such as "Purpose" or "Interpretation" say too little about the content.
_NO_HEADING_ONLY = frozenset({ProvisionKind.PRELIMINARY, ProvisionKind.DEFINITIONS})


def _own_term_hits(
    act: Act,
    passages: list[Passage],
    definitions: list[Candidate],
    own: str,
    element: Element,
) -> tuple[Candidate, Hit] | None:
    """A scope element found in the interpretation section counts only inside the definition
    of one of the provision's own core words ("seize" includes making a copy), not anywhere
    there (a definition of "premises" that mentions aircraft says nothing about jurisdiction).
    ``own`` is the lemmatised core cues of the provision (CueIndex.core_words)."""
    for cand in definitions:
        passage = passages[cand.passage]
        for hit in cand.hits.get(element.id, []):
            at = passage.act_offset(hit.start)
            for d in act.definitions:
                if d.start <= at < d.end and " ".join(lemmas(d.term)) in own:
                    return cand, hit
    return None


def _excluded(cand: Candidate, provision: Provision) -> bool:
    """A core element cut down in the section ("nothing in this Part authorises the
    interception of content") means the power is expressly excluded there."""
    return any(e.id in cand.negatives for e in provision.core_elements)


def _heading_hit(provision: Provision, cand: Candidate, passage: Passage) -> Hit:
    core = provision.core_elements[0]
    words = passage.text.split()
    opening = " ".join(words[:12])
    hit = Hit(provision.id, core.id, cand.passage, 0, len(opening), opening, heading=True)
    cand.hits.setdefault(core.id, []).insert(0, hit)
    return hit


def _definition_candidates(ranked: list[Candidate], passages: list[Passage]) -> list[Candidate]:
    return [c for c in ranked if passages[c.passage].is_definitions and not c.present]


def _defining_section(
    act: Act, passages: list[Passage], hits: list[Hit], ef: ElementFinding
) -> str | None:
    cue = (ef.cue or "").lower()
    for hit in hits:
        passage = passages[hit.passage]
        if hit.element == ef.id and passage.is_definitions and hit.cue.lower() == cue:
            return _cite(act, passage, hit.start)
    return None


def _base(ref: str) -> str:
    return ref.split("(")[0]


def _citations(first: str, element_refs: list[str | None], extra: list[str]) -> list[str]:
    """The section carrying the core first (at subsection level), then each supporting
    reference once; other parts of the first section and bare section numbers whose
    subsections are cited already are left out."""
    refs = [first]
    for ref in [*element_refs, *extra]:
        if ref and ref not in refs and _base(ref) != _base(first):
            refs.append(ref)
    return [r for r in refs if "(" in r or not any(o.startswith(r + "(") for o in refs)]


def _dedupe(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _dedupe_evidence(items: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[str, str], Evidence] = {}
    for ev in items:
        key = (ev.section, ev.quote)
        if key in seen:
            seen[key].highlights.extend(h for h in ev.highlights if h not in seen[key].highlights)
        else:
            seen[key] = ev
    return list(seen.values())


def _evidence(
    act: Act, passages: list[Passage], ef: ElementFinding, used: list[Candidate]
) -> Evidence:
    quote = ef.quote or ""
    highlights: list[tuple[int, int]] = []
    if ef.cue:
        at = quote.find(ef.cue)
        if at >= 0:
            highlights.append((at, at + len(ef.cue)))
    heading = None
    for cand in used:
        p = passages[cand.passage]
        if ef.section and ef.section.split("(")[0] == p.num:
            heading = p.heading
    return Evidence(
        section=ef.section or "", heading=heading, quote=quote, highlights=highlights, page=ef.page
    )


def _penalty(act: Act, passages: list[Passage], used: list[Candidate]) -> Penalty | None:
    for cand in used:
        p = passages[cand.passage]
        found = extract_penalty(p.text, p.num)
        if found is not None:
            return found
    for p in passages:
        if p.is_general_penalty:
            found = extract_penalty(p.text, p.num)
            if found is not None:
                return found
    return None


def _missing(
    checklist: Checklist, provision: Provision, passages: list[Passage], ranked: list[Candidate]
) -> Finding:
    closest = None
    notes: list[str] = []
    if ranked:
        best = max(ranked, key=lambda c: c.score)
        p = passages[best.passage]
        closest = Closest(section=p.num, heading=p.heading, score=round(best.score, 3))
    if provision.optional:
        notes.append("the model leaves this provision to the state's choice")
    confidence = round(1.0 - (closest.score if closest else 0.0), 3)
    return Finding(
        framework=checklist.id,
        provision=provision.id,
        model_ref=provision.model_ref,
        title=provision.title,
        part=provision.part,
        status=Status.MISSING,
        confidence=max(0.0, min(1.0, confidence)),
        sections=[],
        elements=[
            ElementFinding(id=e.id, label=e.label, role=e.role, required=e.required, found=False)
            for e in provision.elements
        ],
        missing_elements=[e.label for e in provision.elements if e.required],
        closest=closest,
        notes=notes,
        optional=provision.optional,
        verification=provision.verification,
        recommendation=provision.recommendation,
        guidelines=provision.guidelines,
    )


def _restatus(finding: Finding) -> None:
    finding.missing_elements = [e.label for e in finding.elements if e.required and not e.found]
    if any(e.role is ElementRole.CORE and e.found for e in finding.elements):
        finding.status = Status.PARTIAL if finding.missing_elements else Status.ADDRESSED


def _said_in_definitions(act: Act, passages: list[Passage], cues: list[str]) -> str | None:
    """Where the interpretation section uses one of these wordings, its citation."""
    wanted = [lemmas(c) for c in cues]
    for passage in passages:
        if not passage.is_definitions or passage.doc is None:
            continue
        words = [t.lemma_ for t in passage.doc]
        for cue in wanted:
            n = len(cue)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == cue:
                    return _cite(act, passage, passage.doc[i].idx)
    return None


def link_findings(
    findings: list[Finding], checklist: Checklist, act: Act, passages: list[Passage]
) -> None:
    """Second pass over one checklist's findings, for what the model couples across
    provisions: an element satisfied by another provision's presence (``see_also``), and a
    provision the law reaches only through another's element (``partly_covered_by``)."""
    by_id = {f.provision: f for f in findings if f.framework == checklist.id}
    located = (Status.ADDRESSED, Status.PARTIAL)
    for provision in checklist.provisions:
        finding = by_id.get(provision.id)
        if finding is None:
            continue
        if finding.status in located:
            for element, ef in zip(provision.elements, finding.elements, strict=True):
                other = by_id.get(element.see_also or "")
                if ef.found or other is None or other.status not in located:
                    continue
                ef.found, ef.section = True, other.sections[0]
                finding.notes.append(f"{ef.label}: provided by s. {ef.section} ({other.title})")
                if ef.section not in finding.sections:
                    finding.sections.append(ef.section)
            _restatus(finding)
            continue
        for route in provision.partly_covered_by:
            pid, _, eid = route.via.partition("/")
            other = by_id.get(pid)
            if other is None or other.status not in located:
                continue
            ef = next((e for e in other.elements if e.id == eid and e.found), None)
            if ef is None:
                continue
            said = None
            if route.definition_cues:
                said = _said_in_definitions(act, passages, route.definition_cues)
                if said is None:
                    continue
            finding.status = Status.PARTIAL
            refs = [other.sections[0], ef.section, said]
            finding.sections = [r for i, r in enumerate(refs) if r and r not in refs[:i]]
            finding.closest = None
            finding.notes.append(
                f"no section of its own; reached only indirectly through s. {ef.section} "
                f"({other.title}: {ef.label})"
            )
            break
