"""The wheel ships the checklists and report templates (pip install ., not only -e)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_checklists_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("harmonise-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in sorted((ROOT / "models").rglob("*.yaml")):
        assert f"harmonise/data/models/{model.relative_to(ROOT / 'models').as_posix()}" in names
    templates = sorted((ROOT / "reports" / "templates").rglob("*.j2"))
    assert templates, "no report templates in the repository"
    for template in templates:
        rel = template.relative_to(ROOT / "reports" / "templates").as_posix()
        assert f"harmonise/data/templates/{rel}" in names
    assert "harmonise/py.typed" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "harmonise = harmonise.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
