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
