"""Saving runs and reading them back; comparing two stored reviews."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from harmonise import __version__
from harmonise.errors import HarmoniseError
from harmonise.review import Review


@dataclass
class ReviewRecord:
    """What a run stores for one review beyond the Review itself."""

    review: Review
    country: str | None = None
    iso: str | None = None
    instrument: str | None = None
    instrument_status: str | None = None
    html_sha256: str | None = None
    review_json: str | None = None  # the whole review, where ``review`` is a slimmed copy


@dataclass
class StoredReview:
    id: int
    run_id: int
    kind: str
    created: str
    label: str
    country: str | None
    iso: str | None
    instrument: str | None
    instrument_status: str | None
    source: str
    document_sha256: str
    summary: dict[str, int]
    html_sha256: str | None
    review_json: str | None = None

    @property
    def review(self) -> Review:
        if self.review_json is None:
            raise ValueError("review not loaded")
        return Review.model_validate_json(self.review_json)


@dataclass
class ProvisionChange:
    framework: str
    provision: str
    model_ref: str
    title: str
    before: str | None  # None: not assessed in that review
    after: str | None


_COLUMNS = (
    "r.id, r.run_id, runs.kind, runs.created, runs.label, r.country, r.iso, r.instrument, "
    "r.instrument_status, r.source, r.document_sha256, r.summary, r.html_sha256"
)


class RunStore:
    """Run history over an open connection (see :func:`harmonise.store.open_store`)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def save_run(
        self,
        kind: str,
        label: str,
        records: Sequence[ReviewRecord],
        *,
        strategy: str,
        regional_json: str | None = None,
    ) -> int:
        """Store a run and its reviews in one transaction: all of it, or nothing."""
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                "INSERT INTO runs (kind, created, label, tool_version, strategy, regional_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (kind, created, label, __version__, strategy, regional_json),
            )
            run_id = int(cur.lastrowid or 0)
            for record in records:
                self._insert_review(run_id, record)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise HarmoniseError("H601", f"cannot store the run: {exc}") from None
            raise
        return run_id

    def _insert_review(self, run_id: int, rec: ReviewRecord) -> None:
        rv = rec.review
        cur = self.conn.execute(
            "INSERT INTO reviews (run_id, country, iso, instrument, instrument_status, source, "
            "document_sha256, tool_version, strategy, summary, review_json, html_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                rec.country or rv.document.country,
                rec.iso,
                rec.instrument or rv.document.title,
                rec.instrument_status,
                rv.document.source,
                rv.document.sha256,
                rv.tool.version,
                rv.tool.strategy,
                rv.summary.model_dump_json(),
                rec.review_json or rv.model_dump_json(),
                rec.html_sha256,
            ),
        )
        review_id = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO review_checklists (review_id, framework, sha256, assessed) "
            "VALUES (?, ?, ?, ?)",
            [(review_id, fw.id, fw.sha256, int(fw.assessed)) for fw in rv.frameworks],
        )

    def list_reviews(self, limit: int | None = None) -> list[StoredReview]:
        sql = f"SELECT {_COLUMNS} FROM reviews r JOIN runs ON runs.id = r.run_id ORDER BY r.id"
        rows = self.conn.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [_stored(row) for row in rows]

    def get_review(self, review_id: int) -> StoredReview:
        row = self.conn.execute(
            f"SELECT {_COLUMNS}, r.review_json FROM reviews r JOIN runs ON runs.id = r.run_id "
            "WHERE r.id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            raise HarmoniseError("H602", f"no stored review with id {review_id}")
        return _stored(row[:-1], row[-1])

    def get_regional(self, run_id: int) -> tuple[str, str, str]:
        """(label, created, regional JSON) of a stored batch run."""
        row = self.conn.execute(
            "SELECT label, created, regional_json FROM runs WHERE id = ? AND kind = 'batch'",
            (run_id,),
        ).fetchone()
        if row is None or row[2] is None:
            raise HarmoniseError("H602", f"no stored batch run with id {run_id}")
        return row[0], row[1], row[2]

    def counts(self) -> tuple[int, int]:
        """(runs, reviews) stored."""
        runs = self.conn.execute("SELECT count(*) FROM runs").fetchone()[0]
        reviews = self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        return int(runs), int(reviews)


def _stored(row: tuple, review_json: str | None = None) -> StoredReview:
    names = ("id", "run_id", "kind", "created", "label", "country", "iso", "instrument",
             "instrument_status", "source", "document_sha256")  # fmt: skip
    values = dict(zip(names, row[:-2], strict=True))
    return StoredReview(
        **values, summary=json.loads(row[-2]), html_sha256=row[-1], review_json=review_json
    )


def diff_reviews(a: Review, b: Review) -> list[ProvisionChange]:
    """Provisions whose status differs between two reviews (in b's order, then a's)."""
    before = {(f.framework, f.provision): f for f in a.findings}
    after = {(f.framework, f.provision): f for f in b.findings}
    changes: list[ProvisionChange] = []
    for key in [*after, *(k for k in before if k not in after)]:
        fa, fb = before.get(key), after.get(key)
        sa = fa.status.value if fa else None
        sb = fb.status.value if fb else None
        if sa != sb:
            f = fb or fa
            assert f is not None
            changes.append(ProvisionChange(f.framework, f.provision, f.model_ref, f.title, sa, sb))
    return changes
