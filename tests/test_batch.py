"""Batch: aggregation rules (in force beats bill, union across instruments, repealed
ignored), the regional pages, and the `harmonise batch` command's exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from harmonise.assess import Finding, Status
from harmonise.batch import InstrumentResult, aggregate
from harmonise.cli import main
from harmonise.manifest import Instrument, InstrumentStatus
from harmonise.review import DocumentInfo, FrameworkInfo, Review, Summary

TINY = Path(__file__).parent / "fixtures" / "check" / "tiny-computer-crimes-act.txt"
FW = "hipcar-cybercrime"


def finding(provision: str, status: str, confidence: float = 0.8) -> Finding:
    return Finding(
        framework=FW, provision=provision, model_ref=provision[-1], title=provision.title(),
        part="Part II - Offences", status=Status(status), confidence=confidence,
        sections=["3"] if status != "missing" else [], elements=[], missing_elements=[],
        verification="verified", recommendation="",
    )  # fmt: skip


def fake_review(statuses: dict[str, str], title: str = "Act", confidence: float = 0.8) -> Review:
    found = [finding(p, s, confidence) for p, s in statuses.items()]
    return Review(
        created="2026-01-01 00:00 UTC",
        document=DocumentInfo(source=f"{title}.txt", sha256="0" * 64, title=title, country=None,
                              format="text", sections=3, words=100),
        frameworks=[FrameworkInfo(id=FW, title="HIPCAR Cybercrime", sha256="1" * 64)],
        findings=found, definitions=[], diagnostics=[],
        summary=Summary(**{s.value: sum(f.status is s for f in found) for s in Status}),
    )  # fmt: skip


def result(iso: str, key: str, status: str, statuses: dict[str, str], **kw) -> InstrumentResult:
    inst = Instrument(row=1, country=f"State {iso}", iso=iso, title=key, status=status,
                      file=f"{key}.txt", path=Path(f"/x/{key}.txt"), key=key)  # fmt: skip
    return InstrumentResult(inst, fake_review(statuses, key, **kw))


def test_in_force_beats_bill_and_a_better_bill_shows_as_pending() -> None:
    reg = aggregate("r", [
        result("AAA", "act", "in force", {"p1": "partial", "p2": "addressed"}),
        result("AAA", "bill", "bill", {"p1": "addressed", "p2": "missing"}),
    ])  # fmt: skip
    p1, p2 = reg.cell("AAA", FW, "p1"), reg.cell("AAA", FW, "p2")
    assert (p1.status, p1.instrument, p1.pending, p1.pending_instrument) == (
        Status.PARTIAL,
        "act",
        Status.ADDRESSED,
        "bill",
    )
    assert (p2.status, p2.pending) == (Status.ADDRESSED, None)


def test_a_state_with_only_a_bill_has_nothing_in_force() -> None:
    reg = aggregate("r", [result("BBB", "bill", "bill", {"p1": "addressed"})])
    cell = reg.cell("BBB", FW, "p1")
    assert (cell.status, cell.instrument, cell.pending) == (Status.MISSING, None, Status.ADDRESSED)
    assert reg.countries[0].coverage == {FW: 0}


def test_union_across_instruments_best_evidence_wins() -> None:
    reg = aggregate("r", [
        result("AAA", "one", "in force", {"p1": "addressed", "p2": "missing", "p3": "partial"},
               confidence=0.6),
        result("AAA", "two", "in force", {"p1": "partial", "p2": "addressed", "p3": "partial"},
               confidence=0.9),
    ])  # fmt: skip
    assert [reg.cell("AAA", FW, p).status for p in ("p1", "p2", "p3")] == [
        Status.ADDRESSED,
        Status.ADDRESSED,
        Status.PARTIAL,
    ]
    assert [reg.cell("AAA", FW, p).instrument for p in ("p1", "p2", "p3")] == ["one", "two", "two"]
    assert reg.countries[0].coverage[FW] == round(100 * 2.5 / 3)


def test_repealed_instruments_are_ignored() -> None:
    reg = aggregate("r", [
        result("AAA", "old", "repealed", {"p1": "addressed"}),
        result("AAA", "new", "in force", {"p1": "missing"}),
    ])  # fmt: skip
    cell = reg.cell("AAA", FW, "p1")
    assert (cell.status, cell.instrument) == (Status.MISSING, "new")
    assert [i.status for i in reg.countries[0].instruments] == [
        InstrumentStatus.REPEALED,
        InstrumentStatus.IN_FORCE,
    ]


def test_regional_index_is_the_share_of_states_addressing_a_provision() -> None:
    reg = aggregate("r", [
        result("AAA", "a", "in force", {"p1": "addressed", "p2": "partial"}),
        result("BBB", "b", "in force", {"p1": "addressed", "p2": "addressed"}),
        result("CCC", "c", "in force", {"p1": "missing", "p2": "addressed"}),
        result("DDD", "d", "in force", {"p1": "partial", "p2": "missing"}),
    ])  # fmt: skip
    assert [p.index for p in reg.frameworks[0].provisions] == [0.5, 0.5]


# --- the command, on two tiny statutes -------------------------------------------------


@pytest.fixture
def region(tmp_path: Path) -> Path:
    acts = tmp_path / "acts"
    acts.mkdir()
    shutil.copy(TINY, acts / "marlow-act.txt")
    bill = TINY.read_text(encoding="utf-8").replace("ACT, 2020", "BILL, 2024")
    (acts / "ostra-bill.txt").write_text(bill, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "name: Test <region>\ninstruments:\n"
        "  - {country: Marlow, iso: XML, title: 'Computer <Crimes> Act', year: 2020,"
        " status: in force, file: acts/marlow-act.txt, frameworks: hipcar-cybercrime}\n"
        "  - {country: Ostra, iso: XOS, title: Computer Crimes Bill, year: 2024,"
        " status: bill, file: acts/ostra-bill.txt, frameworks: [hipcar-cybercrime]}\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.slow
def test_batch_writes_the_regional_report(region: Path) -> None:
    out = region / "out"
    res = CliRunner().invoke(
        main, ["batch", str(region / "manifest.yaml"), "-o", str(out), "--no-db"]
    )
    assert res.exit_code == 0, res.output
    assert f"wrote {out / 'index.html'}" in res.output
    assert "XML  Marlow" in res.output  # the summary table
    for name in ("index.html", "countries/XML.html", "countries/XOS.html",
                 "countries/XML/marlow-act.html", "regional.csv", "regional.json",
                 "regional.xlsx"):  # fmt: skip
        assert (out / name).exists(), name
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title.text == "Regional harmonisation: Test <region>"  # escaped, read back
    assert "<region>" not in (out / "index.html").read_text(encoding="utf-8")
    matrix = soup.select_one("#fw-hipcar-cybercrime table.matrix")
    rows = matrix.select("tbody tr")
    assert [r.td.text for r in rows] == ["Marlow", "Ostra"]
    first = rows[0].select("td.cell a")[0]
    assert first["href"] == "countries/XML.html#hipcar-cybercrime--short-title"
    assert "pending" in rows[1].select("td.cell")[0]["class"]  # the bill would improve it
    assert matrix.select_one("tfoot td").text == "Regional index"
    assert not soup.select("link[rel=stylesheet], script[src]")  # self-contained
    country = (out / "countries" / "XML.html").read_text(encoding="utf-8")
    assert "Computer &lt;Crimes&gt; Act" in country
    report = (out / "countries" / "XML" / "marlow-act.html").read_text(encoding="utf-8")
    assert '<script>alert("law text")</script>' not in report


def test_batch_exits_1_when_an_instrument_fails_and_reports_the_rest(region: Path) -> None:
    (region / "acts" / "broken.txt").write_bytes(b"")
    with (region / "manifest.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "  - {country: Ostra, iso: XOS, title: Empty Act, year: 2021,"
            " status: in force, file: acts/broken.txt, frameworks: hipcar-cybercrime}\n"
        )
    out = region / "out"
    res = CliRunner().invoke(
        main, ["batch", str(region / "manifest.yaml"), "-o", str(out), "--no-db"]
    )
    assert res.exit_code == 1
    assert "failed: Ostra: acts/broken.txt: [H102]" in res.output
    assert (out / "index.html").exists()
    assert "Instruments that could not be reviewed" in (out / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_batch_over_a_folder_infers_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "Marlow").mkdir()
    shutil.copy(TINY, tmp_path / "Marlow" / "computer-crimes-act.txt")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(out), "--no-db"])
    assert res.exit_code == 0, res.output
    country = (out / "countries" / "MAR.html").read_text(encoding="utf-8")
    assert "Computer Crimes Act, 2020" in country  # the parsed title replaced the file name's
    assert "<td>2020</td>" in country  # and gave the year the file name lacks


def test_batch_bad_manifest_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("- {country: A, iso: XA, title: T, status: law, file: x}\n")
    res = CliRunner().invoke(main, ["batch", str(tmp_path / "m.yaml"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert res.output.startswith("Error: [H802]")
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_a_process_pool_gives_the_same_regional_picture(region: Path) -> None:
    from harmonise.batch import run_batch
    from harmonise.checklist import ChecklistRegistry
    from harmonise.manifest import load_manifest
    from harmonise.report.html import render_html
    from harmonise.review import Review
    from harmonise.settings import Settings

    manifest = load_manifest(region / "manifest.yaml", ChecklistRegistry())
    serial = aggregate("r", run_batch(manifest, Settings()), created="x")
    seen: list[str] = []
    pooled = run_batch(
        manifest,
        Settings(),
        workers=2,
        render=True,
        on_done=lambda r: seen.append(r.instrument.iso),
    )
    assert sorted(seen) == ["XML", "XOS"]
    assert aggregate("r", pooled, created="x") == serial
    # the reports the workers rendered are the ones the parent would render from the whole
    # review, which comes back compressed beside the slimmed one aggregation reads
    for result in pooled:
        assert result.review is not None and result.html is not None
        whole = Review.model_validate_json(result.review_json())
        assert result.html == render_html(whole, ChecklistRegistry())
        assert not any(f.elements for f in result.review.findings)  # slimmed


@pytest.mark.slow
def test_a_stored_batch_review_rerenders_its_written_report_byte_identical(region: Path) -> None:
    out, db = region / "out", region / "runs.db"
    runner = CliRunner()
    res = runner.invoke(main, ["batch", str(region / "manifest.yaml"), "-o", str(out),
                               "--db", str(db), "--workers", "2"])  # fmt: skip
    assert res.exit_code == 0, res.output
    again = region / "again.html"
    shown = runner.invoke(main, ["runs", "show", "1", "--db", str(db), "-o", str(again)])
    assert shown.exit_code == 0, shown.output
    written = out / "countries" / "XML" / "marlow-act.html"
    assert again.read_bytes() == written.read_bytes()  # the whole review was stored


def test_a_trusted_cell_is_the_validated_one() -> None:
    from harmonise.batch import Cell
    from harmonise.match.penalty import Penalty

    values = dict(country="XAA", framework=FW, provision="p1", status=Status.PARTIAL,
                  confidence=0.5, instrument="act", sections=["3", "4(1)"],
                  penalty=Penalty(imprisonment_months=12), pending=Status.ADDRESSED,
                  pending_instrument="bill")  # fmt: skip
    trusted, validated = Cell.trusted(**values), Cell(**values)  # type: ignore[arg-type]
    assert trusted == validated and repr(trusted) == repr(validated)
    assert trusted.model_fields_set == validated.model_fields_set
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert trusted.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)


def test_the_collector_paused_for_aggregating_comes_back_as_it_was() -> None:
    import gc

    from harmonise.batch import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        aggregate("r", [result("AAA", "act", "in force", {"p1": "addressed"})])
        assert not gc.isenabled()  # left off, as the caller had it
    finally:
        gc.enable()


def test_a_settled_worker_has_its_collector_on_and_its_lasting_objects_frozen() -> None:
    """A pool worker forked while the parent's collector was paused must not stay paused;
    what it builds once (pipeline, checklists, cues) is frozen out of the collector's walks."""
    import gc

    from harmonise.batch import _SETTLED, _settle
    from harmonise.settings import Settings

    settings = Settings()
    _SETTLED.discard(tuple(settings.checklist_dirs))
    was = gc.isenabled()
    gc.disable()
    try:
        _settle(settings)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        _SETTLED.discard(tuple(settings.checklist_dirs))
        if not was:
            gc.disable()
