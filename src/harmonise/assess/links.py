"""The second pass over one checklist's findings: what the model couples across provisions.

An element another provision supplies (``see_also``: preservation is coupled with partial
disclosure of traffic data), and a provision the law reaches only through another's element
(``partly_covered_by``: no offence of remaining, but an access offence whose "without
authority" covers exceeding a permission) -> partial.
"""

from __future__ import annotations

from harmonise.assess.evidence import cite
from harmonise.assess.finding import Finding, Status, restatus
from harmonise.checklist import Checklist, IndirectRoute, Provision
from harmonise.match.nlp import lemmas
from harmonise.match.passages import Passage
from harmonise.structure.act import Act

_LOCATED = (Status.ADDRESSED, Status.PARTIAL)


def link_findings(
    findings: list[Finding], checklist: Checklist, act: Act, passages: list[Passage]
) -> None:
    by_id = {f.provision: f for f in findings if f.framework == checklist.id}
    for provision in checklist.provisions:
        finding = by_id.get(provision.id)
        if finding is None:
            continue
        if finding.status in _LOCATED:
            _supplied_elsewhere(provision, finding, by_id)
            continue
        for route in provision.partly_covered_by:
            if _reached_through(route, finding, by_id, act, passages):
                break


def _supplied_elsewhere(provision: Provision, finding: Finding, by_id: dict[str, Finding]) -> None:
    for element, ef in zip(provision.elements, finding.elements, strict=True):
        other = by_id.get(element.see_also or "")
        if ef.found or other is None or other.status not in _LOCATED:
            continue
        ef.found, ef.section = True, other.sections[0]
        finding.notes.append(f"{ef.label}: provided by s. {ef.section} ({other.title})")
        if ef.section not in finding.sections:
            finding.sections.append(ef.section)
    restatus(finding)


def _reached_through(
    route: IndirectRoute,
    finding: Finding,
    by_id: dict[str, Finding],
    act: Act,
    passages: list[Passage],
) -> bool:
    pid, _, eid = route.via.partition("/")
    other = by_id.get(pid)
    if other is None or other.status not in _LOCATED:
        return False
    ef = next((e for e in other.elements if e.id == eid and e.found), None)
    if ef is None:
        return False
    said = None
    if route.definition_cues:
        said = _said_in_definitions(act, passages, route.definition_cues)
        if said is None:
            return False
    finding.status = Status.PARTIAL
    refs = [other.sections[0], ef.section, said]
    finding.sections = [r for i, r in enumerate(refs) if r and r not in refs[:i]]
    finding.closest = None
    finding.notes.append(
        f"no section of its own; reached only indirectly through s. {ef.section} "
        f"({other.title}: {ef.label})"
    )
    return True


def _said_in_definitions(act: Act, passages: list[Passage], cues: list[str]) -> str | None:
    """Where the interpretation section uses one of these wordings, its citation."""
    wanted = [lemmas(c) for c in cues]
    for passage in passages:
        if not passage.is_definitions or passage.doc is None:
            continue
        tokens = passage.tokens()  # read out of the doc once per Act
        for cue in wanted:
            at = _find(tokens.lemmas, cue)
            if at is not None:
                return cite(act, passage, tokens.starts[at])
    return None


def _find(words: list[str], cue: list[str]) -> int | None:
    """Where ``cue`` first occurs in ``words``: the places of its first word, found by
    ``list.index``, are the only ones compared in full."""
    n = len(cue)
    if not n:
        return 0
    at, stop = 0, len(words) - n + 1
    while True:
        try:
            at = words.index(cue[0], at, stop)
        except ValueError:
            return None
        if words[at : at + n] == cue:
            return at
        at += 1
