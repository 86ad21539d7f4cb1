"""The HTML report: a view model built from a Review, rendered by one template.

Templates display; they compute nothing. Everything a template shows (percentages, bar
widths, highlighted quote segments, labels) is prepared here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import TemplateError

from harmonise.assess import Evidence, Finding, Status
from harmonise.checklist import CROSSWALK_FOLDER, ChecklistRegistry
from harmonise.crosswalk import CrosswalkTable, load_crosswalks
from harmonise.errors import HarmoniseError
from harmonise.packaged import models_dir
from harmonise.report.environment import get_environment
from harmonise.review import Review

#: Quotes shown per provision; every element's own quote stays in the JSON report.
MAX_QUOTES = 4

_LABELS = {Status.ADDRESSED: "Addressed", Status.PARTIAL: "Partial", Status.MISSING: "Missing"}


@dataclass
class Bar:
    label: str
    addressed: int
    partial: int
    missing: int

    @property
    def total(self) -> int:
        return self.addressed + self.partial + self.missing

    def pct(self, n: int) -> float:
        return round(100 * n / self.total, 1) if self.total else 0.0

    @property
    def coverage(self) -> int:
        """Addressed counts fully, partial half: a rough share of the model the law has."""
        if not self.total:
            return 0
        return round(100 * (self.addressed + 0.5 * self.partial) / self.total)


@dataclass
class QuoteView:
    section: str
    heading: str | None
    segments: list[tuple[str, bool]]  # (text, highlighted)
    page: int | None = None  # source page, for paged input (PDF)


@dataclass
class FindingView:
    finding: Finding
    status_label: str
    anchor: str
    quotes: list[QuoteView]
    section_links: list[tuple[str, str, str | None]]  # (ref, anchor, heading)
    penalty_text: str | None
    #: label, found, section, required, found only approximately (OCR damage, other order)
    elements_text: list[tuple[str, bool, str | None, bool, bool]]
    crosswalk: list[str] = field(default_factory=list)  # "Budapest Convention Art. 2", ...


@dataclass
class FrameworkView:
    id: str
    title: str
    sha256: str
    summary: Bar
    parts: list[Bar] = field(default_factory=list)
    guidelines: list[Bar] = field(default_factory=list)
    groups: OrderedDict[str, list[FindingView]] = field(default_factory=OrderedDict)


def _segments(ev: Evidence) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(set(ev.highlights)):
        if start < pos:
            continue
        if start > pos:
            out.append((ev.quote[pos:start], False))
        out.append((ev.quote[start:end], True))
        pos = end
    if pos < len(ev.quote):
        out.append((ev.quote[pos:], False))
    return out


def _penalty_text(f: Finding) -> str | None:
    p = f.penalty
    if p is None:
        return None
    bits = []
    for tier in p.tiers:
        parts = []
        if tier.life:
            parts.append("imprisonment for life")
        elif tier.imprisonment_months is not None:
            m = tier.imprisonment_months
            parts.append(f"{m // 12} years" if m % 12 == 0 else f"{m} months")
        if tier.fine:
            parts.append(f"fine {tier.fine}")
        mode = {"summary": "summary: ", "indictment": "indictment: "}.get(tier.mode or "", "")
        bits.append(mode + ", ".join(parts))
    return "; ".join(bits) + (f" (s. {p.section})" if p.section else "")


def _bar(label: str, findings: list[Finding]) -> Bar:
    return Bar(
        label,
        sum(f.status is Status.ADDRESSED for f in findings),
        sum(f.status is Status.PARTIAL for f in findings),
        sum(f.status is Status.MISSING for f in findings),
    )


def build_view(review: Review, registry: ChecklistRegistry | None = None) -> dict:
    frameworks: list[FrameworkView] = []
    guideline_titles: dict[str, str] = {}
    if registry is not None:
        for loaded in registry:
            for g in loaded.checklist.guidelines:
                guideline_titles[f"{loaded.checklist.id}/{g.id}"] = g.title
    crosswalk_labels = _crosswalk_labeller(registry)
    for fw in review.frameworks:
        if not fw.assessed:
            continue
        findings = [f for f in review.findings if f.framework == fw.id]
        view = FrameworkView(fw.id, fw.title, fw.sha256, _bar("All provisions", findings))
        parts: OrderedDict[str, list[Finding]] = OrderedDict()
        guidelines: OrderedDict[str, list[Finding]] = OrderedDict()
        for f in findings:
            parts.setdefault(f.part, []).append(f)
            for gid in f.guidelines:
                guidelines.setdefault(gid, []).append(f)
            card = _finding_view(f)
            card.crosswalk = crosswalk_labels(f.framework, f.provision)
            view.groups.setdefault(f.part, []).append(card)
        view.parts = [_bar(k, v) for k, v in parts.items()]
        view.guidelines = [
            _bar(guideline_titles.get(f"{fw.id}/{k}", k), v) for k, v in sorted(guidelines.items())
        ]
        frameworks.append(view)
    return {
        "review": review,
        "frameworks": frameworks,
        "considered": review.frameworks,
        "crosswalk": _crosswalk(review) if len(frameworks) > 1 else [],
        "definitions": review.definitions,
        "diagnostics": review.diagnostics,
        "cited": [
            CitedView(
                section_anchor(c.num),
                ("Long title" if c.num == "long title" else f"Section {c.num}")
                + (f": {c.heading}" if c.heading else ""),
                c.line,
                c.text,
            )
            for c in review.cited_sections
        ],
        "labels": {s.value: label for s, label in _LABELS.items()},
    }


@dataclass
class CrosswalkRow:
    """One national section and every model provision it carries, across frameworks."""

    section: str
    anchor: str
    heading: str | None
    provisions: list[tuple[str, str, str, str]]  # framework, "s.4 Illegal Access", status, anchor


def _crosswalk(review: Review) -> list[CrosswalkRow]:
    rows: OrderedDict[str, CrosswalkRow] = OrderedDict()
    for f in review.findings:
        if not f.sections:
            continue
        base = f.sections[0].split("(")[0]
        row = rows.get(base)
        if row is None:
            heading = f.headings.get(base)
            row = rows[base] = CrosswalkRow(base, section_anchor(base), heading, [])
        row.provisions.append(
            (
                f.framework,
                f"{_ref(f.model_ref)} {f.title}",
                f.status.value,
                f"{f.framework}--{f.provision}",
            )
        )
    return sorted(rows.values(), key=lambda r: _section_key(r.section))


def _ref(model_ref: str) -> str:
    """'4' -> 's.4'; 'Art. 2' and 'IC-04' as they are."""
    return f"s.{model_ref}" if model_ref[:1].isdigit() else model_ref


def _section_key(ref: str) -> tuple[int, str]:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 10**6, ref)


def section_anchor(ref: str) -> str:
    """HTML id of a cited section: '4(1)' -> 'sec-4', 'long title' -> 'sec-long-title'."""
    return "sec-" + ref.split("(")[0].strip().replace(" ", "-")


@dataclass
class CitedView:
    anchor: str
    title: str
    line: int | None
    text: str


#: Crosswalk tables validated against one set of checklists (by their content hashes).
_CROSSWALKS: dict[tuple[tuple[str, str], ...], list[CrosswalkTable]] = {}


def _crosswalk_labeller(registry: ChecklistRegistry | None) -> Callable[[str, str], list[str]]:
    """(framework, provision) -> readable references to corresponding provisions elsewhere."""
    if registry is None:
        return lambda framework, provision: []
    key = tuple(sorted((c.checklist.id, c.sha256) for c in registry))
    if key not in _CROSSWALKS:
        _CROSSWALKS[key] = load_crosswalks(models_dir() / CROSSWALK_FOLDER, registry)
    tables = _CROSSWALKS[key]
    names: dict[str, str] = {}
    refs: dict[tuple[str, str], str] = {}
    for loaded in registry:
        c = loaded.checklist
        names[c.id] = c.framework.short_title
        refs.update({(c.id, p.id): p.model_ref for p in c.provisions})
    for table in tables:
        names.update({col.id: col.external for col in table.columns if col.external})

    def labels(framework: str, provision: str) -> list[str]:
        out: list[str] = []
        for table in tables:
            for col, items in table.links(framework, provision).items():
                for item in items:
                    ref = refs.get((col, item), item)
                    if not ref.startswith(("Art", "MLEC", "MLES", "s.")):
                        ref = f"s.{ref}"
                    label = f"{names.get(col, col)} {ref}"
                    if label not in out:
                        out.append(label)
        return out

    return labels


def _finding_view(f: Finding) -> FindingView:
    return FindingView(
        finding=f,
        status_label=_LABELS[f.status],
        anchor=f"{f.framework}--{f.provision}",
        quotes=[QuoteView(e.section, e.heading, _segments(e), e.page) for e in f.evidence][
            :MAX_QUOTES
        ],
        section_links=[(s, section_anchor(s), f.headings.get(s.split("(")[0])) for s in f.sections],
        penalty_text=_penalty_text(f),
        elements_text=[
            (
                e.label,
                e.found,
                f"{e.section}, p. {e.page}" if e.page else e.section,
                e.required,
                e.found and e.fuzzy,
            )
            for e in f.elements
        ],
    )


def render_html(review: Review, registry: ChecklistRegistry | None = None) -> str:
    try:
        template = get_environment().get_template("report.html.j2")
        return template.render(**build_view(review, registry))
    except TemplateError as exc:
        raise HarmoniseError("H502", f"report template failed: {exc}") from exc
