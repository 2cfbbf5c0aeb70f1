"""A real PostgreSQL server for the tests, started by them: Debian's binaries (package `postgresql`, installed by
.ci/run), `initdb` and `pg_ctl` run as the `postgres` user when the tests run as root (initdb refuses root), on a
free port, with the data and the socket in a temporary folder; stopped at the end of the session.

Skipped with the reason where the binaries are absent, except where GUIDE_REQUIRE_POSTGRES is set (.ci/run
sets it): CI never skips these tests."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

REQUIRED = bool(os.environ.get("GUIDE_REQUIRE_POSTGRES"))


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server():
    """(server URL without a database, stop function)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries not found (Debian package postgresql; .ci/run installs it)"
        pytest.fail(message) if REQUIRED else pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="guide-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "guide",
                              "-E", "UTF8", "--no-locale"]), check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options,
                              "-w", "start"]), check=True, capture_output=True)

    def stop() -> None:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql+psycopg://guide@127.0.0.1:{port}", stop


def new_database(server_url: str) -> str:
    """A fresh, empty database on the server: each test starts from nothing."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server_url.replace('+psycopg', '')}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"
