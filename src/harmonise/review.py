"""Orchestration: one document, one or more checklists -> a Review.

This is the library API the CLI and the web app call::

    review = review_file(Path("act.txt"), ["hipcar-cybercrime"], settings=Settings())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from harmonise import __version__
from harmonise.assess import STRATEGY as ASSESS_STRATEGY
from harmonise.assess import Finding, Status, assess_provision, link_findings
from harmonise.checklist import ChecklistRegistry, LoadedChecklist
from harmonise.detect import STRATEGY as DETECT_STRATEGY
from harmonise.detect import Decision, decide, named, screen
from harmonise.errors import HarmoniseError
from harmonise.match.candidates import cue_spread, reachable
from harmonise.match.cues import STRATEGY as CUES_STRATEGY
from harmonise.match.cues import CueIndex, Hit
from harmonise.match.nlp import get_nlp
from harmonise.match.passages import Passage, build_passages
from harmonise.match.terms import TermFinding, match_terms
from harmonise.settings import Settings
from harmonise.structure.act import Act, Diagnostic

SCHEMA_VERSION = 1
STRATEGY = f"{CUES_STRATEGY}+{ASSESS_STRATEGY}"


class ToolInfo(BaseModel):
    name: str = "harmonise"
    version: str = __version__
    strategy: str = STRATEGY


class DocumentInfo(BaseModel):
    source: str
    sha256: str
    title: str | None
    country: str | None
    format: str
    sections: int
    words: int


class FrameworkInfo(BaseModel):
    id: str
    title: str
    sha256: str
    assessed: bool = True
    reason: str | None = None


class CitedSection(BaseModel):
    """The wording of a section some finding cites, so the report can show it in full."""

    num: str
    heading: str | None
    text: str
    line: int | None = None


class Summary(BaseModel):
    addressed: int = 0
    partial: int = 0
    missing: int = 0


class Review(BaseModel):
    """Everything a report shows; its JSON dump is the documented contract."""

    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo = Field(default_factory=ToolInfo)
    created: str
    document: DocumentInfo
    frameworks: list[FrameworkInfo]
    findings: list[Finding]
    definitions: list[TermFinding]
    diagnostics: list[Diagnostic]
    cited_sections: list[CitedSection] = Field(default_factory=list)
    summary: Summary
    thresholds: dict[str, float] = Field(default_factory=dict)


_INDEXES: dict[str, CueIndex] = {}


def cue_index(loaded: LoadedChecklist) -> CueIndex:
    """Compiled cues of a checklist, cached per content hash."""
    key = f"{loaded.checklist.id}:{loaded.sha256}"
    if key not in _INDEXES:
        _INDEXES[key] = CueIndex(loaded.checklist)
    return _INDEXES[key]


def _process(passages: list[Passage]) -> None:
    nlp = get_nlp()
    for passage, doc in zip(passages, nlp.pipe(p.folded() for p in passages), strict=True):
        passage.doc = doc


@dataclass
class _Evidence:
    """What matching found for one checklist in one Act, before any judging."""

    index: CueIndex
    hits: list[Hit]
    headings: list[list[float]]
    spread: dict[str, int]


def _evidence(loaded: LoadedChecklist, passages: list[Passage], settings: Settings) -> _Evidence:
    index = cue_index(loaded)
    hits = index.exact_hits(passages)
    table = index.titles.scores(passages, settings.heading_floor)
    if settings.proximity and settings.proximity_core:
        hits += index.loose_core_hits(
            passages,
            hits,
            settings.proximity_slack,
            table,
            settings.proximity_heading_min,
            settings.proximity_min_words,
        )
    return _Evidence(index, hits, table.tolist(), cue_spread(hits))


def _assess_checklist(
    act: Act,
    loaded: LoadedChecklist,
    passages: list[Passage],
    settings: Settings,
    evidence: _Evidence | None = None,
) -> list[Finding]:
    checklist = loaded.checklist
    ev = evidence or _evidence(loaded, passages, settings)
    by_provision: dict[str, list] = {}
    for hit in ev.hits:
        by_provision.setdefault(hit.provision, []).append(hit)
    findings = [
        assess_provision(
            act,
            checklist,
            provision,
            passages,
            by_provision.get(provision.id, []),
            ev.headings[i],
            ev.index,
            settings,
            ev.spread,
        )
        for i, provision in enumerate(checklist.provisions)
    ]
    link_findings(findings, checklist, act, passages)
    return findings


def _judge_detected(
    act: Act, loaded: LoadedChecklist, passages: list[Passage], settings: Settings
) -> tuple[Decision, list[Finding]]:
    """``--framework auto``: a title that names the area decides at once; a cheap upper bound
    on what could be found rules out most others without judging every provision; the rest
    are assessed and decided on their findings."""
    checklist = loaded.checklist
    ev = _evidence(loaded, passages, settings)
    decision = named(checklist, act)
    if decision is None:
        bound = reachable(checklist, ev.hits, ev.headings, passages, ev.index, settings, ev.spread)
        decision = screen(checklist, bound, settings)
        if decision is not None:
            return decision, []
    found = _assess_checklist(act, loaded, passages, settings, ev)
    return decision or decide(checklist, found, act, settings), found


def review_act(
    act: Act,
    checklists: list[LoadedChecklist],
    *,
    settings: Settings | None = None,
    country: str | None = None,
    created: str | None = None,
    detect: set[str] | frozenset[str] = frozenset(),
) -> Review:
    """Assess ``act`` against every checklist. Frameworks whose ids are in ``detect`` are
    assessed only if the document speaks to them (``--framework auto``); the others always."""
    settings = settings or Settings()
    if not checklists:
        raise HarmoniseError("H401", "no framework to check against")
    passages = build_passages(act)
    _process(passages)
    findings: list[Finding] = []
    terms: list[TermFinding] = []
    infos: list[FrameworkInfo] = []
    for loaded in checklists:
        checklist = loaded.checklist
        if checklist.id in detect:
            decision, found = _judge_detected(act, loaded, passages, settings)
        else:
            found = _assess_checklist(act, loaded, passages, settings)
            decision = Decision(assessed=True, reason="selected by the user")
        infos.append(
            FrameworkInfo(
                id=checklist.id,
                title=checklist.framework.title,
                sha256=loaded.sha256,
                assessed=decision.assessed,
                reason=decision.reason,
            )
        )
        if decision.assessed:
            findings.extend(found)
            terms.extend(match_terms(act, checklist, settings.term_match_min))
    cited = _cited_sections(act, passages, findings)
    summary = Summary(**{s.value: sum(f.status is s for f in findings) for s in Status})
    return Review(
        created=created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        tool=ToolInfo(strategy=STRATEGY + (f"+{DETECT_STRATEGY}" if detect else "")),
        document=DocumentInfo(
            source=act.source,
            sha256=act.source_sha256,
            title=act.title,
            country=country,
            format=act.format,
            sections=len(act.sections()),
            words=act.words,
        ),
        frameworks=infos,
        findings=findings,
        definitions=terms,
        diagnostics=act.diagnostics,
        cited_sections=cited,
        summary=summary,
        thresholds={
            k: float(v) for k, v in settings.model_dump().items() if isinstance(v, int | float)
        },
    )


def _cited_sections(
    act: Act, passages: list[Passage], findings: list[Finding]
) -> list[CitedSection]:
    wanted: set[str] = set()
    for f in findings:
        wanted.update(ref.split("(")[0] for ref in f.sections)
        if f.penalty and f.penalty.section:
            wanted.add(f.penalty.section)
    out: list[CitedSection] = []
    for p in passages:
        if p.num in wanted and p.segments:
            line = act.source_line(p.segments[0][0])
            out.append(CitedSection(num=p.num, heading=p.heading, text=_dedent(p.raw), line=line))
            wanted.discard(p.num)
    return out


def _dedent(text: str) -> str:
    """Section wording for display: lines stripped of the print's indentation."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def load_act(path: Path | Sequence[Path], settings: Settings, *, ocr: bool = False) -> Act:
    """Read a file, folder or several files (any supported format) and build its Act: an
    Akoma Ntoso file's own structure is taken as given, anything else is parsed."""
    from harmonise.ingest import read_document
    from harmonise.structure.parser import parse

    doc = read_document(path, settings, ocr=ocr)
    if doc.outline is not None:
        from harmonise.export.akn_read import act_from_outline

        return act_from_outline(doc)
    return parse(doc, settings)


def select_frameworks(
    framework_ids: list[str], registry: ChecklistRegistry
) -> tuple[list[LoadedChecklist], set[str]]:
    """Expand ``all`` (every known framework) and ``auto`` (every framework, each assessed
    only if the document speaks to it); return the checklists and the ids to detect."""
    if not framework_ids:
        raise HarmoniseError("H401", "no framework given")
    chosen: list[str] = []
    detect: set[str] = set()
    for fid in framework_ids:
        expanded = registry.ids() if fid in ("all", "auto") else [registry.get(fid).checklist.id]
        if fid == "auto":
            detect.update(x for x in expanded if x not in chosen)
        for x in expanded:
            if x not in chosen:
                chosen.append(x)
    named = {f for f in framework_ids if f not in ("all", "auto")}
    detect -= named
    if "all" in framework_ids:
        detect.clear()
    return [registry.get(x) for x in chosen], detect


def review_file(
    path: Path | Sequence[Path],
    framework_ids: list[str],
    *,
    settings: Settings | None = None,
    registry: ChecklistRegistry | None = None,
    country: str | None = None,
    ocr: bool = False,
) -> Review:
    settings = settings or Settings()
    registry = registry or ChecklistRegistry(settings.checklist_dirs)
    checklists, detect = select_frameworks(framework_ids, registry)
    act = load_act(path, settings, ocr=ocr)
    return review_act(act, checklists, settings=settings, country=country, detect=detect)
