"""Judging one provision: from its candidate sections to a Finding.

1. Locate: the best candidate that is *present* (core evidence in a section about this
   provision); failing that, a section whose heading is the provision's own title.
2. Choose: each element from the first section, other sections about this provision, or the
   interpretation section (for what definitions carry); negative cues cut elements down.
3. Support: a qualifier the interpretation section explains, a general penalty section.
4. Judge: addressed when every required element is found, else partial; cite the section
   carrying the core first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from harmonise.assess.evidence import citations, cite, quotes, sentence
from harmonise.assess.finding import Closest, ElementFinding, Finding, Status, not_found
from harmonise.checklist import Checklist, Element, ElementRole, Provision, ProvisionKind
from harmonise.match.candidates import Candidate, candidates_for
from harmonise.match.cues import CueIndex, Hit
from harmonise.match.negation import surviving
from harmonise.match.passages import Passage
from harmonise.match.penalty import Penalty, reaches
from harmonise.settings import Settings
from harmonise.structure.act import Act

#: A general penalty section confined to its own Part ("an offence under this Part").
_PART_ONLY = re.compile(r"\bunder this Part\b", re.I)
#: Roles the interpretation section can lend to a provision found elsewhere.
_DEFINABLE = frozenset({ElementRole.CORE, ElementRole.QUALIFIER, ElementRole.OBJECT})
#: Headings such as "Purpose" or "Interpretation" say too little about the content.
_NO_HEADING_ONLY = frozenset({ProvisionKind.PRELIMINARY, ProvisionKind.DEFINITIONS})


@dataclass
class _Work:
    """What judging one provision needs, and what it collects on the way."""

    act: Act
    provision: Provision
    passages: list[Passage]
    hits: list[Hit]
    index: CueIndex
    settings: Settings
    used: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    by_heading: str | None = None  # the heading the core was taken from, if so

    def use(self, cand: Candidate) -> None:
        if cand not in self.used:
            self.used.append(cand)


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
    work = _Work(act, provision, passages, hits, index, settings)
    present = _locate(work, ranked)
    if not present:
        return _missing(checklist, provision, passages, ranked)
    primary = present[0]
    work.use(primary)
    chosen = _choose(work, primary, present, ranked)
    if work.by_heading is not None:
        work.notes.append(f"the core is taken from the section's heading '{work.by_heading}'")
    elements = [_element_finding(work, e, chosen.get(e.id)) for e in provision.elements]
    extra_refs = _explained_qualifiers(work, elements)
    penalty = _penalty(work, elements)
    core = next((ef for ef in elements if ef.role is ElementRole.CORE and ef.found), None)
    first = core.section if core and core.section else passages[primary.passage].num
    headings = {passages[c.passage].num: passages[c.passage].heading for c in work.used}
    missing = [ef.label for ef in elements if ef.required and not ef.found]
    required = [ef for ef in elements if ef.required] or elements
    share = sum(ef.found for ef in required) / len(required)
    return Finding(
        **_identity(checklist, provision),
        status=Status.PARTIAL if missing else Status.ADDRESSED,
        confidence=round(min(1.0, 0.5 * primary.score + 0.5 * share), 3),
        sections=citations(
            first, [ef.section for ef in elements if ef.found], extra_refs + _amending(work)
        ),
        headings=headings,
        elements=elements,
        missing_elements=missing,
        penalty=penalty,
        evidence=quotes(elements, headings),
        notes=work.notes,
    )


def _amending(work: _Work) -> list[str]:
    """The amending sections that insert the sections used, cited after them."""
    return [ref for c in work.used if (ref := work.passages[c.passage].inserted_in) is not None]


def _locate(work: _Work, ranked: list[Candidate]) -> list[Candidate]:
    """Present candidates, best first. A section headed with the provision's own title ("No
    monitoring obligation") is about it even where none of the core cues occur; its opening
    words are then the evidence for the first core element."""
    provision, settings = work.provision, work.settings
    present = [c for c in ranked if c.present]
    if present:
        primary = present[0]
        if provision.core_elements[0].id in primary.hits:
            return present
    else:
        best = max(ranked, key=lambda c: c.heading_score, default=None)
        if best is None or _excluded(best, provision):
            return []
        primary = best
        present = [primary]
    if primary.heading_score < settings.heading_exact or provision.kind in _NO_HEADING_ONLY:
        return present if primary.present else []
    _heading_hit(provision, primary, work.passages[primary.passage])
    work.by_heading = work.passages[primary.passage].heading or ""
    return present


def _choose(
    work: _Work, primary: Candidate, present: list[Candidate], ranked: list[Candidate]
) -> dict[str, tuple[Candidate, Hit]]:
    """Where each element is shown. Other sections lend elements only where they are about
    this provision too (a matching heading, or a core limb the first section lacks:
    possession in its own section); the interpretation section lends what definitions carry,
    never conditions, safeguards or penalties."""
    provision = work.provision
    roles = {e.id: e.role for e in provision.elements}
    core_here = {e for e in primary.hits if roles.get(e) is ElementRole.CORE}
    others = [
        c
        for c in present[1:]
        if c.heading_score >= work.settings.heading_strong
        or any(roles.get(e) is ElementRole.CORE and e not in core_here for e in c.hits)
    ]
    definitions = [c for c in ranked if work.passages[c.passage].is_definitions and not c.present]
    chosen: dict[str, tuple[Candidate, Hit]] = {}
    for element in provision.elements:
        sources = [primary, *others]
        if element.role in _DEFINABLE:
            sources.extend(definitions)
        pick, cut = _from_sections(work, element, sources)
        if pick is None and not cut and element.role is ElementRole.SCOPE:
            pick = _own_term_hit(work, definitions, element)
        if pick is not None:
            chosen[element.id] = pick
            work.use(pick[0])
    return chosen


def _from_sections(
    work: _Work, element: Element, sources: list[Candidate]
) -> tuple[tuple[Candidate, Hit] | None, bool]:
    """The first source showing the element, unless a negative cue takes it away there
    ("evidence of an offence under this Act"): then the element is cut down, with a note.
    Returns (pick, cut down)."""
    for cand in sources:
        negatives = cand.negatives.get(element.id, [])
        text = work.passages[cand.passage].text
        positives = surviving(cand.hits.get(element.id, []), negatives, text)
        if positives:
            return (cand, positives[0]), False
        if negatives:
            ref = cite(work.act, work.passages[cand.passage], negatives[0].start)
            work.notes.append(f"{element.label}: cut down by '{negatives[0].cue}' in s. {ref}")
            return None, True
    return None, False


def _own_term_hit(
    work: _Work, definitions: list[Candidate], element: Element
) -> tuple[Candidate, Hit] | None:
    """A scope element found in the interpretation section counts only inside the definition
    of one of the provision's own core words ("seize" includes making a copy), not anywhere
    there (a definition of "premises" that mentions aircraft says nothing about jurisdiction)."""
    own = work.index.core_words.get(work.provision.id, "")
    for cand in definitions:
        passage = work.passages[cand.passage]
        for hit in cand.hits.get(element.id, []):
            at = passage.act_offset(hit.start)
            for d in work.act.definitions:
                if d.start <= at < d.end and passage.term_key(d.term) in own:
                    return cand, hit
    return None


def _element_finding(
    work: _Work, element: Element, pick: tuple[Candidate, Hit] | None
) -> ElementFinding:
    if pick is None:
        return ElementFinding(
            id=element.id,
            label=element.label,
            role=element.role,
            required=element.required,
            found=False,
        )
    cand, hit = pick
    passage = work.passages[cand.passage]
    return ElementFinding(
        id=element.id,
        label=element.label,
        role=element.role,
        required=element.required,
        found=True,
        section=cite(work.act, passage, hit.start),
        quote=sentence(passage, hit),
        cue=hit.cue,
        fuzzy=hit.fuzzy,
        by_heading=hit.heading,
        page=work.act.source_page(passage.act_offset(hit.start)),
    )


def _explained_qualifiers(work: _Work, elements: list[ElementFinding]) -> list[str]:
    """A qualifier the offence uses and the interpretation section explains: cite both."""
    refs: list[str] = []
    for ef in elements:
        if ef.role is not ElementRole.QUALIFIER or not ef.found or not ef.cue:
            continue
        cue = ef.cue.lower()
        for hit in work.hits:
            passage = work.passages[hit.passage]
            if hit.element == ef.id and passage.is_definitions and hit.cue.lower() == cue:
                ref = cite(work.act, passage, hit.start)
                work.notes.append(f"'{ef.cue}' is explained in s. {ref}")
                refs.append(ref)
                break
    return refs


def _penalty(work: _Work, elements: list[ElementFinding]) -> Penalty | None:
    """The penalty in the offence's own sections, else in the general penalty section."""
    if not any(e.role is ElementRole.PENALTY for e in work.provision.elements):
        return None
    found = None
    own_part = work.passages[work.used[0].passage].part
    own_num = work.passages[work.used[0].passage].num
    general = [
        p
        for p in work.passages
        if p.is_general_penalty
        and (p.part == own_part or not _PART_ONLY.search(p.text))
        and reaches(p.penalty_reach(), own_num)
    ]
    for p in [work.passages[c.passage] for c in work.used] + general:
        found = p.penalty()
        if found is not None:
            break
    for ef in elements:
        if ef.role is ElementRole.PENALTY and not ef.found and found is not None:
            ef.found, ef.section, ef.quote = True, found.section, None
            work.notes.append(f"penalty taken from the general penalty section {found.section}")
    return found


def _excluded(cand: Candidate, provision: Provision) -> bool:
    """A core element cut down in the section ("nothing in this Part authorises the
    interception of content") means the power is expressly excluded there."""
    return any(e.id in cand.negatives for e in provision.core_elements)


def _heading_hit(provision: Provision, cand: Candidate, passage: Passage) -> Hit:
    core = provision.core_elements[0]
    opening = " ".join(passage.text.split()[:12])
    hit = Hit(provision.id, core.id, cand.passage, 0, len(opening), opening, heading=True)
    cand.hits.setdefault(core.id, []).insert(0, hit)
    return hit


def _identity(checklist: Checklist, provision: Provision) -> dict[str, Any]:
    """The fields every finding copies from its model provision."""
    return {
        "framework": checklist.id,
        "provision": provision.id,
        "model_ref": provision.model_ref,
        "title": provision.title,
        "part": provision.part,
        "optional": provision.optional,
        "verification": provision.verification,
        "recommendation": provision.recommendation,
        "guidelines": provision.guidelines,
    }


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
        **_identity(checklist, provision),
        status=Status.MISSING,
        confidence=max(0.0, min(1.0, confidence)),
        sections=[],
        elements=not_found(provision),
        missing_elements=[e.label for e in provision.elements if e.required],
        closest=closest,
        notes=notes,
    )
