"""The analysts' exports of a batch: regional.csv, regional.json and regional.xlsx."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from harmonise.batch import aggregate
from harmonise.report.regional import (
    CSV_COLUMNS,
    XLSX_FILLS,
    render_regional_csv,
    write_regional,
    write_regional_xlsx,
)
from tests.test_batch import FW, result


def regional():
    return aggregate("Test region", [
        result("XAA", "act", "in force", {"p1": "addressed", "p2": "partial"}),
        result("XBB", "bill", "bill", {"p1": "addressed", "p2": "missing"}),
    ], created="2026-01-01 00:00 UTC")  # fmt: skip


def test_csv_has_one_row_per_state_and_provision() -> None:
    rows = list(csv.DictReader(io.StringIO(render_regional_csv(regional()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    got = [(r["iso"], r["provision"], r["status"], r["instrument"], r["pending"]) for r in rows]
    assert got == [
        ("XAA", "p1", "addressed", "act", ""),
        ("XBB", "p1", "missing", "", "addressed"),
        ("XAA", "p2", "partial", "act", ""),
        ("XBB", "p2", "missing", "", ""),
    ]
    assert rows[0]["confidence"] == "0.80" and rows[1]["confidence"] == ""


def test_xlsx_one_sheet_per_framework_frozen_header_colour_coded(tmp_path: Path) -> None:
    target = tmp_path / "regional.xlsx"
    write_regional_xlsx(regional(), target)
    wb = load_workbook(target)
    assert wb.sheetnames == [FW]
    ws = wb[FW]
    assert ws.freeze_panes == "D2"
    assert all(c.font.b for c in ws[1])  # the header row in bold
    header = [c.value for c in ws[1]]
    assert header == ["State", "ISO", "Coverage %", "s.1 P1", "s.2 P2"]
    assert [c.value for c in ws[2]] == ["State XAA", "XAA", 75, "addressed", "partial"]
    assert [c.value for c in ws[3]] == [
        "State XBB",
        "XBB",
        0,
        "missing (bill: addressed)",
        "missing",
    ]
    assert ws["D2"].fill.fgColor.rgb == XLSX_FILLS["addressed"]
    assert ws["E2"].fill.fgColor.rgb == XLSX_FILLS["partial"]
    assert ws["E3"].fill.fgColor.rgb == XLSX_FILLS["missing"]
    assert [c.value for c in ws[4]] == ["Regional index %", None, None, 50, 0]


def test_json_is_the_regional_model(tmp_path: Path) -> None:
    results = [
        result("XAA", "act", "in force", {"p1": "addressed"}),
        result("XBB", "bill", "bill", {"p1": "addressed"}),
    ]
    reg = aggregate("Test region", results)
    written = write_regional(reg, results, tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "index.html", "countries/XAA.html", "countries/XAA/act.html", "countries/XBB.html",
        "countries/XBB/bill.html", "regional.csv", "regional.json", "regional.xlsx",
    }  # fmt: skip
    data = json.loads((tmp_path / "regional.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert [c["iso"] for c in data["countries"]] == ["XAA", "XBB"]
    assert data["frameworks"][0]["provisions"][0]["index"] == 0.5
    cell = next(c for c in data["cells"] if c["country"] == "XBB")
    assert (cell["status"], cell["pending"], cell["pending_instrument"]) == (
        "missing",
        "addressed",
        "bill",
    )


def _sheet_values(path: Path) -> list[list[tuple[object, str]]]:
    wb = load_workbook(path)
    return [[(c.value, c.style) for row in ws.iter_rows() for c in row] for ws in wb.worksheets]


def test_a_pool_worker_writes_the_same_spreadsheet_and_its_errors_come_back(
    tmp_path: Path,
) -> None:
    import pytest

    from harmonise.batch import worker_pool
    from harmonise.errors import HarmoniseError

    def results() -> list:  # fresh each time: writing an instrument's report marks it done
        return [
            result("XAA", "act", "in force", {"p1": "addressed", "p2": "partial"}),
            result("XBB", "bill", "bill", {"p1": "addressed", "p2": "missing"}),
        ]

    reg = aggregate("Test region", results(), created="2026-01-01 00:00 UTC")
    here = write_regional(reg, results(), tmp_path / "here")
    with worker_pool(2, 2) as pool:
        there = write_regional(reg, results(), tmp_path / "there", pool=pool)
        (tmp_path / "bad" / "regional.xlsx").mkdir(parents=True)  # cannot be written
        with pytest.raises(HarmoniseError, match=r"\[H501\] cannot write .*regional.xlsx"):
            write_regional(reg, results(), tmp_path / "bad", pool=pool)
        (tmp_path / "file").write_text("not a folder")  # the first page reports it, as before
        with pytest.raises(HarmoniseError, match=r"\[H501\] cannot write .*index.html"):
            write_regional(reg, results(), tmp_path / "file" / "out", pool=pool)
    assert [p.relative_to(tmp_path / "there") for p in there] == [
        p.relative_to(tmp_path / "here") for p in here
    ]
    for p in here:
        twin = tmp_path / "there" / p.relative_to(tmp_path / "here")
        if p.suffix != ".xlsx":
            assert twin.read_bytes() == p.read_bytes()
    assert _sheet_values(tmp_path / "there" / "regional.xlsx") == _sheet_values(
        tmp_path / "here" / "regional.xlsx"
    )


def test_rows_escaped_by_parts_are_what_escaping_each_field_gave() -> None:
    """The matrix cells and country-page rows are built from pieces escaped once each; the
    templates used to escape every field of every row. Both agree, markup in every field."""
    from jinja2 import Environment
    from markupsafe import escape

    from harmonise.report.regional import _LABEL, _SYMBOL, _country_rows, _matrix_cells

    odd = "p<&\"'>1"
    reg = aggregate("Test region", [
        result("X<A", "a&'ct\"", "in force", {odd: "partial", "p2": "missing"}),
        result("X<A", "b<ill>", "bill", {odd: "addressed", "p2": "partial"}),
        result("XBB", "other", "in force", {odd: "addressed", "p2": "addressed"}),
    ], created="2026-01-01 00:00 UTC")  # fmt: skip
    block = reg.frameworks[0]
    row_template = Environment(autoescape=True).from_string(
        '<tr id="{{ anchor }}"><td>s.{{ ref }}</td><td>{{ title }}</td><td><span class="badge '
        '{{ status }}">{{ label }}</span></td><td class="num">{{ confidence }}</td><td>'
        '{% if href %}<a href="{{ href }}">{{ instrument }}</a>{% if sections %}, s. '
        '{{ sections }}{% endif %}{% endif %}</td><td class="small">{{ pending or "" }}</td></tr>'
    )
    for country in reg.countries:
        iso, titles = country.iso, {i.key: i.title for i in country.instruments}
        cells, rows = [], []
        for col in block.provisions:
            c = reg.cell(iso, block.id, col.provision)
            bill = f"bill: {_LABEL[c.pending].lower()}" if c.pending else None
            label = f"{iso} s.{col.model_ref}: {_LABEL[c.status]}" + (f" ({bill})" if bill else "")
            cells.append(
                f'<td class="cell {escape(c.status.value)}{" pending" if bill else ""}" '
                f'title="{escape(label)}"><a href="'
                f'{escape(f"countries/{iso}.html#{block.id}--{col.provision}")}">'
                f"{escape(_SYMBOL[c.status])}</a></td>"
            )
            anchor = f"{block.id}--{col.provision}"
            pending = None
            if c.pending and c.pending_instrument:
                pending = f"{_LABEL[c.pending]} in {titles.get(c.pending_instrument)} (bill)"
            rows.append(row_template.render(
                anchor=anchor, ref=col.model_ref, title=col.title, status=c.status.value,
                label=_LABEL[c.status], confidence=f"{c.confidence:.2f}" if c.instrument else "",
                instrument=titles.get(c.instrument or ""),
                href=f"{iso}/{c.instrument}.html#{anchor}" if c.instrument else None,
                sections=", ".join(c.sections), pending=pending,
            ))  # fmt: skip
        assert _matrix_cells(reg, block, iso) == "".join(cells)
        assert _country_rows(reg, block, iso, titles) == rows
    assert "&lt;ill&gt;" in "".join(_country_rows(reg, block, "X<A", {"b<ill>": "b<ill>"}))


def test_xlsx_status_cells_of_one_kind_each_land_in_their_own_place(tmp_path: Path) -> None:
    target = tmp_path / "regional.xlsx"
    statuses = {"p1": "addressed", "p2": "addressed", "p3": "partial", "p4": "addressed"}
    write_regional_xlsx(aggregate("r", [result("XAA", "act", "in force", statuses)]), target)
    ws = load_workbook(target)[FW]
    row = ws[2]
    assert [(c.coordinate, c.value, c.style) for c in row[3:]] == [
        ("D2", "addressed", "addressed"),
        ("E2", "addressed", "addressed"),
        ("F2", "partial", "partial"),
        ("G2", "addressed", "addressed"),
    ]
