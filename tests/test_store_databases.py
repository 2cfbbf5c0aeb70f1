"""The store on both databases it supports, SQLite by default and PostgreSQL by URL (a real server started by
the tests): an empty database is migrated to the tables' schema, benchmark results and deployment checks round
trip, and several entry points starting at once on an empty database migrate it once, without an error."""

import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from guide.bench.schema import MachineInfo
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.deploy.store import DeployStore
from guide.settings import REPO_ROOT
from guide.store.engine import make_engine
from guide.store.migrate import current_revision, head_revision, upgrade
from guide.store.tables import metadata


def test_an_empty_database_is_migrated_and_a_second_upgrade_changes_nothing(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_a_deployment_check_round_trips(database_url):
    store = DeployStore(database_url)
    check = DeployResult(spec=DeploySpec(model="mlp", size="tiny"), machine=MachineInfo(cpu_model="x", cpu_cores=2),
                         rows=[DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True)])
    store.save(check)
    assert [c.id for c in store.recent()] == [check.id] and store.recent()[0].rows == check.rows


def test_entry_points_starting_at_once_migrate_an_empty_database_once(database_url):
    """Eight `python -m guide db upgrade` processes at once (as two app replicas and CLI runs would start)."""
    env = {**os.environ, "GUIDE_DATABASE_URL": database_url}
    processes = [subprocess.Popen([sys.executable, "-m", "guide", "db", "upgrade"], cwd=REPO_ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    assert [code for code, _ in outcomes] == [0] * 8, [err[-500:] for _, err in outcomes if err]
    assert current_revision(make_engine(database_url)) == head_revision()
