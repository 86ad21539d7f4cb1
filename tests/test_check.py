"""`harmonise check`: judging rules on a drafted statute, the JSON contract, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.assess import Status
from harmonise.cli import main
from harmonise.review import Review, review_file

FIXTURE = Path(__file__).parent / "fixtures" / "check" / "tiny-computer-crimes-act.txt"


@pytest.fixture(scope="module")
def review() -> Review:
    return review_file(FIXTURE, ["hipcar-cybercrime"], country="Isle of Marlow (fictional)")


def finding(review: Review, provision: str):
    return next(f for f in review.findings if f.provision == provision)


def test_every_provision_gets_one_finding(review: Review) -> None:
    assert len(review.findings) == 34
    assert sum(review.summary.model_dump().values()) == 34


def test_general_penalty_and_defined_qualifier_are_cited(review: Review) -> None:
    f = finding(review, "illegal-access")
    assert f.status is Status.ADDRESSED
    assert f.sections == ["3(1)", "2(2)", "6"]  # offence first, then definition, penalty
    assert f.penalty is not None and f.penalty.section == "6"
    assert f.penalty.imprisonment_months == 24
    assert f.penalty.fine == "fifty thousand dollars"


def test_remaining_reached_only_through_the_definition_is_partial(review: Review) -> None:
    f = finding(review, "illegal-remaining")
    assert f.status is Status.PARTIAL
    assert f.sections[0] == "3(1)"
    assert any("indirectly" in note for note in f.notes)


def test_child_pornography_without_possession_is_partial(review: Review) -> None:
    f = finding(review, "child-pornography")
    assert f.status is Status.PARTIAL
    assert f.sections == ["4(1)"]
    assert any("possess" in m for m in f.missing_elements)
    assert f.penalty is not None and f.penalty.imprisonment_months == 120


def test_power_cut_down_to_offences_under_this_act_is_partial(review: Review) -> None:
    f = finding(review, "search-and-seizure")
    assert f.status is Status.PARTIAL
    assert any("cut down by 'offence under this Act'" in note for note in f.notes)


def test_expressly_excluded_powers_are_missing(review: Review) -> None:
    for pid in ("interception-of-content-data", "collection-of-traffic-data"):
        f = finding(review, pid)
        assert f.status is Status.MISSING, pid
        assert f.sections == []


def test_missing_provision_names_the_closest_section_or_none(review: Review) -> None:
    f = finding(review, "hosting-provider")
    assert f.status is Status.MISSING
    assert f.missing_elements


def test_defined_terms(review: Review) -> None:
    terms = {t.term.lower(): t for t in review.definitions}
    assert terms["computer system"].found and terms["computer system"].section == "2(1)"
    assert not terms["traffic data"].found


def test_json_validates_against_the_model(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["check", str(FIXTURE), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "harmonise"
    assert data["frameworks"][0]["id"] == "hipcar-cybercrime"
    review = Review.model_validate(data)
    assert review.document.source == FIXTURE.name
    assert {"addressed", "partial", "missing"} == set(data["summary"])


def test_cli_writes_html_by_default_and_prints_a_summary(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("tiny-computer-crimes-act.txt: ")
    assert (tmp_path / "tiny-computer-crimes-act.report.html").exists()


def test_cli_stdout_outputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURE), "--json", "-"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["source"] == FIXTURE.name
    result = CliRunner().invoke(main, ["check", str(FIXTURE), "-o", "-"])
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_cli_missing_file_is_a_coded_error() -> None:
    result = CliRunner().invoke(main, ["check", "nope.txt"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [H101] ")


def test_cli_unknown_framework() -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURE), "--framework", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [H302] unknown framework 'nope'")


def test_cli_unwritable_output(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "r.html"
    result = CliRunner().invoke(main, ["check", str(FIXTURE), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: [H501] cannot write the HTML report to {target}")
