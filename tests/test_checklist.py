"""Checklist schema and loader: packaged files load; broken files report every problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harmonise.checklist import ChecklistRegistry, ElementRole, load_checklist
from harmonise.errors import HarmoniseError
from harmonise.packaged import models_dir

PACKAGED = sorted(p for p in models_dir().rglob("*.yaml") if "crosswalks" not in p.parts)


def minimal_checklist() -> dict:
    return {
        "framework": {
            "id": "test-fw",
            "title": "Test framework",
            "short_title": "Test",
            "year": 2012,
            "source": "Our own test data",
            "verification_note": "Made up for tests.",
        },
        "guidelines": [
            {"id": "pg1", "title": "G", "text": "Say things.", "verification": "unverified"}
        ],
        "terms": [{"term": "computer", "paraphrase": "a device", "verification": "unverified"}],
        "provisions": [
            {
                "id": "illegal-access",
                "model_ref": "4",
                "title": "Illegal access",
                "part": "Part II",
                "kind": "offence",
                "guidelines": ["pg1"],
                "verification": "corroborated",
                "recommendation": "Create the offence.",
                "elements": [
                    {"id": "conduct", "label": "accesses", "role": "core", "cues": ["access"]},
                    {"id": "penalty", "label": "penalty", "role": "penalty", "cues": ["fine"]},
                ],
            }
        ],
    }


def write(tmp_path: Path, data: object, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_packaged_checklists_exist() -> None:
    assert any(p.name == "cybercrime.yaml" for p in PACKAGED)


@pytest.mark.parametrize("path", PACKAGED, ids=[p.name for p in PACKAGED])
def test_every_packaged_checklist_loads(path: Path) -> None:
    loaded = load_checklist(path, packaged=True)
    checklist = loaded.checklist
    assert checklist.provisions
    for provision in checklist.provisions:
        assert provision.core_elements, provision.id
    assert len(loaded.sha256) == 64


def test_cybercrime_checklist_is_complete() -> None:
    checklist = ChecklistRegistry().get("hipcar-cybercrime").checklist
    assert [p.model_ref for p in checklist.provisions] == [str(n) for n in range(1, 35)]
    assert len(checklist.guidelines) == 5
    assert len(checklist.terms) == 19
    offences = [p for p in checklist.provisions if p.kind == "offence"]
    assert len(offences) == 15
    for offence in offences:
        roles = {e.role for e in offence.elements}
        assert {ElementRole.CORE, ElementRole.MENTAL, ElementRole.PENALTY} <= roles, offence.id


def test_minimal_checklist_loads(tmp_path: Path) -> None:
    loaded = load_checklist(write(tmp_path, minimal_checklist()))
    assert loaded.checklist.id == "test-fw"
    assert loaded.checklist.counts() == {
        "provisions": 1,
        "elements": 2,
        "cues": 2,
        "terms": 1,
        "guidelines": 1,
    }


def test_broken_checklist_reports_every_problem_with_paths(tmp_path: Path) -> None:
    data = minimal_checklist()
    data["provisions"][0]["elements"][1].pop("cues")
    data["provisions"][0]["kind"] = "offense"
    data["provisions"][0]["colour"] = "red"
    with pytest.raises(HarmoniseError) as info:
        load_checklist(write(tmp_path, data))
    err = info.value
    assert err.code == "H301"
    lines = err.message.splitlines()
    assert lines[0] == "3 problem(s) in checklist fw.yaml:"
    assert "fw.yaml: provisions[0].elements[1].cues: Field required" in lines
    assert any(line.startswith("fw.yaml: provisions[0].kind: Input should be") for line in lines)
    assert "fw.yaml: provisions[0].colour: Extra inputs are not permitted" in lines


def test_duplicate_ids_and_dangling_guidelines_are_all_reported(tmp_path: Path) -> None:
    data = minimal_checklist()
    twin = dict(data["provisions"][0], model_ref="5", guidelines=["pg9"])
    data["provisions"].append(twin)
    with pytest.raises(HarmoniseError) as info:
        load_checklist(write(tmp_path, data))
    lines = info.value.message.splitlines()
    assert lines[1:] == [
        "fw.yaml: provisions[1].id: duplicate id 'illegal-access' (first at provisions[0].id)",
        "fw.yaml: provisions[1].guidelines[0]: unknown guideline 'pg9' (known: pg1)",
    ]


def test_provision_without_core_element_is_rejected(tmp_path: Path) -> None:
    data = minimal_checklist()
    data["provisions"][0]["elements"][0]["role"] = "mental"
    with pytest.raises(HarmoniseError, match=r"needs at least one element with role 'core'"):
        load_checklist(write(tmp_path, data))


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("framework:\n  id: [unclosed\n", encoding="utf-8")
    with pytest.raises(HarmoniseError) as info:
        load_checklist(path)
    assert info.value.code == "H303"
    assert info.value.message.startswith("bad.yaml: line 3, column 1:")


def test_user_checklist_overrides_packaged_and_is_listed_first(tmp_path: Path) -> None:
    data = minimal_checklist()
    data["framework"]["id"] = "hipcar-cybercrime"
    write(tmp_path, data)
    registry = ChecklistRegistry([tmp_path])
    loaded = registry.get("hipcar-cybercrime")
    assert not loaded.packaged
    assert len(loaded.checklist.provisions) == 1
    assert registry.ids()[0] == "hipcar-cybercrime"


def test_two_user_files_with_one_id_conflict(tmp_path: Path) -> None:
    write(tmp_path, minimal_checklist(), "a.yaml")
    write(tmp_path, minimal_checklist(), "b.yaml")
    with pytest.raises(HarmoniseError) as info:
        ChecklistRegistry([tmp_path])
    assert info.value.code == "H304"


def test_unknown_framework_lists_known_ones() -> None:
    with pytest.raises(HarmoniseError) as info:
        ChecklistRegistry().get("nope")
    assert info.value.code == "H302"
    assert "hipcar-cybercrime" in info.value.message
