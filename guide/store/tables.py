"""The tables, as SQLAlchemy Core metadata. A change here needs a migration in guide/store/migrations/versions/
(tests/test_store.py compares a migrated database with this metadata)."""

from __future__ import annotations

from sqlalchemy import (
                        Boolean,
                        Column,
                        DateTime,
                        ForeignKey,
                        Index,
                        Integer,
                        MetaData,
                        String,
                        Table,
                        Text,
                        UniqueConstraint,
)

metadata = MetaData()

benchmark_results = Table(
    "benchmark_results",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("cache_key", Text, nullable=False),
    Column("machine_fingerprint", Text, nullable=False),
    Column("source", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_results_cache", "cache_key", "machine_fingerprint"),
)

deploy_results = Table(
    "deploy_results",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("model", String(32), nullable=False),
    Column("size", String(16), nullable=False),
    Column("machine_fingerprint", Text, nullable=False),
    Column("body", Text, nullable=False),
)

# Team sessions: a lead creates one (its admin token is stored hashed), participants answer (each known by the
# hash of the token in their link). "A revision replaces the earlier answers" is the unique constraint plus an
# upsert, so the database, not a check-then-write in Python, keeps one set per participant.
team_sessions = Table(
    "team_sessions",
    metadata,
    Column("code", String(6), primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("admin_hash", String(64), nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("show_aggregate", Boolean, nullable=False),
    # Opens the projector view only (what the room sees anyway), so kept as it is, to be shown again on every
    # dashboard; admin and participant tokens are stored only as hashes.
    Column("screen_key", String(64)),
)

team_answers = Table(
    "team_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_code", String(6), ForeignKey("team_sessions.code", ondelete="CASCADE"), nullable=False),
    Column("participant_hash", String(64), nullable=False),
    Column("name", Text),
    Column("answers", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_code", "participant_hash", name="uq_team_answers_participant"),
)
