"""One SQLAlchemy engine per database URL, migrated to the current schema before first use."""

from __future__ import annotations

import os
import threading
import weakref
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


_ENGINES: dict[str, Engine] = {}  # one per URL, least recently asked for first
_MAX_ENGINES = 8
_ALIVE: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine still held anywhere, cached or not
_LOCK = threading.Lock()


def database(url: str | None = None) -> Engine:
    """The engine for `url` (default: the settings' database URL), its schema brought up to date once per
    process."""
    url = url or get_settings().database_url
    with _LOCK:  # two threads (two browser sessions) asking first at once make and migrate one engine
        engine = _ENGINES.pop(url, None)
        if engine is None:
            engine = make_engine(url)
            upgrade(engine)
            _ALIVE.add(engine)
        _ENGINES[url] = engine  # now the most recent
        if len(_ENGINES) > _MAX_ENGINES:  # forgotten, not closed: a store may still hold and use it
            _ENGINES.pop(next(iter(_ENGINES)))
        return engine


def _after_fork_in_child() -> None:
    """In a forked child the pooled connections are the parent's sockets: used from two processes they corrupt
    both sessions (PostgreSQL closed them mid-query, seen in benchmarks/team_load.py). The child opens its own;
    the parent's stay the parent's (close=False). The lock is new too: a thread of the parent may have held it
    at the fork, and it would never be released in the child."""
    global _LOCK
    _LOCK = threading.Lock()
    for engine in list(_ALIVE):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)
