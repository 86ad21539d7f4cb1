"""How far two reviewers agree, and where the tool stands between them.

    python benchmarks/gold_agreement.py [corpora/second-reviewer]

A second reviewer labelled some statutes of ``corpora/labelled`` without seeing the gold or
the tool (``*.second.yaml``). For each framework this prints, over the same provisions:
the second reviewer scored against the gold (the agreement two careful people reach, a
ceiling for any tool), the tool against the gold (what ``harmonise eval`` reports), and the
tool against the second reviewer.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

from harmonise.assess import Status
from harmonise.checklist import ChecklistRegistry
from harmonise.evaluation import Score, load_gold, score_pairs
from harmonise.review import review_file

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "corpora" / "labelled"


def _base(ref: str) -> str:
    return ref.split("(")[0].strip().lower()


def _pair(reference: dict, other: dict) -> tuple[Status, Status, bool | None]:
    ok = None
    located = ("addressed", "partial")
    if reference["status"] in located and other["status"] in located and other["sections"]:
        ok = _base(other["sections"][0]) in {_base(s) for s in reference["sections"]}
    return Status(reference["status"]), Status(other["status"]), ok


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpora" / "second-reviewer"
    registry = ChecklistRegistry()
    pairs: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    docs: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.second.yaml")):
        second = yaml.safe_load(path.read_text(encoding="utf-8"))
        fw = second["framework"]
        gold = load_gold(LABELLED / f"{Path(second['document']).stem}.gold.yaml")
        # a reviewer may key labels by model section ("ATI-04") instead of provision id
        by_ref = {p.model_ref: p.id for p in registry.get(fw).checklist.provisions}
        second["labels"] = {by_ref.get(k, k): v for k, v in second["labels"].items()}
        unlabelled = set(gold.frameworks[fw]) - set(second["labels"])
        if unlabelled:
            print(f"skipped {path.name}: no label for {', '.join(sorted(unlabelled))}")
            continue
        review = review_file(LABELLED / second["document"], [fw])
        tool = {
            f.provision: {"status": f.status.value, "sections": f.sections} for f in review.findings
        }
        docs[fw].append(f"{Path(second['document']).stem.split('-')[0]} ({gold.split})")
        for pid, label in gold.frameworks[fw].items():
            g = {"status": label.status.value, "sections": label.sections}
            s = second["labels"][pid]
            s = {"status": s["status"], "sections": s.get("sections") or []}
            pairs[fw]["second vs gold"].append(_pair(g, s))
            pairs[fw]["tool vs gold"].append(_pair(g, tool[pid]))
            pairs[fw]["tool vs second"].append(_pair(s, tool[pid]))
    print(f"{'framework':<32} {'comparison':<15} {'n':>4} {'acc':>6} {'macroF1':>7} "
          f"{'partialF1':>9} {'secAcc':>6}")  # fmt: skip
    total: dict[str, list] = defaultdict(list)
    for fw in sorted(pairs):
        for name, items in pairs[fw].items():
            total[name].extend(items)
            _row(fw, name, score_pairs(items))
        print(f"{'':<32} documents: {', '.join(docs[fw])}")
    for name, items in total.items():
        _row("all", name, score_pairs(items))


def _row(fw: str, name: str, s: Score) -> None:
    sec = "-" if s.section_accuracy is None else f"{s.section_accuracy:.3f}"
    print(f"{fw:<32} {name:<15} {s.n:>4} {s.accuracy:>6.3f} {s.macro_f1:>7.3f} "
          f"{s.per_status['partial'].f1:>9.3f} {sec:>6}")  # fmt: skip


if __name__ == "__main__":
    main()
