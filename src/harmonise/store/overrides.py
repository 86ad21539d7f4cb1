"""Reviewer overrides of a stored review: an append-only audit trail.

A reviewer may set a provision's status (with a note) on a stored review. Every decision is
a new row (who, when, why, what the machine said, a hash of the evidence it was made on);
nothing is updated or deleted, and the newest row per provision is the one in effect.

When the same document is reviewed again, :meth:`OverrideStore.carry_forward` copies the
overrides in effect on the previous review of that document onto the new one, marking those
whose evidence (cited sections and quotes) has changed since the reviewer decided.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass

from harmonise.assess import Finding, Status
from harmonise.errors import HarmoniseError
from harmonise.review import Review


def evidence_sha256(finding: Finding) -> str:
    """What a reviewer's decision rests on: the finding's sections and quoted wording."""
    payload = {
        "sections": finding.sections,
        "quotes": [[e.section, e.quote] for e in finding.evidence],
        "elements": [[e.id, e.found, e.section, e.quote] for e in finding.elements],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass
class Override:
    id: int
    review_id: int
    framework: str
    provision: str
    status: str
    machine_status: str
    note: str
    reviewer: str
    created: str
    evidence_sha256: str
    carried_from: int | None
    evidence_changed: bool

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


_COLUMNS = (
    "id, review_id, framework, provision, status, machine_status, note, reviewer, created, "
    "evidence_sha256, carried_from, evidence_changed"
)


def _override(row: tuple) -> Override:
    names = _COLUMNS.split(", ")
    values = dict(zip(names, row, strict=True))
    values["evidence_changed"] = bool(values["evidence_changed"])
    return Override(**values)


class OverrideStore:
    """Overrides over an open run-history connection (see :func:`open_store`)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def add(
        self,
        review_id: int,
        review: Review,
        framework: str,
        provision: str,
        status: str,
        *,
        note: str,
        reviewer: str,
    ) -> Override:
        """Record a reviewer's decision on one provision of a stored review."""
        finding = next(
            (f for f in review.findings if (f.framework, f.provision) == (framework, provision)),
            None,
        )
        if finding is None:
            raise HarmoniseError(
                "H706", f"review {review_id} has no finding for {framework}/{provision}"
            )
        if status not in {s.value for s in Status}:
            raise HarmoniseError(
                "H706", f"status {status!r} is not one of addressed, partial, missing"
            )
        row = (
            review_id,
            framework,
            provision,
            status,
            finding.status.value,
            note,
            reviewer,
            _now(),
            evidence_sha256(finding),
            None,
            0,
        )
        return self._insert([row])[0]

    def _insert(self, rows: list[tuple]) -> list[Override]:
        out: list[Override] = []
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for row in rows:
                cur = self.conn.execute(
                    f"INSERT INTO overrides ({_COLUMNS.split(', ', 1)[1]}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                out.append(_override((int(cur.lastrowid or 0), *row)))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise HarmoniseError("H601", f"cannot store the override: {exc}") from None
        return out

    def history(self, review_id: int) -> list[Override]:
        """Every override ever recorded on a review, oldest first (the audit trail)."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM overrides WHERE review_id = ? ORDER BY id", (review_id,)
        ).fetchall()
        return [_override(r) for r in rows]

    def current(self, review_id: int) -> dict[tuple[str, str], Override]:
        """The override in effect per (framework, provision): the newest."""
        return {(o.framework, o.provision): o for o in self.history(review_id)}

    def previous_review(self, review_id: int, sha256: str, source: str, country: str | None):
        """The newest earlier review of the same document (same bytes, else same name and
        country), or None."""
        row = self.conn.execute(
            "SELECT id FROM reviews WHERE id < ? AND (document_sha256 = ? OR "
            "(source = ? AND coalesce(country, '') = coalesce(?, ''))) ORDER BY id DESC LIMIT 1",
            (review_id, sha256, source, country),
        ).fetchone()
        return int(row[0]) if row else None

    def carry_forward(self, old_review_id: int, new_review_id: int, review: Review) -> int:
        """Copy the overrides in effect on ``old_review_id`` onto the new review; flag those
        whose evidence changed. Returns how many were carried."""
        findings = {(f.framework, f.provision): f for f in review.findings}
        rows = []
        for key, o in self.current(old_review_id).items():
            f = findings.get(key)
            if f is None:
                continue  # the provision is not assessed any more: the override no longer applies
            digest = evidence_sha256(f)
            rows.append(
                (
                    new_review_id,
                    o.framework,
                    o.provision,
                    o.status,
                    f.status.value,
                    o.note,
                    o.reviewer,
                    o.created,
                    digest,
                    o.id,
                    int(digest != o.evidence_sha256 or o.evidence_changed),
                )
            )
        return len(self._insert(rows)) if rows else 0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def assessed_frameworks(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """review id -> the frameworks it assessed (for filtering the run history)."""
    out: dict[int, list[str]] = {}
    for review_id, framework in conn.execute(
        "SELECT review_id, framework FROM review_checklists WHERE assessed = 1 ORDER BY framework"
    ):
        out.setdefault(int(review_id), []).append(framework)
    return out


def override_counts(conn: sqlite3.Connection) -> dict[int, int]:
    """review id -> how many provisions a reviewer has overruled on it."""
    sql = (
        "SELECT review_id, count(DISTINCT framework || '/' || provision) FROM overrides "
        "GROUP BY review_id"
    )
    return {int(r): int(n) for r, n in conn.execute(sql)}


def reviews_of_run(conn: sqlite3.Connection, run_id: int) -> list[int]:
    return [int(r) for (r,) in conn.execute("SELECT id FROM reviews WHERE run_id = ?", (run_id,))]


def save_akn(conn: sqlite3.Connection, review_id: int, xml: bytes) -> None:
    """Keep the parsed Act (Akoma Ntoso) of a review so it can be downloaded later."""
    conn.execute("INSERT OR REPLACE INTO review_akn VALUES (?, ?)", (review_id, xml))


def load_akn(conn: sqlite3.Connection, review_id: int) -> bytes | None:
    row = conn.execute("SELECT xml FROM review_akn WHERE review_id = ?", (review_id,)).fetchone()
    return bytes(row[0]) if row else None
