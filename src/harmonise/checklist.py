"""The checklist: a model law encoded as provisions and the elements each must have.

A checklist is one YAML file (``models/hipcar/cybercrime.yaml``) validated into the strict
pydantic models below. :func:`load_checklist` reports *every* problem of a broken file at
once, each with its YAML path (``cybercrime.yaml: provisions[3].elements[1].cues: Field
required``); :class:`ChecklistRegistry` finds the packaged checklists and the user's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from harmonise.errors import HarmoniseError

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


#: libyaml's safe loader where PyYAML was built with it (about 10x faster), else PyYAML's.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verification(StrEnum):
    """How far an entry of the reference was checked against a source (see shared/reference)."""

    VERIFIED = "verified"
    CORROBORATED = "corroborated"
    UNVERIFIED = "unverified"


class ProvisionKind(StrEnum):
    PRELIMINARY = "preliminary"
    DEFINITIONS = "definitions"
    OFFENCE = "offence"
    JURISDICTION = "jurisdiction"
    EVIDENCE = "evidence"
    PROCEDURE = "procedure"
    LIABILITY = "liability"
    INSTITUTION = "institution"
    RIGHT = "right"
    DUTY = "duty"
    EXEMPTION = "exemption"
    ENFORCEMENT = "enforcement"
    COOPERATION = "cooperation"
    MISCELLANEOUS = "miscellaneous"


class ElementRole(StrEnum):
    """What an element contributes. ``core`` elements carry the conduct, power, duty or right
    itself: a national section without any of them does not have the provision at all."""

    CORE = "core"
    MENTAL = "mental"
    QUALIFIER = "qualifier"
    OBJECT = "object"
    CIRCUMSTANCE = "circumstance"
    PENALTY = "penalty"
    SAFEGUARD = "safeguard"
    CONDITION = "condition"
    SCOPE = "scope"


class Framework(Strict):
    id: Slug
    title: Text
    short_title: Text
    year: int = Field(ge=1950, le=2100)
    source: Text = Field(description="Citation of the model text the checklist encodes.")
    verification_note: Text = Field(description="How the entries were checked, and how far.")
    instrument_names: list[Text] = Field(
        default_factory=list,
        description="Names national instruments of this area carry ('Computer Misuse Act'); "
        "a document whose title or long title has one is assessed under --framework auto.",
    )


class Guideline(Strict):
    id: Slug
    title: Text
    text: Text = Field(description="What the guideline asks of national law, in our words.")
    verification: Verification


class DefinedTerm(Strict):
    term: Text
    paraphrase: Text
    variants: list[Text] = Field(default_factory=list)
    verification: Verification


class Element(Strict):
    id: Slug
    label: Text = Field(description="Plain words, used in reports: 'without lawful excuse'.")
    role: ElementRole
    required: bool = True
    cues: list[Text] = Field(min_length=1)
    negative_cues: list[Text] = Field(
        default_factory=list,
        description="Words that, in the same section, show the element is cut down "
        "('offences under this Act' against a power for any offence).",
    )
    see_also: Slug | None = Field(
        None,
        description="Id of another provision of the same checklist whose presence satisfies "
        "this element (preservation is coupled with partial disclosure of traffic data).",
    )


class IndirectRoute(Strict):
    """How a law can reach a provision it has no section for: through another provision's
    element (remaining, through an access offence whose "without authority" covers exceeding
    a permission), optionally only where the interpretation section says so in certain words
    (obtaining data, where "securing access" includes copying it)."""

    via: Text = Field(description="'provision-id/element-id' that must be found.")
    definition_cues: list[Text] = Field(
        default_factory=list,
        description="If given, one of these must occur in the Act's interpretation section.",
    )


class Crosswalk(Strict):
    budapest: list[Text] = Field(default_factory=list)
    commonwealth_2002: list[Text] = Field(default_factory=list)


class Provision(Strict):
    id: Slug
    model_ref: Text = Field(description="Section number in the model text, e.g. '4'.")
    title: Text
    part: Text
    kind: ProvisionKind
    guidelines: list[Slug] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list)
    elements: list[Element] = Field(min_length=1)
    crosswalk: Crosswalk = Field(default_factory=Crosswalk)
    verification: Verification
    optional: bool = Field(False, description="The model leaves it to the state to enact.")
    partly_covered_by: list[IndirectRoute] = Field(
        default_factory=list,
        description="Routes by which a law with no section of its own for this provision "
        "still reaches part of it (partial).",
    )
    note: str | None = None
    recommendation: Text

    @property
    def core_elements(self) -> list[Element]:
        return [e for e in self.elements if e.role is ElementRole.CORE]


class Checklist(Strict):
    framework: Framework
    guidelines: list[Guideline] = Field(default_factory=list)
    terms: list[DefinedTerm] = Field(default_factory=list)
    provisions: list[Provision] = Field(min_length=1)

    @property
    def id(self) -> str:
        return self.framework.id

    def provision(self, provision_id: str) -> Provision:
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise KeyError(provision_id)

    def counts(self) -> dict[str, int]:
        return {
            "provisions": len(self.provisions),
            "elements": sum(len(p.elements) for p in self.provisions),
            "cues": sum(len(e.cues) for p in self.provisions for e in p.elements),
            "terms": len(self.terms),
            "guidelines": len(self.guidelines),
        }


class LoadedChecklist(BaseModel):
    """A checklist plus where it came from and the hash of the bytes it was read from."""

    model_config = ConfigDict(frozen=True)

    checklist: Checklist
    path: str
    sha256: str
    packaged: bool


# --- loading --------------------------------------------------------------------------


def _yaml_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def integrity_problems(checklist: Checklist) -> list[str]:
    """Problems pydantic cannot see field by field: duplicate ids, dangling references."""
    problems: list[str] = []

    def dupes(items: list[tuple[str, str]], what: str) -> None:
        seen: dict[str, str] = {}
        for path, key in items:
            if key in seen:
                problems.append(f"{path}: duplicate {what} {key!r} (first at {seen[key]})")
            else:
                seen[key] = path

    dupes([(f"guidelines[{i}].id", g.id) for i, g in enumerate(checklist.guidelines)], "id")
    dupes([(f"provisions[{i}].id", p.id) for i, p in enumerate(checklist.provisions)], "id")
    dupes(
        [(f"provisions[{i}].model_ref", p.model_ref) for i, p in enumerate(checklist.provisions)],
        "model_ref",
    )
    dupes([(f"terms[{i}].term", t.term.lower()) for i, t in enumerate(checklist.terms)], "term")
    known = {g.id for g in checklist.guidelines}
    for i, p in enumerate(checklist.provisions):
        dupes([(f"provisions[{i}].elements[{j}].id", e.id) for j, e in enumerate(p.elements)], "id")
        for j, gid in enumerate(p.guidelines):
            if gid not in known:
                problems.append(
                    f"provisions[{i}].guidelines[{j}]: unknown guideline {gid!r}"
                    f" (known: {', '.join(sorted(known)) or 'none'})"
                )
        ids = {q.id: q for q in checklist.provisions}
        for j, e in enumerate(p.elements):
            if e.see_also is not None and e.see_also not in ids:
                problems.append(
                    f"provisions[{i}].elements[{j}].see_also: unknown provision {e.see_also!r}"
                )
        for j, route in enumerate(p.partly_covered_by):
            ref = route.via
            pid, _, eid = ref.partition("/")
            if pid not in ids or eid not in {e.id for e in ids[pid].elements}:
                problems.append(
                    f"provisions[{i}].partly_covered_by[{j}].via: unknown element {ref!r}"
                )
        if not p.core_elements:
            problems.append(
                f"provisions[{i}].elements: needs at least one element with role 'core'"
            )
    return problems


def parse_checklist(data: object, name: str) -> Checklist:
    """Validate already-parsed YAML; raise H301 listing every problem with its path."""
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        lines = [f"{name}: {_yaml_path(err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise HarmoniseError(
            "H301", f"{len(lines)} problem(s) in checklist {name}:\n" + "\n".join(lines)
        ) from None
    problems = integrity_problems(checklist)
    if problems:
        lines = [f"{name}: {p}" for p in problems]
        raise HarmoniseError(
            "H301", f"{len(lines)} problem(s) in checklist {name}:\n" + "\n".join(lines)
        )
    return checklist


def load_checklist(path: Path, *, packaged: bool = False) -> LoadedChecklist:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HarmoniseError("H302", f"no checklist file at {path}") from None
    except OSError as exc:
        raise HarmoniseError("H106", f"cannot read {path}: {exc.strerror}") from None
    try:
        data = yaml.load(raw, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise HarmoniseError("H303", f"{path.name}:{where}: {problem}") from None
    checklist = parse_checklist(data, path.name)
    return LoadedChecklist(
        checklist=checklist,
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        packaged=packaged,
    )


#: Sub-folder of a checklist folder that holds crosswalk tables (see crosswalk.py).
CROSSWALK_FOLDER = "crosswalks"


class ChecklistRegistry:
    """All checklists a run can use: the user's folders first, then the packaged ones.

    A user's checklist with the same framework id as a packaged one replaces it; two user
    files with the same id are an error (H304).
    """

    def __init__(self, user_dirs: Iterable[Path] = (), *, packaged_dir: Path | None = None):
        from harmonise.packaged import models_dir

        self._by_id: dict[str, LoadedChecklist] = {}
        for folder in user_dirs:
            folder = Path(folder)
            if not folder.is_dir():
                raise HarmoniseError("H302", f"--checklists folder {folder} does not exist")
            self._add_folder(folder, packaged=False)
        self._add_folder(packaged_dir or models_dir(), packaged=True)

    def _add_folder(self, folder: Path, *, packaged: bool) -> None:
        for path in sorted(folder.rglob("*.yaml")):
            if CROSSWALK_FOLDER in path.relative_to(folder).parts:
                continue  # crosswalks live beside the checklists but are not checklists
            loaded = load_checklist(path, packaged=packaged)
            fid = loaded.checklist.id
            if fid in self._by_id:
                first = self._by_id[fid]
                if first.packaged == packaged:
                    raise HarmoniseError(
                        "H304", f"framework {fid!r} is declared in {first.path} and in {path}"
                    )
                continue  # a user checklist already overrides this packaged one
            self._by_id[fid] = loaded

    def __iter__(self) -> Iterator[LoadedChecklist]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, framework_id: str) -> LoadedChecklist:
        try:
            return self._by_id[framework_id]
        except KeyError:
            known = ", ".join(self._by_id) or "none"
            raise HarmoniseError(
                "H302", f"unknown framework {framework_id!r} (known: {known})"
            ) from None
