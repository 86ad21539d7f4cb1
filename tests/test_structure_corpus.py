"""Our own labelled statutes (corpora/labelled): parts, sections and defined terms found
match the hand counts under ``structure:`` in each gold file.

The gold counts defined terms in the interpretation section only; terms defined in passing
elsewhere ("In this section, "seize" includes...") are parsed too, so the comparison is with
the section that defines the most terms.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from harmonise.ingest.text import read_text
from harmonise.structure.act import NodeKind
from harmonise.structure.parser import parse

LABELLED = Path(__file__).resolve().parents[1] / "corpora" / "labelled"


def cases() -> list[Path]:
    out = []
    for gold in sorted(LABELLED.glob("*.gold.yaml")):
        data = yaml.safe_load(gold.read_text(encoding="utf-8")) or {}
        text = LABELLED / str(data.get("document", ""))
        if "structure" in data and text.is_file():
            out.append(gold)
    return out


@pytest.mark.parametrize("gold", cases(), ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_structure_matches_the_hand_count(gold: Path) -> None:
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    want = data["structure"]
    act = parse(read_text(LABELLED / data["document"]))
    parts = [n for n in act.walk() if n.kind is NodeKind.PART]
    per_section = Counter(d.section_eid for d in act.definitions)
    got = {
        "parts": len(parts),
        "sections": len(act.sections()),
        "definitions": max(per_section.values(), default=0),
    }
    assert got == {k: want[k] for k in got}
    assert all(s.heading for s in act.sections())  # every section has its heading
    assert not [d for d in act.diagnostics if d.severity == "warning"]
