"""Accuracy against labelled data: ``harmonise eval corpora/``.

Each ``NAME.gold.yaml`` beside a document labels every provision of one or more checklists
(status, sections), written by hand following shared/reference/judging.md before any tuning.
We report per-status precision, recall and F1, their macro average, and section accuracy:
among provisions that both the gold and harmonise call addressed or partial, the share whose
first reported section is one of the gold sections (compared at section level, so "4(1)"
matches "4"). Documents carry a split (dev or test); thresholds are tuned on dev only.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harmonise.assess import Status
from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError
from harmonise.review import Review, load_act, review_act
from harmonise.settings import Settings


class GoldLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    sections: list[str] = Field(default_factory=list)
    closest: str | None = None
    note: str | None = None


class GoldStructure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parts: int
    sections: int
    definitions: int


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str
    title: str
    country: str
    style: str
    split: str = Field(pattern="^(dev|test)$")
    structure: GoldStructure | None = None
    frameworks: dict[str, dict[str, GoldLabel]]


class StatusScore(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Score(BaseModel):
    """Scores over a set of (gold, predicted) pairs."""

    n: int
    per_status: dict[str, StatusScore]
    macro_f1: float
    accuracy: float
    section_accuracy: float | None
    section_n: int
    confusion: dict[str, dict[str, int]]


class DocResult(BaseModel):
    document: str
    split: str
    framework: str
    score: Score
    errors: list[str] = Field(default_factory=list)


class EvalReport(BaseModel):
    documents: list[DocResult]
    splits: dict[str, Score]
    frameworks: dict[str, dict[str, Score]] = Field(
        default_factory=dict, description="framework id -> split -> scores"
    )
    overall: Score


def _base(ref: str) -> str:
    return ref.split("(")[0].strip().lower()


def score_pairs(pairs: list[tuple[Status, Status, bool | None]]) -> Score:
    """pairs: (gold, predicted, first-section-correct or None when not applicable)."""
    per: dict[str, StatusScore] = {}
    for s in Status:
        tp = sum(g is s and p is s for g, p, _ in pairs)
        fp = sum(g is not s and p is s for g, p, _ in pairs)
        fn = sum(g is s and p is not s for g, p, _ in pairs)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[s.value] = StatusScore(
            precision=round(prec, 3), recall=round(rec, 3), f1=round(f1, 3), support=tp + fn
        )
    present = [s.value for s in Status if per[s.value].support]
    macro = sum(per[s].f1 for s in present) / len(present) if present else 0.0
    sec = [ok for _, _, ok in pairs if ok is not None]
    confusion = {g.value: {p.value: 0 for p in Status} for g in Status}
    for g, p, _ in pairs:
        confusion[g.value][p.value] += 1
    return Score(
        n=len(pairs),
        per_status=per,
        macro_f1=round(macro, 3),
        accuracy=round(sum(g is p for g, p, _ in pairs) / len(pairs), 3) if pairs else 0.0,
        section_accuracy=round(sum(sec) / len(sec), 3) if sec else None,
        section_n=len(sec),
        confusion=confusion,
    )


def load_gold(path: Path) -> GoldFile:
    try:
        return GoldFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise HarmoniseError("H801", f"gold file {path} is invalid: {exc}") from None


def compare(
    review: Review, labels: dict[str, GoldLabel], framework: str
) -> tuple[list[tuple[Status, Status, bool | None]], list[str]]:
    pairs: list[tuple[Status, Status, bool | None]] = []
    errors: list[str] = []
    predicted = {f.provision: f for f in review.findings if f.framework == framework}
    for pid, gold in labels.items():
        finding = predicted.get(pid)
        if finding is None:
            raise HarmoniseError("H801", f"gold names provision {pid!r} unknown to {framework}")
        ok: bool | None = None
        located = (Status.ADDRESSED, Status.PARTIAL)
        if gold.status in located and finding.status in located and finding.sections:
            ok = _base(finding.sections[0]) in {_base(s) for s in gold.sections}
        pairs.append((gold.status, finding.status, ok))
        if gold.status is not finding.status or ok is False:
            got = ",".join(finding.sections) or (
                f"closest {finding.closest.section}" if finding.closest else "-"
            )
            errors.append(
                f"{pid}: gold {gold.status.value} [{','.join(gold.sections)}] "
                f"got {finding.status.value} [{got}]"
            )
    return pairs, errors


def evaluate(
    folder: Path, settings: Settings, registry: ChecklistRegistry, split: str | None = None
) -> EvalReport:
    gold_paths = sorted(folder.rglob("*.gold.yaml"))
    if not gold_paths:
        raise HarmoniseError("H801", f"no *.gold.yaml files under {folder}")
    docs: list[DocResult] = []
    by_split: dict[str, list] = {}
    by_framework: dict[str, dict[str, list]] = {}
    everything: list = []
    for path in gold_paths:
        gold = load_gold(path)
        if split and gold.split != split:
            continue
        act = load_act(path.parent / gold.document, settings)
        for framework, labels in gold.frameworks.items():
            review = review_act(act, [registry.get(framework)], settings=settings, created="eval")
            pairs, errors = compare(review, labels, framework)
            docs.append(
                DocResult(
                    document=gold.document,
                    split=gold.split,
                    framework=framework,
                    score=score_pairs(pairs),
                    errors=errors,
                )
            )
            by_split.setdefault(gold.split, []).extend(pairs)
            by_framework.setdefault(framework, {}).setdefault(gold.split, []).extend(pairs)
            everything.extend(pairs)
    return EvalReport(
        documents=docs,
        splits={k: score_pairs(v) for k, v in sorted(by_split.items())},
        frameworks={
            fw: {k: score_pairs(v) for k, v in sorted(splits.items())}
            for fw, splits in sorted(by_framework.items())
        },
        overall=score_pairs(everything),
    )


def format_report(report: EvalReport, verbose: bool = False) -> str:
    lines: list[str] = []
    header = f"{'document':<48} {'split':<5} {'n':>3} {'acc':>5} {'macroF1':>7} {'secAcc':>6}"
    lines.append(header)
    for d in report.documents:
        s = d.score
        sec = f"{s.section_accuracy:.3f}" if s.section_accuracy is not None else "  -  "
        lines.append(
            f"{d.document[:48]:<48} {d.split:<5} {s.n:>3} {s.accuracy:>5.3f} "
            f"{s.macro_f1:>7.3f} {sec:>6}"
        )
        if verbose:
            lines.extend(f"    {e}" for e in d.errors)
    if len(report.frameworks) > 1:
        lines.append("")
        lines.append(
            f"{'framework':<34} {'split':<5} {'n':>4} {'acc':>5} {'macroF1':>7} "
            f"{'partialF1':>9} {'secAcc':>6}"
        )
        for fw, splits in report.frameworks.items():
            for split_name, s in splits.items():
                sec = f"{s.section_accuracy:.3f}" if s.section_accuracy is not None else "  -  "
                lines.append(
                    f"{fw:<34} {split_name:<5} {s.n:>4} {s.accuracy:>5.3f} {s.macro_f1:>7.3f} "
                    f"{s.per_status['partial'].f1:>9.3f} {sec:>6}"
                )
    for name, s in [*report.splits.items(), ("overall", report.overall)]:
        lines.append("")
        sec = "-" if s.section_accuracy is None else f"{s.section_accuracy:.3f}"
        lines.append(
            f"[{name}] n={s.n} accuracy={s.accuracy:.3f} macro-F1={s.macro_f1:.3f} "
            f"section-accuracy={sec} (n={s.section_n})"
        )
        for status, st in s.per_status.items():
            lines.append(
                f"  {status:<9} P={st.precision:.3f} R={st.recall:.3f} F1={st.f1:.3f} "
                f"support={st.support}"
            )
        lines.append("  confusion (rows gold, columns predicted: addressed partial missing)")
        for g, row in s.confusion.items():
            lines.append(f"    {g:<9} " + " ".join(f"{row[p]:>4}" for p in row))
    return "\n".join(lines)
