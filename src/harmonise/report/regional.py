"""The regional report of a batch: the states x provisions matrix (index.html), one page per
state (countries/ISO.html, linking each instrument's own gap report), and the analysts'
exports regional.csv, regional.json and regional.xlsx.

As for the single-document report, the view model is prepared here and the templates only
display it.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from jinja2 import TemplateError
from markupsafe import Markup, escape

from harmonise.assess import Status
from harmonise.batch import Cell, FrameworkBlock, InstrumentResult, Regional, paused_gc
from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError
from harmonise.match.penalty import Penalty
from harmonise.report.environment import get_environment
from harmonise.report.html import render_html

_SYMBOL = {Status.ADDRESSED: "A", Status.PARTIAL: "P", Status.MISSING: "–"}
_LABEL = {Status.ADDRESSED: "Addressed", Status.PARTIAL: "Partial", Status.MISSING: "Missing"}
#: Cell fills of the spreadsheet (ARGB), the report's status colours made light.
XLSX_FILLS = {"addressed": "FFB7E1C6", "partial": "FFF6DFAE", "missing": "FFF2C4C4"}
CSV_COLUMNS = (
    "country", "iso", "framework", "provision", "model_ref", "title", "part", "status",
    "confidence", "instrument", "sections", "pending", "pending_instrument",
    "imprisonment_months", "life_imprisonment", "fine",
)  # fmt: skip


@dataclass
class PartHeader:
    title: str
    span: int


@dataclass
class MatrixRow:
    iso: str
    name: str
    href: str
    coverage: int
    #: The row's cells as table cells, escaped here (see :func:`_matrix_cells`): a large
    #: region has tens of thousands, and a template loop over them was most of the time
    #: index.html took.
    cells_html: Markup


@dataclass
class FrameworkMatrix:
    id: str
    title: str
    parts: list[PartHeader]
    columns: list[tuple[str, str]]  # (model_ref, title)
    rows: list[MatrixRow]
    index: list[int]  # regional harmonisation index per provision, %


@dataclass
class PenaltyRow:
    offence: str
    framework: str
    entries: list[tuple[str, str, str, str]]  # state, months, fine as written, section


@dataclass
class CountryFramework:
    id: str
    title: str
    coverage: int
    #: One table row per provision, escaped here (see :func:`_country_rows`): the pages of
    #: a large region have tens of thousands, and a template loop over their fields was
    #: most of the time the pages took.
    rows: list[Markup] = field(default_factory=list)


def _months(p: Penalty | None) -> str:
    if p is None:
        return ""
    if p.life:
        return "life"
    return "" if p.imprisonment_months is None else str(p.imprisonment_months)


def _matrix(regional: Regional, block: FrameworkBlock) -> FrameworkMatrix:
    parts: list[PartHeader] = []
    for col in block.provisions:
        if parts and parts[-1].title == col.part:
            parts[-1].span += 1
        else:
            parts.append(PartHeader(col.part, 1))
    rows = [
        MatrixRow(
            country.iso,
            country.name,
            f"countries/{country.iso}.html",
            country.coverage.get(block.id, 0),
            _matrix_cells(regional, block, country.iso),
        )
        for country in regional.countries
    ]
    return FrameworkMatrix(
        block.id,
        block.title,
        parts,
        [(c.model_ref, c.title) for c in block.provisions],
        rows,
        [round(100 * c.index) for c in block.provisions],
    )


def _matrix_cells(regional: Regional, block: FrameworkBlock, iso: str) -> Markup:
    """A state's row of the matrix as table cells: its status symbol in each, linked to the
    provision on the state's page, and a tooltip ("ISO s.REF: Status (bill: ...)").

    Escaped by parts (escaping text piece by piece gives what escaping it whole does):
    the state's once, each provision's once per framework (:func:`_column_html`), each
    status's once (:func:`_status_html`)."""
    lookup = regional.lookup()
    state = escape(iso)
    html = []
    for col in block.provisions:
        c = lookup[(iso, block.id, col.provision)]
        ref, anchor = _column_html(block.id, col.model_ref, col.provision)
        opening, label, symbol = _status_html(c.status, c.pending)
        html.append(
            f'{opening} title="{state} s.{ref}: {label}">'
            f'<a href="countries/{state}.html#{anchor}">{symbol}</a></td>'
        )
    return Markup("".join(html))


@lru_cache(maxsize=4096)
def _column_html(framework: str, model_ref: str, provision: str) -> tuple[str, str]:
    """A provision's model reference and its anchor on a state's page, escaped."""
    return str(escape(model_ref)), str(escape(f"{framework}--{provision}"))


@lru_cache(maxsize=16)
def _status_html(status: Status, pending: Status | None) -> tuple[str, str, str]:
    """A matrix cell's opening tag (its classes), the end of its tooltip and its symbol,
    escaped: what is the same in every cell of that status and pending status."""
    bill = f"bill: {_LABEL[pending].lower()}" if pending else None
    opening = f'<td class="cell {escape(status.value)}{" pending" if bill else ""}"'
    label = escape(_LABEL[status] + (f" ({bill})" if bill else ""))
    return opening, str(label), str(escape(_SYMBOL[status]))


def _penalties(regional: Regional) -> list[PenaltyRow]:
    names = {c.iso: c.name for c in regional.countries}
    out = []
    lookup = regional.lookup()
    for block in regional.frameworks:
        for col in block.provisions:
            entries = []
            for country in regional.countries:
                c: Cell = lookup[(country.iso, block.id, col.provision)]
                p = c.penalty
                if p is None or c.status is Status.MISSING:
                    continue
                entries.append((names[country.iso], _months(p), p.fine or "", p.section or ""))
            if entries:
                out.append(PenaltyRow(f"s.{col.model_ref} {col.title}", block.id, entries))
    return out


def build_regional_view(regional: Regional, failures: list[InstrumentResult]) -> dict:
    instruments = sum(len(c.instruments) for c in regional.countries)
    return {
        "regional": regional,
        "instrument_count": instruments,
        "summary_frameworks": [(b.id, b.title) for b in regional.frameworks],
        "summary_rows": [
            (
                c.iso,
                c.name,
                f"countries/{c.iso}.html",
                [c.coverage.get(b.id, 0) for b in regional.frameworks],
                ", ".join(f"{i.title} ({i.status.value})" for i in c.instruments),
            )
            for c in regional.countries
        ],
        "matrices": [_matrix(regional, b) for b in regional.frameworks],
        "penalties": _penalties(regional),
        "failures": [(f.instrument.country, f.instrument.file, f.error) for f in failures],
    }


def build_country_view(regional: Regional, iso: str) -> dict:
    country = regional.country(iso)
    titles = {i.key: i.title for i in country.instruments}
    frameworks = [
        CountryFramework(
            block.id,
            block.title,
            country.coverage.get(block.id, 0),
            _country_rows(regional, block, iso, titles),
        )
        for block in regional.frameworks
    ]
    return {
        "regional": regional,
        "country": country,
        "instruments": [
            (i, f"{iso}/{i.key}.html" if i.error is None else None) for i in country.instruments
        ],
        "frameworks": frameworks,
    }


def _country_rows(
    regional: Regional, block: FrameworkBlock, iso: str, titles: dict[str, str]
) -> list[Markup]:
    """A state's row per provision of a framework: model reference, title, status badge,
    confidence, the instrument with the evidence (linked to the provision in its own
    report) and its sections, and a bill that would improve the status.

    Escaped by parts (escaping text piece by piece gives what escaping it whole does):
    what is the same on every state's page once (:func:`_provision_html`,
    :func:`_badge_html`), each instrument once per page."""
    lookup = regional.lookup()
    state = escape(iso)
    links: dict[str, tuple[str, str]] = {}  # instrument key -> its key and title, escaped
    rows = []
    for col in block.provisions:
        c = lookup[(iso, block.id, col.provision)]
        head, anchor = _provision_html(block.id, col.provision, col.model_ref, col.title)
        confidence = where = pending = ""
        if c.instrument:
            if c.instrument not in links:
                links[c.instrument] = (escape(c.instrument), escape(titles.get(c.instrument)))
            key, title = links[c.instrument]
            confidence = f"{c.confidence:.2f}"
            where = f'<a href="{state}/{key}.html#{anchor}">{title}</a>'
            sections = ", ".join(c.sections)
            if sections:
                where += f", s. {escape(sections)}"
        if c.pending and c.pending_instrument:
            bill = titles.get(c.pending_instrument)
            pending = escape(f"{_LABEL[c.pending]} in {bill} (bill)")
        rows.append(
            Markup(
                f'{head}{_badge_html(c.status)}<td class="num">{confidence}</td>'
                f'<td>{where}</td><td class="small">{pending}</td></tr>'
            )
        )
    return rows


@lru_cache(maxsize=4096)
def _provision_html(framework: str, provision: str, model_ref: str, title: str) -> tuple[str, str]:
    """A provision's row on a state's page up to its status (anchor, model reference,
    title), and its anchor, escaped."""
    anchor = escape(f"{framework}--{provision}")
    head = f'<tr id="{anchor}"><td>s.{escape(model_ref)}</td><td>{escape(title)}</td>'
    return head, str(anchor)


@lru_cache(maxsize=4)
def _badge_html(status: Status) -> str:
    return f'<td><span class="badge {escape(status.value)}">{escape(_LABEL[status])}</span></td>'


def _render(template: str, view: dict) -> str:
    try:
        return get_environment().get_template(template).render(**view)
    except TemplateError as exc:
        raise HarmoniseError("H502", f"report template {template} failed: {exc}") from exc


def render_regional_html(regional: Regional, failures: list[InstrumentResult]) -> str:
    return _render("regional.html.j2", build_regional_view(regional, failures))


def render_country_html(regional: Regional, iso: str) -> str:
    return _render("regional_country.html.j2", build_country_view(regional, iso))


def regional_rows(regional: Regional) -> Iterator[tuple[str | int, ...]]:
    """One row per country and provision, values in the order of :data:`CSV_COLUMNS`: the
    long table behind regional.csv. Tuples, not dicts keyed by column: tens of thousands
    of rows, and the CSV writer wants them in order anyway."""
    names = {c.iso: c.name for c in regional.countries}
    cols = {(b.id, p.provision): p for b in regional.frameworks for p in b.provisions}
    for c in regional.cells:
        col = cols[(c.framework, c.provision)]
        p = c.penalty
        yield (
            names[c.country], c.country, c.framework, c.provision, col.model_ref, col.title,
            col.part, c.status.value, f"{c.confidence:.2f}" if c.instrument else "",
            c.instrument or "", "; ".join(c.sections), c.pending.value if c.pending else "",
            c.pending_instrument or "",
            "" if p is None or p.life else (p.imprisonment_months or ""),
            "yes" if p is not None and p.life else "", (p.fine or "") if p else "",
        )  # fmt: skip


def render_regional_csv(regional: Regional) -> str:
    buf = io.StringIO()
    _write_csv(buf, regional)
    return buf.getvalue()


def _write_csv(out: TextIO, regional: Regional) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(regional_rows(regional))


@dataclass
class XlsxSheet:
    """One framework's sheet of regional.xlsx as plain values: what a pool worker needs to
    write it (a Regional of tens of thousands of cells costs more to pickle across than
    these rows)."""

    title: str
    heads: list[str]
    rows: list[tuple[str, str, int, list[tuple[str, str]]]]  # state, ISO, coverage, cells
    index: list[int]  # regional index per provision, %


def xlsx_sheets(regional: Regional) -> list[XlsxSheet]:
    """The sheets of regional.xlsx: one per framework, states down, provisions across, each
    cell its status words and the named style of its status."""
    used: set[str] = set()
    lookup = regional.lookup()
    # one (text, style) pair per status and pending status, shared by every cell that has
    # it: a sheet's thousands of cells pickle as references to a dozen tuples
    texts: dict[tuple[Status, Status | None], tuple[str, str]] = {}
    sheets = []
    for block in regional.frameworks:
        title = block.id[:31]
        while title in used:
            title = title[:29] + f"~{len(used)}"
        used.add(title)
        rows = []
        for country in regional.countries:
            cells = []
            for p in block.provisions:
                c = lookup[(country.iso, block.id, p.provision)]
                text = texts.get((c.status, c.pending))
                if text is None:
                    words = c.status.value + (f" (bill: {c.pending.value})" if c.pending else "")
                    text = texts[(c.status, c.pending)] = (words, c.status.value)
                cells.append(text)
            rows.append((country.name, country.iso, country.coverage.get(block.id, 0), cells))
        heads = ["State", "ISO", "Coverage %"] + [
            f"s.{p.model_ref} {p.title}" for p in block.provisions
        ]
        index = [round(100 * p.index) for p in block.provisions]
        sheets.append(XlsxSheet(title, heads, rows, index))
    return sheets


def write_regional_xlsx(regional: Regional, target: Path) -> None:
    """One sheet per framework: states down, provisions across, status words colour-coded;
    the header row (and the state columns) frozen; the regional index in the last row."""
    write_xlsx(xlsx_sheets(regional), target)


def write_xlsx(sheets: list[XlsxSheet], target: Path) -> None:
    """Write regional.xlsx in openpyxl's streaming mode, each status a named style
    ("addressed", ... in Excel's style list): far faster than styling cell by cell in a
    loaded workbook.

    A sheet has a dozen kinds of status cell (status, and a bill's), tens of thousands of
    cells: one styled cell of each kind is made and appended wherever that kind goes.
    openpyxl writes an appended row cell by cell as it places each, so a cell met twice
    is written at each place it is met (tests read every cell back)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, NamedStyle, PatternFill

    wb = Workbook(write_only=True)
    for status, colour in XLSX_FILLS.items():
        wb.add_named_style(NamedStyle(status, fill=PatternFill("solid", fgColor=colour)))
    wb.add_named_style(NamedStyle("header", font=Font(bold=True)))
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        ws.freeze_panes = "D2"
        ws.column_dimensions["A"].width = 22
        styled = _styled_cells(ws)
        ws.append([styled(h, "header") for h in sheet.heads])
        for state, iso, coverage, cells in sheet.rows:
            ws.append([state, iso, coverage] + [styled(text, style) for text, style in cells])
        ws.append(["Regional index %", "", "", *sheet.index])
    try:
        wb.save(target)
    except OSError as exc:
        raise HarmoniseError("H501", f"cannot write {target}: {exc.strerror}") from None


def _styled_cells(ws: Any) -> Callable[[str, str], Any]:
    """A sheet's styled cells: text and named style -> the one cell of that kind, made the
    first time it is asked for (see :func:`write_xlsx`)."""
    from openpyxl.cell import WriteOnlyCell

    kinds: dict[tuple[str, str], Any] = {}

    def styled(text: str, style: str) -> Any:
        cell = kinds.get((text, style))
        if cell is None:
            cell = kinds[(text, style)] = WriteOnlyCell(ws, value=text)
            cell.style = style
        return cell

    return styled


def write_instrument_report(
    result: InstrumentResult, outdir: Path, registry: ChecklistRegistry | None = None
) -> Path:
    """Write one instrument's own report (countries/ISO/KEY.html) as soon as it is reviewed,
    so that a large batch does not hold every report in memory; return its path."""
    assert result.review is not None
    path = outdir / "countries" / result.instrument.iso / f"{result.instrument.key}.html"
    _write(path, result.html if result.html is not None else render_html(result.review, registry))
    result.html, result.report = None, path
    return path


def _write(path: Path, text: str) -> None:
    _stream(path, lambda out: out.write(text))


def _stream(path: Path, writer: Callable[[TextIO], object]) -> None:
    """Write a file piece by piece (``writer`` gets the open file): the regional exports of a
    large region run to tens of megabytes, which need not be held whole in memory."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            writer(out)
    except OSError as exc:
        raise HarmoniseError("H501", f"cannot write {path}: {exc.strerror}") from None


def _json_to(out: TextIO, regional: Regional) -> None:
    """regional.json as ``model_dump_json(indent=2)`` gives it, plus a final newline,
    written from the serializer's bytes (no string copies of a file this size)."""
    out.flush()
    out.buffer.write(Regional.__pydantic_serializer__.to_json(regional, indent=2))
    out.buffer.write(b"\n")


def _html_to(out: TextIO, template: str, view: dict) -> None:
    try:
        for chunk in get_environment().get_template(template).generate(**view):
            out.write(chunk)
    except TemplateError as exc:
        raise HarmoniseError("H502", f"report template {template} failed: {exc}") from exc


def _xlsx_started(regional: Regional, target: Path, pool: Executor | None) -> Callable[[], None]:
    """Start writing regional.xlsx, in a worker of ``pool`` if there is one; return what
    finishes it (waits for the worker and raises its error here)."""
    sheets = xlsx_sheets(regional)
    try:
        if pool is not None:  # the worker saves into the folder: it must be there first
            target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # left for the first page written to report, as without a pool
        pool = None
    if pool is None:
        return lambda: write_xlsx(sheets, target)
    future = pool.submit(_write_xlsx_in_worker, sheets, target)

    def finish() -> None:
        failed = future.result()
        if failed is not None:
            raise HarmoniseError(*failed)

    return finish


def _write_xlsx_in_worker(
    sheets: list[XlsxSheet], target: Path
) -> tuple[str, str, str | None] | None:
    """Pool entry point: write the spreadsheet; a HarmoniseError comes back as its code,
    message and hint (the exception itself does not survive pickling)."""
    try:
        write_xlsx(sheets, target)
    except HarmoniseError as exc:
        return exc.code, exc.message, exc.hint
    return None


@paused_gc()
def write_regional(
    regional: Regional,
    results: list[InstrumentResult],
    outdir: Path,
    registry: ChecklistRegistry | None = None,
    pool: Executor | None = None,
) -> list[Path]:
    """Write index.html, the country pages, every instrument's own report and the exports;
    return the paths written. With ``pool`` (the batch's, idle once the reviews are in: see
    :func:`harmonise.batch.worker_pool`), one of its workers writes regional.xlsx, the
    slowest export, while this process writes the rest."""
    written: list[Path] = []

    def put(path: Path, writer: Callable[[TextIO], object]) -> None:
        _stream(path, writer)
        written.append(path)

    finish_xlsx = _xlsx_started(regional, outdir / "regional.xlsx", pool)
    failures = [r for r in results if not r.ok]
    put(
        outdir / "index.html",
        lambda out: _html_to(out, "regional.html.j2", build_regional_view(regional, failures)),
    )
    by_iso: OrderedDict[str, list[InstrumentResult]] = OrderedDict()
    for r in results:
        by_iso.setdefault(r.instrument.iso, []).append(r)
    for iso, items in by_iso.items():
        _write(outdir / "countries" / f"{iso}.html", render_country_html(regional, iso))
        written.append(outdir / "countries" / f"{iso}.html")
        for r in items:
            if r.report is not None:
                written.append(r.report)
            elif r.review is not None:
                written.append(write_instrument_report(r, outdir, registry))
    put(outdir / "regional.csv", lambda out: _write_csv(out, regional))
    put(outdir / "regional.json", lambda out: _json_to(out, regional))
    finish_xlsx()
    written.append(outdir / "regional.xlsx")
    return written
