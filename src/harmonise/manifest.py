"""A manifest: the instruments of a region, one row each, for ``harmonise batch``.

A manifest is a YAML file (a list of rows, or a mapping with ``name`` and ``instruments``),
a CSV file with a header row, or a folder laid out ``COUNTRY/instrument.ext`` from which
the rows are inferred. Every row names a country (name and ISO code), the instrument's
title, year and status (``in force``, ``bill`` or ``repealed``), its file (relative to the
manifest) and optionally the frameworks to check (ids, ``all`` or ``auto``; default auto).

Every bad row is reported at once, with its row number, before any work starts (H802).
Row numbers count the instruments from 1 in YAML; in CSV they are the spreadsheet's row
numbers (the header is row 1, the first instrument row 2).
"""

from __future__ import annotations

import csv
import io
import re
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError

#: File types a folder manifest picks up (what ``harmonise check`` reads).
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".xml")
COLUMNS = ("country", "iso", "title", "year", "status", "file", "frameworks")
_REQUIRED = ("country", "iso", "title", "status", "file")


class InstrumentStatus(StrEnum):
    IN_FORCE = "in force"
    BILL = "bill"
    REPEALED = "repealed"


class Instrument(BaseModel):
    """One row of a manifest, validated; ``path`` is resolved against the manifest."""

    row: int
    country: str
    iso: str
    title: str
    year: int | None = None
    status: InstrumentStatus
    file: str
    path: Path
    frameworks: list[str] = Field(default_factory=lambda: ["auto"])
    inferred: bool = Field(False, description="Title and status guessed from a folder layout.")
    key: str = Field("", description="File-name-safe id, unique within the country.")


class Manifest(BaseModel):
    name: str
    source: str
    instruments: list[Instrument]

    def countries(self) -> list[tuple[str, str]]:
        """(iso, name) of every country, in manifest order."""
        seen: dict[str, str] = {}
        for inst in self.instruments:
            seen.setdefault(inst.iso, inst.country)
        return list(seen.items())


def load_manifest(path: Path, registry: ChecklistRegistry) -> Manifest:
    """Read and validate a manifest file or folder; raise H802 listing every bad row."""
    if not path.exists():
        raise HarmoniseError("H101", f"manifest not found: {path}")
    if path.is_dir():
        rows, name = infer_rows(path), path.resolve().name
        base = path
    else:
        rows, name = _read_rows(path)
        base = path.parent
    instruments, problems = _validate(rows, base, registry)
    if not instruments and not problems:
        problems.append(("-", "the manifest lists no instrument"))
    if problems:
        lines = [f"  row {row}: {text}" for row, text in problems]
        noun = "problem" if len(problems) == 1 else "problems"
        raise HarmoniseError("H802", f"{path}: {len(problems)} {noun}:\n" + "\n".join(lines))
    return Manifest(name=name, source=str(path), instruments=instruments)


def _read_rows(path: Path) -> tuple[list[tuple[int, dict]], str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise HarmoniseError("H803", f"cannot read manifest {path}: {exc}") from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = [
            (i + 2, {(k or "").strip().lower(): (v or "").strip() for k, v in r.items()})
            for i, r in enumerate(reader)
        ]
        return rows, path.stem
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise HarmoniseError("H803", f"{path}: not valid YAML: {exc}") from None
    name = path.stem
    if isinstance(data, dict):
        name = str(data.get("name") or name)
        data = data.get("instruments")
    if not isinstance(data, list):
        raise HarmoniseError(
            "H803", f"{path}: expected a list of instruments (or a mapping with 'instruments')"
        )
    return [(i + 1, r if isinstance(r, dict) else {"_": r}) for i, r in enumerate(data)], name


def _frameworks(value: object) -> list[str]:
    if value is None or value == "":
        return ["auto"]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in re.split(r"[\s;,]+", str(value)) if v]


def _status(value: object) -> InstrumentStatus | None:
    text = re.sub(r"[\s_-]+", " ", str(value or "")).strip().lower()
    try:
        return InstrumentStatus(text)
    except ValueError:
        return None


def _validate(
    rows: list[tuple[int, dict]], base: Path, registry: ChecklistRegistry
) -> tuple[list[Instrument], list[tuple[int | str, str]]]:
    known = set(registry.ids())
    problems: list[tuple[int | str, str]] = []
    out: list[Instrument] = []
    seen_files: dict[Path, int] = {}
    seen_titles: dict[tuple[str, str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for row, raw in rows:
        found: list[str] = []
        if "_" in raw:
            problems.append((row, "expected a mapping of country, iso, title, status, file"))
            continue
        unknown = sorted(set(raw) - set(COLUMNS) - {"inferred"})
        if unknown:
            found.append(f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(COLUMNS)})")
        missing = [k for k in _REQUIRED if raw.get(k) in (None, "")]
        if missing:
            found.append(f"missing {', '.join(missing)}")
        status = _status(raw.get("status"))
        if raw.get("status") not in (None, "") and status is None:
            found.append(f"bad status {raw.get('status')!r} (allowed: in force, bill, repealed)")
        year = raw.get("year")
        if year not in (None, ""):
            try:
                year = int(year)
            except (TypeError, ValueError):
                found.append(f"bad year {year!r} (a number such as 2015)")
        else:
            year = None
        frameworks = _frameworks(raw.get("frameworks"))
        bad = [f for f in frameworks if f not in known and f not in ("all", "auto")]
        if bad:
            found.append(
                f"unknown framework {', '.join(repr(b) for b in bad)} "
                f"(known: all, auto, {', '.join(sorted(known))})"
            )
        path = None
        if raw.get("file"):
            path = (base / str(raw["file"])).resolve()
            if not path.exists():
                found.append(f"file not found: {raw['file']}")
            elif path in seen_files:
                found.append(f"duplicate: {raw['file']} is also row {seen_files[path]}")
            else:
                seen_files[path] = row
        iso = str(raw.get("iso") or "").strip().upper()
        if iso and not _ISO.fullmatch(iso):
            found.append(f"bad iso {raw.get('iso')!r} (letters and digits, e.g. LCA or LC)")
        country = str(raw.get("country") or "").strip()
        if iso and country:
            if iso in names and names[iso][0] != country:
                found.append(
                    f"ISO code {iso} is {names[iso][0]!r} in row {names[iso][1]}, here {country!r}"
                )
            names.setdefault(iso, (country, row))
        ident = (iso, str(raw.get("title") or "").strip().lower(), str(year))
        if all(ident[:2]) and ident in seen_titles and not any("duplicate" in f for f in found):
            found.append(f"duplicate: same country, title and year as row {seen_titles[ident]}")
        seen_titles.setdefault(ident, row)
        if found:
            problems.extend((row, text) for text in found)
            continue
        assert status is not None and path is not None
        out.append(
            Instrument(
                row=row,
                country=country,
                iso=iso,
                title=str(raw["title"]).strip(),
                year=year,
                status=status,
                file=str(raw["file"]),
                path=path,
                frameworks=frameworks,
                inferred=bool(raw.get("inferred")),
            )
        )
    keys: set[tuple[str, str]] = set()
    for inst in out:
        slug = re.sub(r"[^a-z0-9]+", "-", Path(inst.file).stem.lower()).strip("-") or "act"
        inst.key = slug if (inst.iso, slug) not in keys else f"{slug}-row{inst.row}"
        keys.add((inst.iso, inst.key))
    return out, problems


_ISO = re.compile(r"[A-Z0-9]{1,8}")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def infer_rows(folder: Path) -> list[tuple[int, dict]]:
    """Rows for a folder laid out ``COUNTRY/instrument.ext``: the country from the folder
    (its ISO code is the folder name when that is 2-3 letters, else its first three
    letters), the title and year from the file name; a name that says "bill" is a bill.
    ``harmonise batch`` replaces an inferred title by the one the parsed text gives."""
    rows: list[tuple[int, dict]] = []
    countries = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    for country in countries:
        files = sorted(
            p
            for p in country.iterdir()
            if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")
        )
        name = country.name.replace("_", " ").replace("-", " ").strip()
        letters = re.sub(r"[^A-Za-z]", "", name)
        iso = letters.upper() if 2 <= len(letters) <= 3 else letters[:3].upper()
        for f in files:
            stem = f.stem.replace("_", " ").replace("-", " ")
            year = _YEAR.search(stem)
            rows.append(
                (
                    len(rows) + 1,
                    {
                        "country": name if len(letters) > 3 else name.upper(),
                        "iso": iso,
                        "title": " ".join(w.capitalize() for w in stem.split()),
                        "year": int(year.group(1)) if year else None,
                        "status": "bill" if re.search(r"\bbill\b", stem, re.I) else "in force",
                        "file": f.relative_to(folder).as_posix(),
                        "frameworks": "auto",
                        "inferred": True,
                    },
                )
            )
    return rows
