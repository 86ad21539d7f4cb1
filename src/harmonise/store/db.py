"""The SQLite file: where it lives by default, and its numbered schema migrations."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from harmonise.errors import HarmoniseError

#: Numbered migrations, applied in order, each once, recorded in schema_migrations.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('check', 'batch')),
            created TEXT NOT NULL,
            label TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            strategy TEXT NOT NULL,
            regional_json TEXT
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            country TEXT,
            iso TEXT,
            instrument TEXT,
            instrument_status TEXT,
            source TEXT NOT NULL,
            document_sha256 TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            strategy TEXT NOT NULL,
            summary TEXT NOT NULL,
            review_json TEXT NOT NULL,
            html_sha256 TEXT
        );
        CREATE INDEX reviews_document ON reviews(document_sha256);
        CREATE INDEX reviews_country ON reviews(iso);
        CREATE TABLE review_checklists (
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            framework TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            assessed INTEGER NOT NULL,
            PRIMARY KEY (review_id, framework)
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE overrides (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            framework TEXT NOT NULL,
            provision TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('addressed', 'partial', 'missing')),
            machine_status TEXT NOT NULL,
            note TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            created TEXT NOT NULL,
            evidence_sha256 TEXT NOT NULL,
            carried_from INTEGER REFERENCES overrides(id),
            evidence_changed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX overrides_review ON overrides(review_id, framework, provision);
        CREATE TABLE review_akn (
            review_id INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
            xml BLOB NOT NULL
        )
        """,
    ),
]


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/harmonise/runs.db`` (``~/.local/share/harmonise/runs.db``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "harmonise" / "runs.db"


def open_store(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a run history and bring its schema up to date."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
        )
        applied = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    except (OSError, sqlite3.Error) as exc:
        raise HarmoniseError("H601", f"cannot open run history {path}: {exc}") from None
    newest = max(v for v, _ in MIGRATIONS)
    if applied and max(applied) > newest:
        raise HarmoniseError(
            "H603", f"{path} has schema version {max(applied)}; this harmonise knows {newest}"
        )
    for version, sql in MIGRATIONS:
        if version in applied:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?)",
                (version, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise HarmoniseError("H601", f"cannot migrate {path}: {exc}") from None
    return conn
