"""Crosswalks between frameworks: stored once, validated, consistent with the checklists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harmonise.checklist import ChecklistRegistry
from harmonise.crosswalk import load_crosswalks
from harmonise.errors import HarmoniseError
from harmonise.packaged import models_dir

CROSSWALKS = models_dir() / "crosswalks"


@pytest.fixture(scope="module")
def registry() -> ChecklistRegistry:
    return ChecklistRegistry()


def test_packaged_crosswalks_load_and_every_reference_resolves(registry) -> None:
    tables = {t.id: t for t in load_crosswalks(CROSSWALKS, registry)}
    assert {"cybercrime", "data-protection", "electronic-transactions"} <= set(tables)
    links = tables["cybercrime"].links("hipcar-cybercrime", "illegal-access")
    assert links == {"budapest": ["art-2-illegal-access"], "commonwealth-2002": ["illegal-access"]}


def test_checklist_crosswalk_fields_agree_with_the_table(registry) -> None:
    """Each cybercrime provision's own crosswalk field names the same articles and sections
    as the stored table: one source of truth, checked."""
    (table,) = [t for t in load_crosswalks(CROSSWALKS, registry) if t.id == "cybercrime"]
    budapest = {p.id: p.model_ref for p in registry.get("budapest").checklist.provisions}
    cw = {p.id: f"s.{p.model_ref}" for p in registry.get("commonwealth-2002").checklist.provisions}
    for p in registry.get("hipcar-cybercrime").checklist.provisions:
        links = table.links("hipcar-cybercrime", p.id)
        stated_b = [r for r in p.crosswalk.budapest if r in budapest.values()]
        stated_c = [r for r in p.crosswalk.commonwealth_2002 if r in cw.values()]
        assert sorted(budapest[x] for x in links.get("budapest", [])) == sorted(stated_b), p.id
        assert sorted(cw[x] for x in links.get("commonwealth-2002", [])) == sorted(stated_c), p.id


def test_broken_crosswalk_lists_every_problem(tmp_path: Path, registry) -> None:
    bad = {
        "id": "x",
        "title": "x",
        "source": "test",
        "columns": [{"id": "hipcar-cybercrime"}, {"id": "nope"}],
        "rows": [{"hipcar-cybercrime": ["illegal-access", "no-such"], "other": ["a"]}],
    }
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(HarmoniseError) as info:
        load_crosswalks(tmp_path, registry)
    assert info.value.code == "H305"
    assert info.value.message.splitlines()[1:] == [
        "x.yaml: columns: unknown framework 'nope'",
        "x.yaml: rows[0].hipcar-cybercrime: unknown provision 'no-such'",
        "x.yaml: rows[0].other: not a column of this crosswalk",
    ]
