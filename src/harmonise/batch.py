"""Many instruments -> many reviews (in parallel, with progress) -> one regional picture.

:func:`run_batch` reviews every instrument of a :class:`~harmonise.manifest.Manifest`,
in a process pool when ``workers > 1``; a failing instrument is recorded, never fatal.
:func:`aggregate` folds the reviews into a :class:`Regional` matrix by country and
provision:

- a provision is addressed for a country if any of its IN-FORCE instruments addresses it;
  the best evidence wins (addressed > partial > missing, then confidence);
- bills are kept apart: a bill that would improve a country's status shows as "pending";
- repealed instruments are ignored.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import re
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr

from harmonise.assess import Finding, Status
from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError
from harmonise.manifest import Instrument, InstrumentStatus, Manifest
from harmonise.match.penalty import Penalty
from harmonise.report.html import render_html
from harmonise.review import Review
from harmonise.settings import Settings

STRATEGY = "batch.best-in-force.v1"
REGIONAL_SCHEMA_VERSION = 1
_RANK = {Status.MISSING: 0, Status.PARTIAL: 1, Status.ADDRESSED: 2}
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


@dataclass
class InstrumentResult:
    """One row of the manifest and what became of it: a review, or an error."""

    instrument: Instrument
    review: Review | None = None
    error: str | None = None
    seconds: float = 0.0
    html: str | None = None  # the instrument's own report, rendered by the worker...
    report: Path | None = None  # ...until it is written here (then ``html`` is dropped)
    #: With a rendered report, ``review`` is slimmed to what the regional picture needs (no
    #: element findings, evidence or section texts) and the whole review kept here, as
    #: compressed JSON, for the run history: a large batch then fits in memory.
    stored: bytes | None = None

    @property
    def ok(self) -> bool:
        return self.review is not None

    def review_json(self) -> str:
        """The whole review as JSON (what the run history stores and re-renders from)."""
        if self.stored is not None:
            return zlib.decompress(self.stored).decode("utf-8")
        assert self.review is not None
        return self.review.model_dump_json()


def slim(review: Review) -> Review:
    """A review with what aggregation reads: statuses, sections, penalties, frameworks."""
    return review.model_copy(
        update={
            "findings": [
                f.model_copy(update={"elements": [], "evidence": [], "notes": [], "headings": {}})
                for f in review.findings
            ],
            "definitions": [],
            "diagnostics": [],
            "cited_sections": [],
        }
    )


# --- running --------------------------------------------------------------------------

_WORKER_REGISTRY: dict[tuple, ChecklistRegistry] = {}


def _worker_registry(settings: Settings) -> ChecklistRegistry:
    """One registry per process and checklist folders."""
    key = tuple(settings.checklist_dirs)
    if key not in _WORKER_REGISTRY:
        _WORKER_REGISTRY[key] = ChecklistRegistry(settings.checklist_dirs)
    return _WORKER_REGISTRY[key]


def review_instrument(
    inst: Instrument, settings: Settings, registry: ChecklistRegistry | None = None
) -> Review:
    """Review one instrument: ``auto`` frameworks detected, the country named, and an
    inferred title or status corrected from the parsed text."""
    from harmonise.review import load_act, review_act, select_frameworks

    if registry is None:
        registry = _worker_registry(settings)
    checklists, detect = select_frameworks(list(inst.frameworks), registry)
    act = load_act(inst.path, settings)
    return review_act(act, checklists, settings=settings, country=inst.country, detect=detect)


_Outcome = tuple[int, Review | None, str | None, float, str | None, bytes | None]

_SETTLED: set[tuple[Path, ...]] = set()


def _settle(settings: Settings) -> None:
    """Once per pool worker: build what every review reuses (the spaCy pipeline, the
    checklists and their compiled cues), then put it out of the garbage collector's sight
    (``gc.freeze``). Those long-lived objects were walked by every full collection that a
    review's allocations set off, for nothing: they live as long as the worker."""
    from harmonise.match.nlp import get_nlp
    from harmonise.review import cue_index

    key = tuple(settings.checklist_dirs)
    if key in _SETTLED:
        return
    get_nlp()
    for loaded in _worker_registry(settings):
        cue_index(loaded)
    gc.collect()
    gc.freeze()
    gc.enable()  # a worker forked while the parent's collector was paused starts paused
    _SETTLED.add(key)


def _work(inst: Instrument, settings: Settings, render: bool) -> _Outcome:
    """Process-pool entry point. The Review comes back pickled (a copy the parent owns;
    unpickling costs a third of re-validating its JSON). With ``render``, its HTML report
    comes too (rendering runs in the workers, in parallel) and the review slimmed, the whole
    of it compressed beside (see :class:`InstrumentResult`)."""
    start = time.perf_counter()
    html = stored = None
    try:
        if multiprocessing.parent_process() is not None:
            _settle(settings)
        review = review_instrument(inst, settings)
        if render:
            html = render_html(review, _worker_registry(settings))
            stored = zlib.compress(review.model_dump_json().encode("utf-8"), 1)
            review = slim(review)
    except HarmoniseError as exc:
        return inst.row, None, exc.render().splitlines()[0], time.perf_counter() - start, None, None
    except Exception as exc:  # one broken instrument must not stop the batch
        error = f"{type(exc).__name__}: {exc}"
        return inst.row, None, error, time.perf_counter() - start, None, None
    return inst.row, review, None, time.perf_counter() - start, html, stored


@contextmanager
def worker_pool(workers: int, jobs: int) -> Iterator[Executor | None]:
    """The batch's process pool, or None where the work stays in this process (one worker,
    or one instrument). Hold it past :func:`run_batch` and hand it to
    :func:`~harmonise.report.regional.write_regional`: its workers, idle once the reviews
    are in, then write the spreadsheet while this process renders the pages."""
    if workers <= 1 or jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a phase that makes many objects and few
    cycles (aggregating, rendering the regional report). With a batch's reviews alive,
    each collection that the allocations trigger walks them all: at 320 instruments that
    was about half the time of aggregating and rendering. Collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_batch(
    manifest: Manifest,
    settings: Settings,
    *,
    workers: int = 1,
    render: bool = False,
    on_done: Callable[[InstrumentResult], None] | None = None,
    pool: Executor | None = None,
) -> list[InstrumentResult]:
    """Review every instrument; results come back in manifest order. With ``render``, each
    result carries its instrument's HTML report. The reviews run in ``pool`` if given (see
    :func:`worker_pool`), else in a pool of ``workers`` processes made for them."""
    by_row = {inst.row: inst for inst in manifest.instruments}
    results: dict[int, InstrumentResult] = {}

    def collect(
        row: int,
        review: Review | None,
        error: str | None,
        seconds: float,
        html: str | None,
        stored: bytes | None,
    ) -> None:
        inst = by_row[row]
        if review is not None and inst.inferred:
            inst = _corrected(inst, review)
        results[row] = InstrumentResult(inst, review, error, seconds, html, stored=stored)
        if on_done:
            on_done(results[row])

    @paused_gc()
    def in_pool(pool: Executor) -> None:
        # No list of the futures is kept: as_completed lets go of each one it yields, so
        # the report a worker sent is freed once written instead of living to the end. The
        # collector is paused meanwhile: unpickled reviews make no cycles, and walking the
        # growing pile of them took CPU from the workers.
        for future in as_completed(
            [pool.submit(_work, inst, settings, render) for inst in manifest.instruments]
        ):
            collect(*future.result())

    if pool is not None:
        in_pool(pool)
    else:
        with worker_pool(workers, len(by_row)) as own:
            if own is not None:
                in_pool(own)
            else:
                for inst in manifest.instruments:
                    collect(*_work(inst, settings, render))
    return [results[inst.row] for inst in manifest.instruments]


def _corrected(inst: Instrument, review: Review) -> Instrument:
    """A folder manifest guessed the title from the file name: the Act's own title wins,
    and a title that says "bill" makes it a bill."""
    title = (review.document.title or "").strip()
    if not title:
        return inst
    status = inst.status
    if "bill" in title.lower().split() or "bill," in title.lower():
        status = InstrumentStatus.BILL
    update: dict[str, object] = {"title": title.title(), "status": status}
    year = _YEAR.search(title)
    if inst.year is None and year:
        update["year"] = int(year.group(0))
    return inst.model_copy(update=update)


# --- aggregating ----------------------------------------------------------------------


class Cell(BaseModel):
    """A country's standing on one provision: the best in-force evidence, and a bill's."""

    country: str
    framework: str
    provision: str
    status: Status = Status.MISSING
    confidence: float = 0.0
    instrument: str | None = Field(None, description="Key of the instrument with the evidence.")
    sections: list[str] = Field(default_factory=list)
    penalty: Penalty | None = None
    pending: Status | None = Field(None, description="A bill's status, where it would improve.")
    pending_instrument: str | None = None

    @classmethod
    def trusted(
        cls,
        country: str,
        framework: str,
        provision: str,
        status: Status,
        confidence: float,
        instrument: str | None,
        sections: list[str],
        penalty: Penalty | None,
        pending: Status | None,
        pending_instrument: str | None,
    ) -> Cell:
        """The cell ``Cell(...)`` with every field given would be, without validating values
        that come from validated findings: a large region has tens of thousands of cells,
        and validating each took 2.5 times as long as this (a quarter of :func:`aggregate`'s
        time at 320 instruments). ``model_construct`` is no help: it resolves each field's
        default by inspecting its factory, and was slower than validating. Sets what
        ``model_construct`` sets; a test holds the two equal."""
        cell = object.__new__(cls)
        _setattr(cell, "__dict__", {
            "country": country, "framework": framework, "provision": provision,
            "status": status, "confidence": confidence, "instrument": instrument,
            "sections": sections, "penalty": penalty, "pending": pending,
            "pending_instrument": pending_instrument,
        })  # fmt: skip
        _setattr(cell, "__pydantic_fields_set__", set(_CELL_FIELDS))
        _setattr(cell, "__pydantic_extra__", None)
        _setattr(cell, "__pydantic_private__", None)
        return cell


_setattr = object.__setattr__
_CELL_FIELDS = frozenset(Cell.model_fields)


class ProvisionColumn(BaseModel):
    framework: str
    provision: str
    model_ref: str
    title: str
    part: str
    index: float = Field(0.0, description="Share of states that address it (0-1).")


class FrameworkBlock(BaseModel):
    id: str
    title: str
    provisions: list[ProvisionColumn]


class InstrumentEntry(BaseModel):
    key: str
    title: str
    year: int | None
    status: InstrumentStatus
    file: str
    frameworks: list[str] = Field(default_factory=list, description="Frameworks assessed.")
    error: str | None = None


class CountryEntry(BaseModel):
    iso: str
    name: str
    instruments: list[InstrumentEntry]
    coverage: dict[str, int] = Field(default_factory=dict, description="Per framework, %.")


class Regional(BaseModel):
    schema_version: int = REGIONAL_SCHEMA_VERSION
    name: str
    created: str
    strategy: str = STRATEGY
    frameworks: list[FrameworkBlock]
    countries: list[CountryEntry]
    cells: list[Cell]
    _lookup: dict[tuple[str, str, str], Cell] = PrivateAttr(default_factory=dict)
    _by_iso: dict[str, CountryEntry] = PrivateAttr(default_factory=dict)

    def country(self, iso: str) -> CountryEntry:
        """The state's entry (KeyError if there is none), from a table made once rather
        than a search per call: a large region's pages ask for every state's."""
        if not self._by_iso:
            self._by_iso = {c.iso: c for c in self.countries}
        return self._by_iso[iso]

    def cell(self, iso: str, framework: str, provision: str) -> Cell:
        return self.lookup()[(iso, framework, provision)]

    def lookup(self) -> dict[tuple[str, str, str], Cell]:
        """(state ISO, framework, provision) -> cell; take it once for a loop over many cells."""
        if not self._lookup:
            self._lookup = {(c.country, c.framework, c.provision): c for c in self.cells}
        return self._lookup


_CREDIT = {Status.ADDRESSED: 1.0, Status.PARTIAL: 0.5}
# Looked up once: an enum member is an attribute lookup on its class, and the loops below
# run once per finding and once per cell.
_ADDRESSED, _MISSING = Status.ADDRESSED, Status.MISSING
_IN_FORCE, _REPEALED = InstrumentStatus.IN_FORCE, InstrumentStatus.REPEALED

_Evidence = tuple[Finding, str]  # the finding, and the key of the instrument it is from
_Key = tuple[str, str, str]  # state ISO, framework, provision


def _better(a: Finding, b: Finding | None) -> bool:
    return b is None or (_RANK[a.status], a.confidence) > (_RANK[b.status], b.confidence)


def _columns(results: list[InstrumentResult]) -> list[FrameworkBlock]:
    """One block per framework assessed and one column per provision, in order of first
    appearance among the instruments that count (not repealed)."""
    blocks: dict[str, FrameworkBlock] = {}
    seen: set[tuple[str, str]] = set()
    for r in results:
        if r.review is None or r.instrument.status is _REPEALED:
            continue
        titles = {fw.id: fw.title for fw in r.review.frameworks if fw.assessed}
        for f in r.review.findings:
            if (f.framework, f.provision) in seen:
                continue
            seen.add((f.framework, f.provision))
            block = blocks.get(f.framework)
            if block is None:
                block = blocks[f.framework] = FrameworkBlock(
                    id=f.framework, title=titles.get(f.framework, f.framework), provisions=[]
                )
            block.provisions.append(
                ProvisionColumn(
                    framework=f.framework,
                    provision=f.provision,
                    model_ref=f.model_ref,
                    title=f.title,
                    part=f.part,
                )
            )
    return list(blocks.values())


def _countries(results: list[InstrumentResult]) -> dict[str, CountryEntry]:
    """State ISO -> its entry with every instrument listed (failed and repealed too)."""
    countries: dict[str, CountryEntry] = {}
    for r in results:
        inst = r.instrument
        entry = countries.get(inst.iso)
        if entry is None:
            entry = countries[inst.iso] = CountryEntry(
                iso=inst.iso, name=inst.country, instruments=[]
            )
        entry.instruments.append(
            InstrumentEntry(
                key=inst.key,
                title=inst.title,
                year=inst.year,
                status=inst.status,
                file=inst.file,
                frameworks=[fw.id for fw in r.review.frameworks if fw.assessed] if r.review else [],
                error=r.error,
            )
        )
    return countries


def _best_evidence(
    results: list[InstrumentResult],
) -> tuple[dict[_Key, _Evidence], dict[_Key, _Evidence]]:
    """Per state and provision, the best finding among the instruments in force, and the
    best among the bills."""
    best: dict[_Key, _Evidence] = {}
    pending: dict[_Key, _Evidence] = {}
    for r in results:
        inst = r.instrument
        if r.review is None or inst.status is _REPEALED:
            continue
        target = best if inst.status is _IN_FORCE else pending
        for f in r.review.findings:
            k = (inst.iso, f.framework, f.provision)
            held = target.get(k)
            if _better(f, held[0] if held is not None else None):
                target[k] = (f, inst.key)
    return best, pending


@paused_gc()
def aggregate(
    name: str, results: list[InstrumentResult], *, created: str | None = None
) -> Regional:
    """Fold reviews into the regional matrix (rules in the module docstring)."""
    frameworks = _columns(results)
    countries = _countries(results)
    best, pending = _best_evidence(results)
    return Regional(
        name=name,
        created=created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        frameworks=frameworks,
        countries=list(countries.values()),
        cells=_cells(frameworks, countries, best, pending),
    )


def _cells(
    frameworks: list[FrameworkBlock],
    countries: dict[str, CountryEntry],
    best: dict[_Key, _Evidence],
    pending: dict[_Key, _Evidence],
) -> list[Cell]:
    """Every state's cell for every provision (framework by framework, provision by
    provision), scoring as they are made each provision's regional index (the share of
    states that address it) and each state's coverage of each framework, % (addressed
    counts fully, partial half)."""
    cells: list[Cell] = []
    for block in frameworks:
        score = dict.fromkeys(countries, 0.0)
        for col in block.provisions:
            fw, provision, addressed = col.framework, col.provision, 0
            for iso in countries:
                k = (iso, fw, provision)
                cell = _cell(iso, fw, provision, best.get(k), pending.get(k))
                status = cell.status
                addressed += status is _ADDRESSED
                score[iso] += _CREDIT.get(status, 0.0)
                cells.append(cell)
            col.index = round(addressed / len(countries), 3) if countries else 0.0
        for iso, entry in countries.items():
            entry.coverage[block.id] = round(100 * score[iso] / len(block.provisions))
    return cells


def _cell(
    iso: str,
    framework: str,
    provision: str,
    in_force: _Evidence | None,
    bill: _Evidence | None,
) -> Cell:
    """The state's best evidence in force, and a bill's where it would improve on it."""
    if in_force is None:
        status, confidence, key, sections, penalty = _MISSING, 0.0, None, [], None
    else:
        f, key = in_force
        status, confidence, sections, penalty = f.status, f.confidence, list(f.sections), f.penalty
    better: Status | None = None
    bill_key: str | None = None
    if bill is not None and _RANK[bill[0].status] > _RANK[status]:
        better, bill_key = bill[0].status, bill[1]
    return Cell.trusted(
        iso, framework, provision, status, confidence, key, sections, penalty, better, bill_key
    )


@dataclass
class StateChange:
    """A provision whose status changed for a state between two regional runs."""

    country: str
    framework: str
    provision: str
    model_ref: str
    title: str
    before: str | None  # None: not in that run
    after: str | None


def diff_regional(a: Regional, b: Regional) -> list[StateChange]:
    """Per state and provision, the statuses that differ between two batch runs."""
    cols = {(p.framework, p.provision): p for r in (a, b) for f in r.frameworks
            for p in f.provisions}  # fmt: skip
    before = {(c.country, c.framework, c.provision): c.status.value for c in a.cells}
    after = {(c.country, c.framework, c.provision): c.status.value for c in b.cells}
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        if before.get(key) != after.get(key):
            col = cols[key[1:]]
            out.append(StateChange(key[0], key[1], key[2], col.model_ref, col.title,
                                   before.get(key), after.get(key)))  # fmt: skip
    return out
