"""The README's promises: its first two commands, and every command's --help."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli import main

ROOT = Path(__file__).resolve().parents[1]


def first_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_install_and_main_job_then_tests() -> None:
    main_job, tests = first_commands()[:2]
    assert main_job.startswith("pip install . && harmonise ")
    assert tests == "pip install '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "'.[test]'" in ci and "python3 -m pytest" in ci


def test_readme_main_job_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    main_job = first_commands()[0]
    args = shlex.split(main_job.split("&& harmonise ", 1)[1])
    args = [str(ROOT / a) if (ROOT / a).exists() else a for a in args]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = [line.split("wrote ", 1)[1] for line in result.output.splitlines() if "wrote" in line]
    assert written and all((tmp_path / name).exists() for name in written)


def _commands(group, prefix=()):
    yield prefix
    for name, cmd in getattr(group, "commands", {}).items():
        yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(main)), ids=lambda p: " ".join(p) or "main")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_error_code_is_documented() -> None:
    """Each code of the catalogue appears in the README's table, alone or in a range."""
    import re

    from harmonise.errors import CATALOGUE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ranges = [(int(a), int(b)) for a, b in re.findall(r"H(\d{3})-H(\d{3})", readme)]
    missing = [
        code
        for code in CATALOGUE
        if code not in readme and not any(a <= int(code[1:]) <= b for a, b in ranges)
    ]
    assert missing == []
