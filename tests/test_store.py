"""Run history: migrations, check --db, byte-identical re-rendering, diffs, and writes that
are all-or-nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from harmonise.cli import main
from harmonise.errors import HarmoniseError
from harmonise.store import RunStore, diff_reviews, open_store
from harmonise.store.db import MIGRATIONS
from harmonise.store.runs import ReviewRecord
from tests.test_batch import fake_review

TINY = Path(__file__).parent / "fixtures" / "check" / "tiny-computer-crimes-act.txt"


def test_migrations_are_numbered_and_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    open_store(db).close()
    conn = open_store(db)  # reopening applies nothing twice
    versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [v for v, _ in MIGRATIONS]
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future')")
    conn.close()
    with pytest.raises(HarmoniseError) as err:
        open_store(db)
    assert err.value.code == "H603"


def test_not_a_database_is_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "x.db").write_text("not sqlite " * 200, encoding="utf-8")
    res = CliRunner().invoke(main, ["runs", "list", "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1 and res.output.startswith("Error: [H601] cannot open run history")


@pytest.mark.slow
def test_check_with_db_stores_and_runs_show_rerenders_byte_identical(tmp_path: Path) -> None:
    db, html = tmp_path / "runs.db", tmp_path / "report.html"
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(TINY), "-o", str(html), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f"stored run 1 in {db}" in res.output
    listed = runner.invoke(main, ["runs", "list", "--db", str(db)])
    assert listed.exit_code == 0
    assert "   1    1 check" in listed.output and "tiny-computer-crimes-act.txt" in listed.output
    again = tmp_path / "again.html"
    shown = runner.invoke(main, ["runs", "show", "1", "--db", str(db), "-o", str(again)])
    assert shown.exit_code == 0, shown.output
    assert "note:" not in shown.output
    assert again.read_bytes() == html.read_bytes()
    missing = runner.invoke(main, ["runs", "show", "7", "--db", str(db)])
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: [H602] no stored review with id 7")


def test_check_without_db_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    res = CliRunner().invoke(main, ["check", str(TINY), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_diff_of_two_runs_as_text_and_html(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    older = tmp_path / "act.txt"
    shutil.copy(TINY, older)
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(older), "-o", str(tmp_path / "a.html"),
                                "--db", str(db)]).exit_code == 0  # fmt: skip
    text = TINY.read_text(encoding="utf-8").replace(
        "Illegal access\n3. (1) A person who intentionally and without authority accesses any "
        "computer\nsystem commits an offence.",
        "Misc\n3. (1) Nothing here.",
    )
    assert text != TINY.read_text(encoding="utf-8")
    older.write_text(text, encoding="utf-8")
    assert runner.invoke(main, ["check", str(older), "-o", str(tmp_path / "b.html"),
                                "--db", str(db)]).exit_code == 0  # fmt: skip
    page = tmp_path / "diff.html"
    res = runner.invoke(main, ["runs", "diff", "1", "2", "--db", str(db), "--html", str(page)])
    assert res.exit_code == 0, res.output
    assert "hipcar-cybercrime s.4 Illegal Access: addressed -> missing" in res.output
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    cells = [td.text for td in soup.select("tbody tr")[0].select("td")]
    assert cells[:2] == ["hipcar-cybercrime", "s.4 Illegal Access"]
    same = runner.invoke(main, ["runs", "diff", "1", "1", "--db", str(db)])
    assert "no provision changed status" in same.output


def test_diff_reviews_lists_changed_and_unassessed_provisions() -> None:
    a = fake_review({"p1": "addressed", "p2": "partial", "p3": "missing"})
    b = fake_review({"p1": "addressed", "p2": "addressed", "p4": "missing"})
    got = [(c.provision, c.before, c.after) for c in diff_reviews(a, b)]
    assert got == [("p2", "partial", "addressed"), ("p4", None, "missing"),
                   ("p3", "missing", None)]  # fmt: skip


def test_an_interrupted_write_leaves_no_half_stored_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "runs.db"
    store = RunStore(open_store(db))
    store.save_run("batch", "first", [ReviewRecord(fake_review({"p1": "addressed"}))],
                   strategy="s")  # fmt: skip
    calls = {"n": 0}
    real = RunStore._insert_review

    def crash_on_second(self: RunStore, run_id: int, rec: ReviewRecord) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process killed midway
        real(self, run_id, rec)

    monkeypatch.setattr(RunStore, "_insert_review", crash_on_second)
    records = [ReviewRecord(fake_review({"p1": "partial"}, title=t)) for t in "abc"]
    with pytest.raises(KeyboardInterrupt):
        store.save_run("batch", "second", records, strategy="s")
    store.conn.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM review_checklists").fetchone() == (1,)
    monkeypatch.setattr(RunStore, "_insert_review", real)
    assert RunStore(open_store(db)).save_run("check", "third", records, strategy="s") == 2


@pytest.mark.slow
def test_batch_stores_one_run_with_every_review(tmp_path: Path) -> None:
    (tmp_path / "A").mkdir()
    shutil.copy(TINY, tmp_path / "A" / "act-2020.txt")
    (tmp_path / "B").mkdir()
    shutil.copy(TINY, tmp_path / "B" / "other-act-2021.txt")
    db = tmp_path / "runs.db"
    res = CliRunner().invoke(
        main, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--db", str(db)]
    )
    assert res.exit_code == 0, res.output
    assert f"stored run 1 (2 reviews) in {db}" in res.output
    store = RunStore(open_store(db))
    items = store.list_reviews()
    assert [(s.run_id, s.kind, s.iso) for s in items] == [(1, "batch", "A"), (1, "batch", "B")]
    stored = store.get_review(items[0].id)
    page = tmp_path / "out" / "countries" / "A" / "act-2020.html"
    shown = CliRunner().invoke(main, ["runs", "show", str(stored.id), "--db", str(db)])
    assert shown.output == page.read_text(encoding="utf-8")


def test_diff_of_two_batch_runs_state_by_state(tmp_path: Path) -> None:
    from harmonise.batch import aggregate
    from tests.test_batch import result

    db = tmp_path / "runs.db"
    store = RunStore(open_store(db))
    for statuses in ({"p1": "missing", "p2": "partial"}, {"p1": "addressed", "p2": "partial"}):
        results = [result("XAA", "act", "in force", statuses)]
        reg = aggregate("Region", results)
        records = [ReviewRecord(r.review) for r in results if r.review]
        store.save_run(
            "batch", "Region", records, strategy="s", regional_json=reg.model_dump_json()
        )
    page = tmp_path / "d.html"
    res = CliRunner().invoke(
        main, ["runs", "diff", "1", "2", "--runs", "--db", str(db), "--html", str(page)]
    )
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1:] == [
        "  XAA hipcar-cybercrime s.1 P1: missing -> addressed",
        f"wrote {page}",
    ]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("thead th").text == "State, framework"
    bad = CliRunner().invoke(main, ["runs", "diff", "1", "9", "--runs", "--db", str(db)])
    assert bad.exit_code == 1 and "[H602] no stored batch run with id 9" in bad.output
