"""One SQLAlchemy engine per database URL, migrated to the current schema before first use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from guide.settings import get_settings
from guide.store.migrate import upgrade


def _sqlite_wal(dbapi_connection, _record) -> None:
    # WAL lets the page read while a benchmark writes; set on every new connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # Many writers at once (a workshop room submitting): wait for the write lock rather than fail at 5 s.
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_wal)
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=8)
def database(url: str | None = None) -> Engine:
    """The engine for `url` (default: the settings' database URL), its schema brought up to date once per
    process."""
    engine = make_engine(url or get_settings().database_url)
    upgrade(engine)
    return engine
