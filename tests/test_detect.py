"""`--framework auto`: which model laws a document speaks to, and why.

The screen (a cheap upper bound on what could be located, taken before judging every
provision) must never change a decision: for every labelled statute, the decision taken with
the screen equals the one taken on the full assessment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.checklist import ChecklistRegistry
from harmonise.cli import main
from harmonise.detect import decide, named
from harmonise.match.passages import build_passages
from harmonise.review import _assess_checklist, _process, load_act, review_act, select_frameworks
from harmonise.settings import Settings

LABELLED = Path(__file__).resolve().parents[1] / "corpora" / "labelled"
DP_ACT = LABELLED / "ardenza-data-protection-act-2022.txt"
CYBER_ACT = LABELLED / "beltrania-electronic-crimes-act-2015.txt"


@pytest.fixture(scope="module")
def registry() -> ChecklistRegistry:
    return ChecklistRegistry()


def _auto(path: Path, registry: ChecklistRegistry):
    checklists, detect = select_frameworks(["auto"], registry)
    return review_act(load_act(path, Settings()), checklists, detect=detect)


def test_a_data_protection_act_is_not_reported_against_cybercrime(registry) -> None:
    review = _auto(DP_ACT, registry)
    decided = {f.id: f for f in review.frameworks}
    assert decided["hipcar-data-protection"].assessed
    assert not decided["hipcar-cybercrime"].assessed
    assert "does not appear to address" in decided["hipcar-cybercrime"].reason
    assert {f.framework for f in review.findings} == {f.id for f in review.frameworks if f.assessed}


def test_a_cybercrime_act_is_assessed_against_cybercrime_with_its_reason(registry) -> None:
    review = _auto(CYBER_ACT, registry)
    decided = {f.id: f for f in review.frameworks}
    assert decided["hipcar-cybercrime"].assessed
    assert decided["hipcar-cybercrime"].reason  # the title, or what was found
    assert not decided["hipcar-access-to-information"].assessed


def test_json_lists_every_framework_considered_with_assessed_and_reason(tmp_path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        main, ["check", str(DP_ACT), "--framework", "auto", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    considered = {f["id"]: f for f in data["frameworks"]}
    assert len(considered) >= 8
    assert all(isinstance(f["assessed"], bool) and f["reason"] for f in considered.values())
    assessed = {i for i, f in considered.items() if f["assessed"]}
    assert {f["framework"] for f in data["findings"]} == assessed


@pytest.mark.parametrize("path", sorted(LABELLED.glob("*.txt")), ids=lambda p: p.name.split("-")[0])
def test_the_screen_never_changes_a_decision(path: Path, registry) -> None:
    settings = Settings()
    act = load_act(path, settings)
    checklists, detect = select_frameworks(["auto"], registry)
    screened = {f.id: f.assessed for f in review_act(act, checklists, detect=detect).frameworks}
    passages = build_passages(act)
    _process(passages)
    for loaded in checklists:
        full = _assess_checklist(act, loaded, passages, settings)
        decision = named(loaded.checklist, act) or decide(loaded.checklist, full, act, settings)
        assert screened[loaded.checklist.id] == decision.assessed, loaded.checklist.id
