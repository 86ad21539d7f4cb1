"""`harmonise parse FILE`: outline, --json, and the error contract (exit codes, exact text)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from harmonise.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "structure"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_parse_prints_the_outline() -> None:
    code, out, err = run("parse", str(FIXTURES / "clean-modern.txt"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "DIGITAL SECURITY ACT, 2022  [clean-modern.txt]"
    assert lines[1] == "PART 1  PRELIMINARY"
    assert lines[2].split() == ["1", "Short", "title", "and", "commencement", "2", "subsections"]
    assert "7 sections, 3 parts, 2 schedules, 4 defined terms" in lines
    assert any(x.startswith("Defined terms: computer system (2(1)); data (2(1))") for x in lines)
    assert lines[-1] == "Diagnostics: 0 warnings, 0 info (see --json)"


def test_parse_outline_counts_subsections_and_terms_per_section() -> None:
    _, out, _ = run("parse", str(FIXTURES / "clean-modern.txt"))
    row = next(x for x in out.splitlines() if x.strip().startswith("2 "))
    assert row.split()[1] == "Interpretation"
    assert row.rstrip().endswith("2 subsections, 4 defined terms")


def test_parse_json_is_the_act_tree() -> None:
    code, out, _ = run("parse", "--json", str(FIXTURES / "old-style-notes.txt"))
    assert code == 0
    data = json.loads(out)
    assert data["source"] == "old-style-notes.txt"
    assert "source_offsets" not in data
    sections = [n for n in data["nodes"] if n["kind"] == "section"]
    assert [(n["num"], n["heading"]) for n in sections][:2] == [
        ("1", "Short title"),
        ("2", "Interpretation"),
    ]


def test_parse_json_with_offsets() -> None:
    _, out, _ = run("parse", "--json", "--offsets", str(FIXTURES / "bill-clauses.txt"))
    data = json.loads(out)
    assert len(data["source_offsets"]) == len(data["text"])


def test_parse_missing_file() -> None:
    code, out, err = run("parse", "no/such/law.txt")
    assert code == 1
    assert out == ""
    assert err == (
        "Error: [H101] no/such/law.txt: no such file\n"
        "  Hint: Check the path; it is read relative to the current folder.\n"
    )


def test_parse_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run("parse", str(path))
    assert code == 1
    assert err == (
        "Error: [H102] empty.txt: the file is empty\n"
        "  Hint: The file has no text. Is it the right file?\n"
    )


def test_parse_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "law.dat"  # no known format's signature (a PDF: see test_ingest_pdf)
    path.write_bytes(b"BIN-1.7\n\x00\x00binary")
    code, _, err = run("parse", str(path))
    assert code == 1
    assert err == (
        "Error: [H103] law.dat: contains a NUL byte at offset 8\n"
        "  Hint: The file looks binary, and is not a PDF or DOCX either. Supported: PDF, DOCX, "
        "HTML, Akoma Ntoso XML and plain text (UTF-8, cp1252, latin-1).\n"
    )


def test_parse_usage_error_exits_2() -> None:
    code, _, err = run("parse")
    assert code == 2
    assert "Missing argument 'FILE'" in err


def test_parse_help() -> None:
    code, out, _ = run("parse", "--help")
    assert code == 0
    assert "Parse a statute and print its outline" in out
