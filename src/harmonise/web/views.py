"""View models of the web pages: everything a web template shows, prepared here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from harmonise.batch import InstrumentResult, Regional, aggregate
from harmonise.checklist import CROSSWALK_FOLDER
from harmonise.crosswalk import load_crosswalks
from harmonise.errors import HarmoniseError
from harmonise.manifest import Instrument, InstrumentStatus
from harmonise.packaged import models_dir
from harmonise.store import RunStore
from harmonise.store.overrides import assessed_frameworks, override_counts
from harmonise.web.service import INSTRUMENT_STATUSES, ReviewPage, WebContext, iso_for

_LABELS = {"addressed": "Addressed", "partial": "Partial", "missing": "Missing"}


def upload_view(ctx: WebContext) -> dict:
    choices = [
        ("auto", "auto: the model laws the document speaks to"),
        ("all", "all: every framework"),
    ]
    choices += [(c.checklist.id, c.checklist.framework.title) for c in ctx.registry]
    return {
        "title": "Check a law",
        "framework_choices": choices,
        "statuses": INSTRUMENT_STATUSES,
        "max_mb": f"{ctx.settings.max_input_bytes / 1_000_000:g}",
    }


@dataclass
class RunRow:
    id: int
    created: str
    country: str
    source: str
    instrument: str
    status: str
    frameworks: str
    summary: dict[str, int]
    overrides: int = 0


def history_view(ctx: WebContext, country: str | None, framework: str | None) -> dict:
    with ctx.connect() as conn:
        stored = RunStore(conn).list_reviews()
        fws = assessed_frameworks(conn)
        reviewed = override_counts(conn)
    rows = []
    for s in reversed(stored):
        ids = fws.get(s.id, [])
        if country and (s.country or "").casefold() != country.casefold():
            continue
        if framework and framework not in ids:
            continue
        rows.append(
            RunRow(
                s.id,
                s.created,
                s.country or "",
                s.source,
                s.instrument or "",
                s.instrument_status or "",
                ", ".join(ids),
                s.summary,
                reviewed.get(s.id, 0),
            )
        )
    return {
        "title": "Run history",
        "rows": rows,
        "countries": sorted({s.country for s in stored if s.country}),
        "frameworks": ctx.registry.ids(),
        "country": country or "",
        "framework": framework or "",
    }


@dataclass
class OverrideRow:
    created: str
    reviewer: str
    provision: str
    change: str
    note: str
    flag: str


def report_view(page: ReviewPage, report_html: str) -> dict:
    """The CLI's report (render_html, reviewer decisions applied) inside the web page."""
    style = report_html.split("<style>", 1)[1].split("</style>", 1)[0]
    body = report_html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    rid = page.stored.id
    titles = {
        (f.framework, f.provision): f"{f.framework} s.{f.model_ref} {f.title}"
        for f in page.machine.findings
    }
    return {
        "title": f"Report {rid}: {page.machine.document.title or page.machine.document.source}",
        "review_id": rid,
        "report_style": style,
        "report_body": body,
        "downloads": [
            ("HTML report", f"/runs/{rid}/report.html"),
            ("JSON report", f"/runs/{rid}/report.json"),
            ("CSV of findings", f"/runs/{rid}/findings.csv"),
            ("Akoma Ntoso XML of the parsed Act", f"/runs/{rid}/act.xml"),
        ],
        "targets": [
            (
                f"{f.framework}/{f.provision}",
                f"{titles[(f.framework, f.provision)]} [{f.status.value}]",
            )
            for f in page.machine.findings
        ],
        "statuses": list(_LABELS),
        "overrides": [
            OverrideRow(
                o.created,
                o.reviewer,
                titles.get((o.framework, o.provision), o.provision),
                f"reviewer: {o.status} (was: {o.machine_status})",
                o.note,
                "evidence changed: check again"
                if o.evidence_changed
                else ("carried from an earlier review" if o.carried_from else ""),
            )
            for o in page.history
        ],
    }


# --- regional matrix -------------------------------------------------------------------


def latest_regional(ctx: WebContext) -> tuple[Regional, dict[str, int]]:
    """The regional matrix over the latest review of each country."""
    with ctx.connect() as conn:
        store = RunStore(conn)
        latest: dict[str, int] = {}
        for s in store.list_reviews():
            if s.country:
                latest[s.country] = s.id
        reviews = {c: store.get_review(i) for c, i in latest.items()}
    results = []
    for row, (country, s) in enumerate(sorted(reviews.items()), start=1):
        status = s.instrument_status if s.instrument_status in INSTRUMENT_STATUSES else "in force"
        inst = Instrument(
            row=row,
            country=country,
            iso=s.iso or iso_for(country) or "XX",
            title=s.instrument or s.source,
            status=InstrumentStatus(status),
            file=s.source,
            path=Path(s.source),
            key=f"r{s.id}",
        )
        results.append(InstrumentResult(inst, s.review))
    return aggregate("Latest review of each country", results), {
        s.iso or "": s.id for s in reviews.values()
    }


def regional_page(ctx: WebContext, iso: str | None) -> str:
    from harmonise.report.regional import render_country_html, render_regional_html

    regional, _ = latest_regional(ctx)
    if iso is None:
        return render_regional_html(regional, [])
    if iso not in {c.iso for c in regional.countries}:
        raise HarmoniseError("H704", f"no country {iso!r} in the regional matrix")
    return render_country_html(regional, iso)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def regional_export(ctx: WebContext, ext: str) -> tuple[str | bytes, str]:
    import tempfile

    from harmonise.report.regional import render_regional_csv, write_regional_xlsx

    if ext not in ("csv", "json", "xlsx"):
        raise HarmoniseError("H704", f"no regional export .{ext} here (csv, json, xlsx)")
    regional, _ = latest_regional(ctx)
    if ext == "csv":
        return render_regional_csv(regional), "text/csv"
    if ext == "json":
        return regional.model_dump_json(indent=2) + "\n", "application/json"
    with tempfile.TemporaryDirectory(prefix="harmonise-") as tmp:
        target = Path(tmp) / "regional.xlsx"
        write_regional_xlsx(regional, target)
        return target.read_bytes(), _XLSX


# --- frameworks browser ----------------------------------------------------------------


@dataclass
class ProvisionRow:
    anchor: str
    model_ref: str
    title: str
    part: str
    kind: str
    verification: str
    optional: bool
    elements: list[tuple[str, str, bool, str]]  # label, role, required, cues
    links: list[tuple[str, str | None]] = field(default_factory=list)  # label, href
    recommendation: str = ""


def frameworks_view(ctx: WebContext) -> dict:
    rows = [
        (
            c.checklist.id,
            c.checklist.framework.title,
            c.checklist.framework.year,
            len(c.checklist.provisions),
            sum(len(p.elements) for p in c.checklist.provisions),
        )
        for c in ctx.registry
    ]
    return {"title": "Frameworks", "rows": rows}


_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def framework_view(ctx: WebContext, framework_id: str) -> dict:
    if not _SLUG.fullmatch(framework_id) or framework_id not in ctx.registry.ids():
        raise HarmoniseError("H704", f"no framework {framework_id!r}")
    loaded = ctx.registry.get(framework_id)
    checklist = loaded.checklist
    tables = load_crosswalks(models_dir() / CROSSWALK_FOLDER, ctx.registry)
    known = set(ctx.registry.ids())
    rows = []
    for p in checklist.provisions:
        links: list[tuple[str, str | None]] = []
        for table in tables:
            externals = {c.id: c.external for c in table.columns if c.external}
            for col, refs in table.links(framework_id, p.id).items():
                for ref in refs:
                    href = f"/frameworks/{col}#p-{ref}" if col in known else None
                    item = (f"{externals.get(col, col)}: {ref}", href)
                    if item not in links:
                        links.append(item)
        rows.append(
            ProvisionRow(
                f"p-{p.id}",
                p.model_ref,
                p.title,
                p.part,
                p.kind.value,
                p.verification.value,
                p.optional,
                [(e.label, e.role.value, e.required, "; ".join(e.cues)) for e in p.elements],
                links,
                p.recommendation,
            )
        )
    return {
        "title": checklist.framework.title,
        "framework": checklist.framework,
        "sha256": loaded.sha256,
        "provisions": rows,
    }
