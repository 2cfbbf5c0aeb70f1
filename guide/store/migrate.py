"""Alembic, driven from code (no alembic.ini): bring a database to the newest revision in migrations/versions.

A database made before migrations existed (tables, no alembic_version) is adopted by the first revision, which
creates only what is missing: an older database is upgraded, never dropped.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

# Any fixed number: the PostgreSQL advisory lock every process takes before it migrates.
MIGRATION_LOCK_ID = 4_711_017

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextlib.contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    """Several entry points may start at once (two app replicas, a CLI): one migrates, the others wait and
    then find nothing left to do. SQLite: a lock file beside the database; PostgreSQL: an advisory lock taken
    inside the migration's own transaction (see upgrade)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade(engine: Engine) -> None:
    """Run every migration the database lacks, in one transaction, one process at a time."""
    head = head_revision()
    if current_revision(engine) == head:
        return
    config = alembic_config()
    with _one_migrator(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        if MigrationContext.configure(conn).get_current_revision() == head:
            return  # another process migrated while this one waited
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
