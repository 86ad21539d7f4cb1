"""Manifests: YAML, CSV and folder layouts; every bad row reported at once (H802)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.checklist import ChecklistRegistry
from harmonise.errors import HarmoniseError
from harmonise.manifest import InstrumentStatus, load_manifest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def registry() -> ChecklistRegistry:
    return ChecklistRegistry()


def _files(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("An Act.\n", encoding="utf-8")


def test_yaml_manifest_loads_with_defaults(tmp_path: Path, registry: ChecklistRegistry) -> None:
    _files(tmp_path, "a.txt", "b.txt")
    (tmp_path / "m.yaml").write_text(
        "name: Region\ninstruments:\n"
        "  - {country: Alba, iso: xal, title: Cybercrime Act, year: 2019, status: In Force,"
        " file: a.txt}\n"
        "  - {country: Alba, iso: XAL, title: Cybercrime Bill, year: '2024', status: bill,"
        " file: b.txt, frameworks: 'hipcar-cybercrime budapest'}\n",
        encoding="utf-8",
    )
    m = load_manifest(tmp_path / "m.yaml", registry)
    a, b = m.instruments
    assert m.name == "Region" and m.countries() == [("XAL", "Alba")]
    assert (a.status, a.frameworks, a.year, a.path) == (
        InstrumentStatus.IN_FORCE,
        ["auto"],
        2019,
        tmp_path / "a.txt",
    )
    assert (b.status, b.frameworks, b.year) == (
        InstrumentStatus.BILL,
        ["hipcar-cybercrime", "budapest"],
        2024,
    )


def test_every_bad_row_is_reported_at_once_with_row_numbers(
    tmp_path: Path, registry: ChecklistRegistry
) -> None:
    _files(tmp_path, "a.txt")
    (tmp_path / "m.yaml").write_text(
        "- {country: Alba, iso: XAL, title: A, year: 2019, status: in force, file: a.txt}\n"
        "- {country: Alba, iso: XAL, title: B, status: in force, file: missing.txt}\n"
        "- {country: Alba, iso: XAL, title: C, status: in force, file: a.txt}\n"
        "- {country: Alba, iso: XAL, title: D, status: enacted, file: a.txt, frameworks: nope}\n"
        "- {country: Bora, iso: XBO, title: E, year: soon, status: bill}\n",
        encoding="utf-8",
    )
    with pytest.raises(HarmoniseError) as err:
        load_manifest(tmp_path / "m.yaml", registry)
    known = ", ".join(sorted(registry.ids()))
    assert err.value.code == "H802"
    assert err.value.message == (
        f"{tmp_path / 'm.yaml'}: 7 problems:\n"
        "  row 2: file not found: missing.txt\n"
        "  row 3: duplicate: a.txt is also row 1\n"
        "  row 4: bad status 'enacted' (allowed: in force, bill, repealed)\n"
        f"  row 4: unknown framework 'nope' (known: all, auto, {known})\n"
        "  row 4: duplicate: a.txt is also row 1\n"
        "  row 5: missing file\n"
        "  row 5: bad year 'soon' (a number such as 2015)"
    )


def test_csv_rows_are_numbered_as_in_a_spreadsheet(
    tmp_path: Path, registry: ChecklistRegistry
) -> None:
    _files(tmp_path, "acts/a.txt")
    (tmp_path / "m.csv").write_text(
        "country,iso,title,year,status,file,frameworks\n"
        "Alba,XAL,Cybercrime Act,2019,in force,acts/a.txt,auto\n"
        "Bora,XBO,Data Act,2020,repealed,acts/none.txt,\n",
        encoding="utf-8",
    )
    with pytest.raises(HarmoniseError) as err:
        load_manifest(tmp_path / "m.csv", registry)
    assert err.value.message.endswith("1 problem:\n  row 3: file not found: acts/none.txt")


def test_a_country_code_names_one_country(tmp_path: Path, registry: ChecklistRegistry) -> None:
    _files(tmp_path, "a.txt", "b.txt")
    (tmp_path / "m.csv").write_text(
        "country,iso,title,status,file\nAlba,XAL,A,in force,a.txt\nAlbion,XAL,B,bill,b.txt\n",
        encoding="utf-8",
    )
    with pytest.raises(HarmoniseError, match="row 3: ISO code XAL is 'Alba' in row 2, here "):
        load_manifest(tmp_path / "m.csv", registry)


def test_a_folder_is_read_as_country_slash_instrument(
    tmp_path: Path, registry: ChecklistRegistry
) -> None:
    _files(tmp_path, "Alba/cybercrime-act-2019.txt", "Alba/cybercrime_bill_2024.docx",
           "XBO/data-protection-act.pdf", "Alba/notes.md")  # fmt: skip
    m = load_manifest(tmp_path, registry)
    rows = [(i.country, i.iso, i.title, i.year, i.status.value, i.file) for i in m.instruments]
    assert rows == [
        ("Alba", "ALB", "Cybercrime Act 2019", 2019, "in force", "Alba/cybercrime-act-2019.txt"),
        ("Alba", "ALB", "Cybercrime Bill 2024", 2024, "bill", "Alba/cybercrime_bill_2024.docx"),
        ("XBO", "XBO", "Data Protection Act", None, "in force", "XBO/data-protection-act.pdf"),
    ]
    assert all(i.inferred and i.frameworks == ["auto"] for i in m.instruments)


def test_unreadable_and_empty_manifests(tmp_path: Path, registry: ChecklistRegistry) -> None:
    (tmp_path / "bad.yaml").write_text("- [unclosed\n", encoding="utf-8")
    with pytest.raises(HarmoniseError) as err:
        load_manifest(tmp_path / "bad.yaml", registry)
    assert err.value.code == "H803"
    (tmp_path / "empty.yaml").write_text("instruments: []\n", encoding="utf-8")
    with pytest.raises(HarmoniseError, match="row -: the manifest lists no instrument"):
        load_manifest(tmp_path / "empty.yaml", registry)
    with pytest.raises(HarmoniseError) as err:
        load_manifest(tmp_path / "nothing.yaml", registry)
    assert err.value.code == "H101"


def test_the_demo_region_manifest_is_valid(registry: ChecklistRegistry) -> None:
    m = load_manifest(ROOT / "corpora" / "region" / "manifest.yaml", registry)
    assert len(m.countries()) >= 6
    assert {i.status for i in m.instruments} >= {InstrumentStatus.IN_FORCE, InstrumentStatus.BILL}


def test_instrument_keys_are_unique_within_a_country_and_iso_codes_safe(
    tmp_path: Path, registry: ChecklistRegistry
) -> None:
    _files(tmp_path, "a/act.txt", "b/act.txt")
    (tmp_path / "m.csv").write_text(
        "country,iso,title,status,file\n"
        "Alba,XAL,A,in force,a/act.txt\nAlba,XAL,B,in force,b/act.txt\n",
        encoding="utf-8",
    )
    assert [i.key for i in load_manifest(tmp_path / "m.csv", registry).instruments] == [
        "act",
        "act-row3",
    ]
    (tmp_path / "bad.csv").write_text(
        "country,iso,title,status,file\nAlba,../x,A,in force,a/act.txt\n", encoding="utf-8"
    )
    with pytest.raises(HarmoniseError, match=r"row 2: bad iso '../x'"):
        load_manifest(tmp_path / "bad.csv", registry)
