"""Candidate sections per provision: heading similarity plus cue evidence in the body.

For each provision every passage gets a :class:`Candidate` holding the heading score
(national heading against the model title and its aliases), the elements whose cues occur in
the passage, and a combined score. Assessment then picks, combines and judges them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from harmonise.checklist import Checklist, Element, ElementRole, Provision, ProvisionKind
from harmonise.match.cues import CueIndex, Hit
from harmonise.match.negation import core_survives
from harmonise.match.passages import Passage
from harmonise.settings import Settings

STRATEGY = "match.candidates.v2"


@dataclass
class Candidate:
    passage: int
    heading_score: float  # 0..1
    hits: dict[str, list[Hit]] = field(default_factory=dict)  # element id -> hits
    negatives: dict[str, list[Hit]] = field(default_factory=dict)  # element id -> cut-downs
    coverage: float = 0.0  # weighted share of the provision's elements found here
    score: float = 0.0
    has_core: bool = False
    present: bool = False  # core evidence in a section that is about this provision


_ROLE_WEIGHT = {
    ElementRole.CORE: 3.0,
    ElementRole.MENTAL: 1.0,
    ElementRole.QUALIFIER: 1.0,
    ElementRole.OBJECT: 1.0,
    ElementRole.CIRCUMSTANCE: 0.5,
    ElementRole.PENALTY: 0.5,
    ElementRole.SAFEGUARD: 1.0,
    ElementRole.CONDITION: 1.0,
    ElementRole.SCOPE: 0.5,
}


def cue_spread(hits: list[Hit]) -> dict[str, int]:
    """In how many passages of this Act each matched wording occurs (lower-cased)."""
    return Counter(cue for cue, _ in {(hit.cue.lower(), hit.passage) for hit in hits})


def _distinctive(hit: Hit, spread: dict[str, int], settings: Settings) -> bool:
    """A core hit that can stand without a matching heading: a phrase of two or more words
    that is not spread over many sections of this Act ("preserving", "installed" or
    "not criminally liable" in every provider section say little on their own)."""
    return (
        not hit.shared
        and len(hit.cue.split()) >= 2
        and spread.get(hit.cue.lower(), 0) <= settings.common_cue_sections
    )


def candidates_for(
    provision: Provision,
    heading_scores: list[float],
    hits: list[Hit],
    passages: list[Passage],
    index: CueIndex,
    settings: Settings,
    spread: dict[str, int],
) -> list[Candidate]:
    """Ranked candidates for one provision (best first), at most ``candidate_limit``."""
    by_passage: dict[int, Candidate] = {}
    for hit in hits:
        cand = by_passage.get(hit.passage)
        if cand is None:
            cand = by_passage[hit.passage] = Candidate(hit.passage, heading_scores[hit.passage])
        target = cand.negatives if hit.negative else cand.hits
        target.setdefault(hit.element, []).append(hit)
    for i, score in enumerate(heading_scores):
        if score >= settings.heading_strong and i not in by_passage:
            by_passage[i] = Candidate(i, score)
    elements = {e.id: e for e in provision.elements}
    # Approximate looks, only where the heading or a core cue already points here: fuzzy for
    # OCR-damaged cues (heading only), proximity for the same words in another order.
    core_ids = {e.id for e in provision.elements if e.role is ElementRole.CORE}
    for cand in by_passage.values():
        strong = cand.heading_score >= settings.heading_strong
        if not strong and not (settings.proximity and core_ids & cand.hits.keys()):
            continue
        for element in provision.elements:
            if element.id in cand.hits:
                continue
            passage = passages[cand.passage]
            approx = None
            if strong:
                approx = index.fuzzy_hits(
                    provision, element, passage, cand.passage, settings.fuzzy_cue_min
                )
            if approx is None and settings.proximity:
                approx = index.loose_hit(
                    provision,
                    element,
                    passage,
                    cand.passage,
                    settings.proximity_slack,
                    settings.proximity_min_words,
                )
            if approx is not None:
                cand.hits[element.id] = [approx]
    total = sum(_ROLE_WEIGHT[e.role] for e in provision.elements) or 1.0
    ranked: list[Candidate] = []
    for cand in by_passage.values():
        passage = passages[cand.passage]
        if _purpose_only(provision, passage):
            continue  # the long title and objects state aims; they carry no offence or power
        found = [elements[e] for e in cand.hits if e in elements]
        cand.coverage = sum(_ROLE_WEIGHT[e.role] for e in found) / total
        cand.has_core = _may_carry_core(provision, passage) and any(
            e.role is ElementRole.CORE
            and core_survives(cand.hits[e.id], cand.negatives.get(e.id, []), passage.text)
            for e in found
        )
        w = settings.heading_weight
        cand.score = w * cand.heading_score + (1 - w) * cand.coverage
        # cheaper checks first: only a candidate with its core in a fitting section and the
        # score for it needs the heading or, failing that, the body to be on topic
        cand.present = (
            cand.has_core
            and cand.score >= settings.present_min_score
            and (
                cand.heading_score >= settings.heading_strong
                or _body_on_topic(provision, cand, found, spread, settings)
            )
        )
        ranked.append(cand)
    # Where a statement of purpose can carry the provision (the objective), it beats a
    # passing mention elsewhere; other provisions never see those passages.
    ranked.sort(
        key=lambda c: (c.present, passages[c.passage].is_purpose, c.has_core, c.score),
        reverse=True,
    )
    kept = ranked[: settings.candidate_limit]
    kept.extend(c for c in ranked[settings.candidate_limit :] if passages[c.passage].is_definitions)
    return kept


def _body_on_topic(
    provision: Provision,
    cand: Candidate,
    found: list[Element],
    spread: dict[str, int],
    settings: Settings,
) -> bool:
    """Without a matching heading: a distinctive core phrase here, and the body clearly
    about this provision (:func:`_on_topic`)."""
    distinctive = any(
        _distinctive(h, spread, settings)
        for e in found
        if e.role is ElementRole.CORE
        for h in cand.hits[e.id]
    )
    return distinctive and _on_topic(provision, found, settings.body_only_min_share)


def _purpose_only(provision: Provision, passage: Passage) -> bool:
    """A statement of aims (long title, objects) can carry only a preliminary provision."""
    return passage.is_purpose and provision.kind is not ProvisionKind.PRELIMINARY


def _may_carry_core(provision: Provision, passage: Passage) -> bool:
    """Can this section's wording be the provision's core? Not a definition (only an
    interpretation section is the model's definitions section, and a definition is not the
    offence, power or duty itself), and an offence only where the wording makes one."""
    if passage.is_definitions != (provision.kind is ProvisionKind.DEFINITIONS):
        return False
    return provision.kind is not ProvisionKind.OFFENCE or passage.creates_offence


_GENERIC_ROLES = frozenset({ElementRole.MENTAL, ElementRole.QUALIFIER, ElementRole.PENALTY})


def _on_topic(provision: Provision, found: list[Element], min_share: float) -> bool:
    """Without a matching heading, is the body clearly about this provision? Fault words,
    "without authority" and penalties occur in every offence section, so they do not count;
    what counts is the share of the provision's own elements (its limbs, objects, conditions,
    safeguards) found, and an offence with a required object needs that object."""
    specific = [e for e in provision.elements if e.role not in _GENERIC_ROLES and e.required]
    ids = {e.id for e in found}
    objects = [e for e in specific if e.role is ElementRole.OBJECT]
    if (
        provision.kind is ProvisionKind.OFFENCE
        and objects
        and not any(e.id in ids for e in objects)
    ):
        return False
    if not specific:
        return True
    total = sum(_ROLE_WEIGHT[e.role] for e in specific)
    share = sum(_ROLE_WEIGHT[e.role] for e in specific if e.id in ids) / total
    return share >= min_share


def reachable(
    checklist: Checklist,
    hits: list[Hit],
    heading_scores: list[list[float]],
    passages: list[Passage],
    index: CueIndex,
    settings: Settings,
    spread: dict[str, int],
) -> set[str]:
    """Ids of the provisions that some section could carry: an upper bound, cheap to take,
    on what :func:`candidates_for` and assessment can locate. A section carries a provision
    only with a core hit where an offence's words are (not in a statement of purpose or, but
    for the definitions provision, the interpretation section) under a matching heading or in
    a distinctive phrase, or with a heading close enough to allow fuzzy or heading-only
    evidence. Every condition here is one :func:`candidates_for` also requires, so a provision
    outside the set cannot be found, whatever the finer judgement."""
    by_id = {p.id: i for i, p in enumerate(checklist.provisions)}
    near = min(settings.heading_strong, settings.heading_exact)
    out = {
        p.id
        for i, p in enumerate(checklist.provisions)
        if any(score >= near for score in heading_scores[i])
    }
    for hit in hits:
        key = (hit.provision, hit.element)
        if hit.negative or hit.provision in out or key not in index.core_keys:
            continue
        i = by_id[hit.provision]
        provision, passage = checklist.provisions[i], passages[hit.passage]
        if _purpose_only(provision, passage) or not _may_carry_core(provision, passage):
            continue
        if heading_scores[i][hit.passage] >= settings.heading_strong or _distinctive(
            hit, spread, settings
        ):
            out.add(hit.provision)
    return out
