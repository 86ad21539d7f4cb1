"""Crosswalks: which provisions of different model laws correspond.

Stored once per family of frameworks in ``models/crosswalks/*.yaml`` (never copied into every
provision by hand) and validated against the checklists: every framework column must name a
known framework and every reference in it one of that framework's provision ids. External
instruments that harmonise has no checklist for (GDPR, UNCITRAL model laws) are columns too,
with free-text references such as "Art. 6".

    id: cybercrime
    title: HIPCAR Cybercrime, Budapest Convention and Commonwealth Model Law
    columns:
      - {id: hipcar-cybercrime}
      - {id: budapest}
      - {id: gdpr, external: "EU General Data Protection Regulation 2016/679"}
    rows:
      - {hipcar-cybercrime: [illegal-access], budapest: [art-2-illegal-access]}
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    external: str | None = Field(
        None, description="Title of an instrument harmonise has no checklist for."
    )


class CrosswalkTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    source: str = Field(description="Where the correspondences come from.")
    columns: list[Column] = Field(min_length=2)
    rows: list[dict[str, list[str]]]

    def links(self, framework: str, provision: str) -> dict[str, list[str]]:
        """Every other column's references for one provision (all rows that name it)."""
        out: dict[str, list[str]] = {}
        for row in self.rows:
            if provision in row.get(framework, []):
                for col, refs in row.items():
                    if col != framework:
                        out.setdefault(col, [])
                        out[col].extend(r for r in refs if r not in out[col])
        return out


def validate_table(table: CrosswalkTable, registry: ChecklistRegistry, name: str) -> list[str]:
    problems: list[str] = []
    known_cols = {c.id for c in table.columns}
    internal = {c.id for c in table.columns if c.external is None}
    ids = set(registry.ids())
    for c in table.columns:
        if c.external is None and c.id not in ids:
            problems.append(f"{name}: columns: unknown framework {c.id!r}")
    provisions = {
        fid: {p.id for p in registry.get(fid).checklist.provisions} for fid in internal & ids
    }
    for i, row in enumerate(table.rows):
        for col, refs in row.items():
            if col not in known_cols:
                problems.append(f"{name}: rows[{i}].{col}: not a column of this crosswalk")
            elif col in provisions:
                problems.extend(
                    f"{name}: rows[{i}].{col}: unknown provision {ref!r}"
                    for ref in refs
                    if ref not in provisions[col]
                )
    return problems


def load_crosswalks(folder: Path, registry: ChecklistRegistry) -> list[CrosswalkTable]:
    """Load and validate every crosswalk in ``folder``; raise H305 listing all problems."""
    tables: list[CrosswalkTable] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            table = CrosswalkTable.model_validate(yaml.safe_load(path.read_text("utf-8")))
        except (ValidationError, yaml.YAMLError) as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        problems.extend(validate_table(table, registry, path.name))
        tables.append(table)
    if problems:
        raise HarmoniseError(
            "H305", f"{len(problems)} problem(s) in crosswalks:\n" + "\n".join(problems)
        )
    return tables
