"""The tables, as SQLAlchemy Core metadata. A change here needs a migration in guide/store/migrations/versions/
(tests/test_store.py compares a migrated database with this metadata)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

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
