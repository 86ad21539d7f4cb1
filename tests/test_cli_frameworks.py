"""`harmonise frameworks ...`, `--version` and the CLI's error contract."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from harmonise import __version__
from harmonise.cli import main
from tests.test_checklist import minimal_checklist, write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"harmonise, version {__version__}"


def test_frameworks_lists_cybercrime() -> None:
    code, out, _ = run("frameworks")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("hipcar-cybercrime"))
    assert line.split()[1] == "34"


def test_frameworks_json() -> None:
    code, out, _ = run("frameworks", "--json")
    assert code == 0
    rows = json.loads(out)
    cyber = next(r for r in rows if r["id"] == "hipcar-cybercrime")
    assert cyber["provisions"] == 34
    assert cyber["source"] == "packaged"


def test_frameworks_show_table() -> None:
    code, out, _ = run("frameworks", "show", "hipcar-cybercrime")
    assert code == 0
    assert "34 provisions" in out.splitlines()[1]
    assert "s.4    Illegal Access" in out
    assert "[illegal-access; corroborated]" in out


def test_frameworks_show_json_is_the_checklist() -> None:
    code, out, _ = run("frameworks", "show", "hipcar-cybercrime", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["framework"]["id"] == "hipcar-cybercrime"
    refs = [(p["id"], p["model_ref"]) for p in data["provisions"]]
    assert refs[3] == ("illegal-access", "4")
    assert len(refs) == 34


def test_unknown_framework_is_a_coded_error() -> None:
    code, out, err = run("frameworks", "show", "nope")
    assert code == 1
    assert out == ""
    assert err.startswith("Error: [H302] unknown framework 'nope' (known: ")
    assert "Traceback" not in err


def test_validate_good_file(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_checklist())
    code, out, _ = run("frameworks", "validate", str(path))
    assert code == 0
    assert out == "fw.yaml: OK, framework 'test-fw': 1 provisions, 2 elements, 2 cues\n"


def test_validate_broken_file_lists_problems(tmp_path: Path) -> None:
    data = minimal_checklist()
    del data["provisions"][0]["recommendation"]
    del data["framework"]["year"]
    path = write(tmp_path, data)
    code, _, err = run("frameworks", "validate", str(path))
    assert code == 1
    assert err.splitlines()[:3] == [
        "Error: [H301] 2 problem(s) in checklist fw.yaml:",
        "fw.yaml: framework.year: Field required",
        "fw.yaml: provisions[0].recommendation: Field required",
    ]


def test_validate_missing_file() -> None:
    code, _, err = run("frameworks", "validate", "no-such.yaml")
    assert code == 1
    assert err.startswith("Error: [H302] no checklist file at no-such.yaml")


def test_debug_shows_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "frameworks", "show", "nope"])
    assert result.exit_code == 1
    assert result.exception is not None and "H302" in str(result.exception)


def test_user_checklist_folder(tmp_path: Path) -> None:
    write(tmp_path, minimal_checklist())
    code, out, _ = run("--checklists", str(tmp_path), "frameworks", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["id"] == "test-fw"
    assert rows[0]["source"].endswith("fw.yaml")


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("--checklists", str(tmp_path / "nope"), "frameworks")
    assert code == 1
    assert err.startswith("Error: [H302] --checklists folder ")


def test_usage_error_exits_2() -> None:
    code, _, _ = run("frameworks", "show")
    assert code == 2


def test_yaml_dump_roundtrip_of_minimal() -> None:
    # the fixture itself must stay loadable by the same YAML parser users write with
    assert yaml.safe_load(yaml.safe_dump(minimal_checklist()))["framework"]["id"] == "test-fw"
