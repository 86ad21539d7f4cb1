"""Our own labelled statutes (corpora/labelled): parts, sections and defined terms found
match the hand counts under ``structure:`` in each gold file.

The gold counts defined terms in the interpretation section(s) only; a term defined in passing
elsewhere ("In this section, "seize" includes...") is parsed too, so the comparison counts the
sections headed as interpretation sections ("Interpretation", "Interpretation of Part V",
"Definitions"), or, where none is so headed, the section that defines the most terms.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from harmonise.ingest.text import read_text
from harmonise.structure.act import Act, NodeKind
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
        "definitions": _interpretation_terms(act, per_section),
    }
    assert got == {k: want[k] for k in got}
    assert all(s.heading for s in act.sections())  # every section has its heading
    assert not [d for d in act.diagnostics if d.severity == "warning"]


def _interpretation_terms(act: Act, per_section: Counter) -> int:
    headed = {
        s.eid for s in act.sections() if re.search(r"interpret|definition", s.heading or "", re.I)
    }
    counted = [n for eid, n in per_section.items() if eid.split("__subsec")[0] in headed]
    return sum(counted) if counted else max(per_section.values(), default=0)
