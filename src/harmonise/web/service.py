"""What the web routes do, apart from HTTP: check an upload, store it, read stored reviews
back with the reviewers' overrides applied, and the download formats.

Every function here is synchronous and opens its own SQLite connection, so routes can run
them in a worker thread.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from harmonise.assess import Status
from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError
from harmonise.report import render_html
from harmonise.review import Review, Summary, review_act, select_frameworks
from harmonise.settings import Settings
from harmonise.store import RunStore, StoredReview, open_store
from harmonise.store.overrides import (
    Override,
    OverrideStore,
    load_akn,
    reviews_of_run,
    save_akn,
)
from harmonise.store.runs import ReviewRecord

INSTRUMENT_STATUSES = ("in force", "bill", "repealed")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")

#: One review at a time per process: the spaCy pipeline and the cue caches are shared and
#: not made for concurrent use. Uploads wait here (in worker threads), never in the event loop.
_PIPELINE_LOCK = threading.Lock()


@dataclass
class WebContext:
    """What every request needs: settings, checklists and the run-history file."""

    settings: Settings
    registry: ChecklistRegistry
    db: Path

    @contextmanager
    def connect(self) -> Iterator:
        conn = open_store(self.db)
        try:
            yield conn
        finally:
            conn.close()


def safe_filename(name: str | None) -> str:
    """The uploaded file's base name, reduced to harmless characters (used as a label and
    for the format check only; nothing is ever written under it)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _SAFE_NAME.sub("_", base).strip(" .")[:120]
    return base or "upload.txt"


def iso_for(country: str | None) -> str | None:
    letters = "".join(ch for ch in (country or "") if ch.isalpha())
    return letters[:3].upper() or None


@dataclass
class CheckRequest:
    data: bytes
    filename: str
    frameworks: list[str]
    country: str | None = None
    instrument_status: str = "in force"


@dataclass
class CheckResult:
    run_id: int
    review_id: int
    review: Review
    carried: int = 0


def run_check(ctx: WebContext, req: CheckRequest) -> CheckResult:
    """Read the uploaded bytes, review them, store the run (and carry overrides forward)."""
    if req.instrument_status not in INSTRUMENT_STATUSES:
        raise HarmoniseError(
            "H705",
            f"instrument status {req.instrument_status!r} is not one of "
            + ", ".join(INSTRUMENT_STATUSES),
        )
    checklists, detect = select_frameworks(req.frameworks, ctx.registry)
    name = safe_filename(req.filename)
    if _PIPELINE_LOCK.acquire(timeout=600):
        try:
            act = _read_act(req.data, name, ctx.settings)
            review = review_act(
                act, checklists, settings=ctx.settings, country=req.country, detect=detect
            )
            html = render_html(review, ctx.registry)
            akn = _akn(act, req.country)
        finally:
            _PIPELINE_LOCK.release()
    else:  # pragma: no cover - a ten-minute queue means something is stuck
        raise HarmoniseError("H705", "the server is busy; try again later")
    record = ReviewRecord(
        review,
        country=req.country,
        iso=iso_for(req.country),
        instrument=review.document.title,
        instrument_status=req.instrument_status,
        html_sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
    )
    with ctx.connect() as conn:
        run_id = RunStore(conn).save_run("check", name, [record], strategy=review.tool.strategy)
        review_id = reviews_of_run(conn, run_id)[0]
        if akn is not None:
            save_akn(conn, review_id, akn)
        overrides = OverrideStore(conn)
        carried = 0
        previous = overrides.previous_review(
            review_id, review.document.sha256, review.document.source, req.country
        )
        if previous is not None:
            carried = overrides.carry_forward(previous, review_id, review)
    return CheckResult(run_id, review_id, review, carried)


def _read_act(data: bytes, name: str, settings: Settings):
    from harmonise.ingest import read_bytes
    from harmonise.structure.parser import parse

    doc = read_bytes(data, name, settings)
    if doc.outline is not None:
        from harmonise.export.akn_read import act_from_outline

        return act_from_outline(doc)
    return parse(doc, settings)


def _akn(act, country: str | None) -> bytes | None:
    try:
        from harmonise.export.akn import to_akn
    except ImportError:  # pragma: no cover - the exporter is optional
        return None
    code = (iso_for(country) or "xx")[:2].lower()
    return to_akn(act, country=code)


# --- reading back ----------------------------------------------------------------------


@dataclass
class ReviewPage:
    """A stored review, its overrides and the review as a reviewer sees it."""

    stored: StoredReview
    machine: Review
    effective: Review
    current: dict[tuple[str, str], Override]
    history: list[Override] = field(default_factory=list)


def load_review(ctx: WebContext, review_id: int) -> ReviewPage:
    with ctx.connect() as conn:
        stored = RunStore(conn).get_review(review_id)
        store = OverrideStore(conn)
        history = store.history(review_id)
    current = {(o.framework, o.provision): o for o in history}
    machine = stored.review
    return ReviewPage(stored, machine, apply_overrides(machine, current), current, history)


def apply_overrides(review: Review, current: dict[tuple[str, str], Override]) -> Review:
    """A copy of ``review`` with each overridden finding's status set by the reviewer and a
    note saying so ("reviewer: partial (was: addressed)")."""
    if not current:
        return review
    out = review.model_copy(deep=True)
    for f in out.findings:
        o = current.get((f.framework, f.provision))
        if o is None:
            continue
        note = f"reviewer: {o.status} (was: {f.status.value}) by {o.reviewer}, {o.created}"
        if o.note:
            note += f": {o.note}"
        if o.evidence_changed:
            note += " [evidence changed since the reviewer decided: check again]"
        f.status = Status(o.status)
        f.notes = [note, *f.notes]
    out.summary = Summary(**{s.value: sum(f.status is s for f in out.findings) for s in Status})
    return out


def add_override(
    ctx: WebContext,
    review_id: int,
    framework: str,
    provision: str,
    status: str,
    note: str,
    reviewer: str,
) -> Override:
    with ctx.connect() as conn:
        review = RunStore(conn).get_review(review_id).review
        return OverrideStore(conn).add(
            review_id, review, framework, provision, status, note=note, reviewer=reviewer
        )


def review_akn(ctx: WebContext, review_id: int) -> bytes:
    with ctx.connect() as conn:
        RunStore(conn).get_review(review_id)  # H602 if there is no such review
        xml = load_akn(conn, review_id)
    if xml is None:
        raise HarmoniseError("H704", f"review {review_id} has no stored Akoma Ntoso document")
    return xml


# --- download formats --------------------------------------------------------------------

CSV_COLUMNS = (
    "framework",
    "provision",
    "model_ref",
    "title",
    "part",
    "status",
    "machine_status",
    "confidence",
    "sections",
    "missing_elements",
    "reviewer",
    "reviewer_note",
    "reviewed",
    "evidence_changed",
)


def findings_csv(page: ReviewPage) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in page.machine.findings:
        o = page.current.get((f.framework, f.provision))
        writer.writerow(
            [
                f.framework,
                f.provision,
                f.model_ref,
                f.title,
                f.part,
                o.status if o else f.status.value,
                f.status.value,
                f"{f.confidence:.2f}",
                "; ".join(f.sections),
                "; ".join(f.missing_elements),
                o.reviewer if o else "",
                o.note if o else "",
                o.created if o else "",
                ("yes" if o.evidence_changed else "no") if o else "",
            ]
        )
    return buf.getvalue()


def review_json(page: ReviewPage) -> str:
    """The JSON report (the documented contract) plus ``overrides``: the reviewers' audit
    trail, newest last, each with the machine's status it overruled."""
    import json

    data = page.machine.model_dump(mode="json")
    data["overrides"] = [o.as_dict() for o in page.history]
    return json.dumps(data, indent=2) + "\n"
