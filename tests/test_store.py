"""The database through Alembic: an empty database is brought to the tables' schema; one made before
migrations existed is adopted with its rows kept; upgrading twice changes nothing."""

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from guide.store.engine import make_engine
from guide.store.migrate import current_revision, head_revision, upgrade
from guide.store.tables import benchmark_results, metadata


def differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_an_empty_database_is_migrated_to_the_tables_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'guide.db'}")
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert differences(engine) == []


def test_a_database_from_before_migrations_is_adopted_with_its_rows(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    benchmark_results.create(engine)  # how the store made its one table before migrations
    row = dict(id="r1", created_at=datetime(2026, 1, 1), schema_version=1, cache_key="k",
               machine_fingerprint="m", source="measured here", body="{}")
    with engine.begin() as conn:
        conn.execute(insert(benchmark_results).values(**row))
    assert current_revision(engine) is None
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(select(benchmark_results.c.id)).scalars().all() == ["r1"]
    assert "alembic_version" in inspect(engine).get_table_names()


def test_the_comparison_sees_a_missing_table(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    kinds = [d[0] for d in differences(engine)]
    assert kinds.count("add_table") == len(metadata.tables) and "add_index" in kinds
