"""Candidate sections per provision: heading similarity plus cue evidence in the body.

For each provision every passage gets a :class:`Candidate` holding the heading score
(national heading against the model title and its aliases), the elements whose cues occur in
the passage, and a combined score. Assessment then picks, combines and judges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from harmonise.checklist import Checklist, ElementRole, Provision, ProvisionKind
from harmonise.match.cues import CueIndex, Hit
from harmonise.match.passages import Passage
from harmonise.settings import Settings

STRATEGY = "match.candidates.v1"

_OFFENCE_WORDS = re.compile(r"\boffen[cs]e|\bguilty\b|\bliable\b|\bconvict", re.I)


@dataclass
class Candidate:
    passage: int
    heading_score: float  # 0..1
    hits: dict[str, list[Hit]] = field(default_factory=dict)  # element id -> hits
    negatives: dict[str, list[Hit]] = field(default_factory=dict)  # element id -> cut-downs
    coverage: float = 0.0  # weighted share of the provision's elements found here
    score: float = 0.0
    has_core: bool = False


def _heading_scores(checklist: Checklist, passages: list[Passage]) -> list[list[float]]:
    """scores[p][i]: best similarity of provision p's title/aliases to passage i's heading."""
    headings = [default_process(p.heading or "") for p in passages]
    out: list[list[float]] = []
    for provision in checklist.provisions:
        names = [default_process(n) for n in [provision.title, *provision.aliases]]
        matrix = process.cdist(names, headings, scorer=fuzz.token_sort_ratio, workers=1)
        best = matrix.max(axis=0) if len(names) else [0.0] * len(passages)
        out.append([0.0 if not headings[i] else float(best[i]) / 100 for i in range(len(headings))])
    return out


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


def candidates_for(
    provision: Provision,
    heading_scores: list[float],
    hits: list[Hit],
    passages: list[Passage],
    index: CueIndex,
    settings: Settings,
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
        if score * 100 >= settings.heading_match_min and i not in by_passage:
            by_passage[i] = Candidate(i, score)
    elements = {e.id: e for e in provision.elements}
    # Fuzzy look for OCR-damaged cues, only where the heading already points here.
    for cand in by_passage.values():
        if cand.heading_score * 100 < settings.heading_match_min:
            continue
        for element in provision.elements:
            if element.id in cand.hits:
                continue
            hit = index.fuzzy_hits(
                provision, element, passages[cand.passage], cand.passage, settings.fuzzy_cue_min
            )
            if hit is not None:
                cand.hits[element.id] = [hit]
    total = sum(_ROLE_WEIGHT[e.role] for e in provision.elements) or 1.0
    is_offence = provision.kind is ProvisionKind.OFFENCE
    ranked: list[Candidate] = []
    for cand in by_passage.values():
        passage = passages[cand.passage]
        found = [elements[e] for e in cand.hits if e in elements]
        cand.coverage = sum(_ROLE_WEIGHT[e.role] for e in found) / total
        cand.has_core = any(e.role is ElementRole.CORE for e in found)
        if passage.is_definitions and provision.kind is not ProvisionKind.DEFINITIONS:
            cand.has_core = False  # a definition is not the offence, power or duty itself
        if is_offence and not _OFFENCE_WORDS.search(passage.text):
            cand.has_core = False
        w = settings.heading_weight
        cand.score = w * cand.heading_score + (1 - w) * cand.coverage
        ranked.append(cand)
    ranked.sort(key=lambda c: (c.has_core, c.score), reverse=True)
    return ranked[: settings.candidate_limit]


def heading_scores(checklist: Checklist, passages: list[Passage]) -> list[list[float]]:
    return _heading_scores(checklist, passages)
