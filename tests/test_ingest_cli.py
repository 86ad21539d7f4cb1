"""`harmonise parse` / `check` on every format: folders and several files, --akn, --ocr, the
page numbers in the report, and the exact error text of the new ingest errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from harmonise.cli import main
from harmonise.ingest import ocr as ocr_tools
from tests.fixtures.ingest.make_fixtures import scanned_pdf, statute_docx, statute_pdf


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "computer-misuse-act.pdf"
    path.write_bytes(statute_pdf())
    return path


def test_parse_a_pdf(pdf: Path) -> None:
    code, out, err = run("parse", str(pdf))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "COMPUTER MISUSE ACT, 2024  [computer-misuse-act.pdf]"
    assert "8 sections, 0 parts, 0 schedules, 2 defined terms" in lines


def test_parse_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "act.docx"
    path.write_bytes(statute_docx())
    code, out, _ = run("parse", str(path))
    assert code == 0
    assert "PART I  PRELIMINARY" in out.splitlines()


def test_parse_akn_prints_akoma_ntoso(pdf: Path) -> None:
    code, out, _ = run("parse", str(pdf), "--akn")
    assert code == 0
    assert out.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso")
    assert out.count("<section ") == 8


def test_akn_written_by_parse_reads_back(pdf: Path, tmp_path: Path) -> None:
    _, xml, _ = run("parse", str(pdf), "--akn")
    target = tmp_path / "act.xml"
    target.write_text(xml, encoding="utf-8")
    _, again, _ = run("parse", str(target))
    _, first, _ = run("parse", str(pdf))
    rows = [line for line in first.splitlines() if line.startswith("  ")]
    assert [line for line in again.splitlines() if line.startswith("  ")] == rows


def test_parse_a_folder_and_several_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for n, heading in ((1, "Short title"), (2, "Interpretation"), (10, "Commencement")):
        (site / f"s{n}.html").write_text(
            f"<html><body><nav>Menu</nav><h4>{heading}</h4><p>{n}. Text of section {n}.</p>"
            "</body></html>"
        )
    code, out, _ = run("parse", str(site))
    assert code == 0
    assert out.splitlines()[0].endswith("[site]")
    code, out, _ = run("parse", str(site / "s1.html"), str(site / "s2.html"))
    assert code == 0
    assert "2 sections, 0 parts, 0 schedules, 0 defined terms" in out.splitlines()


def test_check_a_pdf_cites_pages(pdf: Path, tmp_path: Path) -> None:
    html, report = tmp_path / "r.html", tmp_path / "r.json"
    code, out, err = run("check", str(pdf), "-o", str(html), "--json", str(report))
    assert code == 0, err
    assert out.splitlines()[0].startswith("computer-misuse-act.pdf: hipcar-cybercrime: ")
    data = json.loads(report.read_text())
    assert data["document"]["format"] == "pdf"
    pages = {e["page"] for f in data["findings"] for e in f["evidence"]}
    assert pages and pages <= {1, 2}
    assert {e["page"] for f in data["findings"] for e in f["elements"] if e["found"]} <= {1, 2}
    soup = BeautifulSoup(html.read_text(), "html.parser")
    cites = [c.get_text(" ", strip=True) for c in soup.select("blockquote cite")]
    assert any(", p. 1" in c for c in cites)
    assert "(pdf, 8 sections" in soup.get_text()


def test_check_without_output_names_the_report_after_the_source(
    pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", str(pdf))
    assert code == 0
    assert out.splitlines()[-1] == "wrote computer-misuse-act.report.html"


def test_name_contradicting_content_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "act.pdf"
    path.write_text("<!doctype html><html><body><h1>404 Not Found</h1></body></html>")
    code, out, err = run("parse", str(path))
    assert (code, out) == (1, "")
    assert err == (
        "Error: [H108] act.pdf: the name says PDF but the content is HTML\n"
        "  Hint: The file is not what its extension says (a download that saved an error "
        "page?). Download it again, or rename it to the extension of what it really is.\n"
    )


def test_scanned_pdf_error_and_ocr_without_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    code, _, err = run("check", str(path))
    assert code == 1
    assert err == (
        "Error: [H109] scan.pdf: none of its 1 page(s) has a text layer (a scanned document?)\n"
        "  Hint: The PDF is scanned images without text. Run with --ocr (needs OCRmyPDF: "
        "`apt-get install ocrmypdf`, or tesseract: `apt-get install tesseract-ocr`).\n"
    )
    monkeypatch.setattr(ocr_tools.shutil, "which", lambda _: None)
    code, _, err = run("parse", "--ocr", str(path))
    assert code == 1
    assert err.startswith(
        "Error: [H112] scan.pdf: --ocr needs OCRmyPDF or tesseract, and neither is installed "
        "(`apt-get install ocrmypdf`)\n"
    )


def test_encrypted_pdf_error_text(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(statute_pdf(encrypt="secret"))
    code, _, err = run("parse", str(path))
    assert code == 1
    assert err == (
        "Error: [H110] locked.pdf: the PDF is encrypted and needs a password to open\n"
        "  Hint: The PDF needs a password to open. Save an unprotected copy (for example "
        "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and check that.\n"
    )
