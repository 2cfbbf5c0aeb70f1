"""One benchmark at a time per machine: an fcntl lock in the data folder, with a visible holder and queue.

Two benchmarks sharing two cores would each measure the other. The lock file holds the holder's pid, start
time and what it runs; waiters leave a small file in `bench-queue/` so a page can show "busy, 1 waiting". The
kernel releases an fcntl lock when its process dies, so a crashed run never leaves the machine locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class BenchmarkBusy(RuntimeError):
    """Another benchmark holds the machine and the caller asked not to wait."""


@dataclass(frozen=True)
class Holder:
    pid: int
    started_at: str
    what: str

    def describe(self) -> str:
        return f"started by pid {self.pid} at {self.started_at}" + (f" ({self.what})" if self.what else "")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text() or "null")
        return Holder(int(data["pid"]), str(data["started_at"]), str(data.get("what", "")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


class BenchLock:
    """`with BenchLock(dir).hold(what, wait=True, on_wait=...)` guards one benchmark run."""

    def __init__(self, directory: Path, poll_s: float = 0.25):
        self.directory = Path(directory)
        self.path = self.directory / "bench.lock"
        self.queue_dir = self.directory / "bench-queue"
        self.poll_s = poll_s

    def _try_lock(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    @contextlib.contextmanager
    def hold(
        self, what: str = "", wait: bool = True, on_wait: Callable[[Holder | None], None] | None = None
    ) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not self._try_lock(fd):
                holder = _read_holder(self.path)
                if not wait:
                    detail = holder.describe() if holder else "holder unknown"
                    raise BenchmarkBusy(f"another benchmark is running on this machine: {detail}")
                self._wait_in_queue(fd, what, holder, on_wait)
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "started_at": _now(), "what": what}).encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)  # an empty file reads as "free" for busy_state()
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _wait_in_queue(self, fd: int, what: str, holder: Holder | None, on_wait: Callable | None) -> None:
        self.queue_dir.mkdir(parents=True, exist_ok=True)
        ticket = self.queue_dir / f"{os.getpid()}.json"
        ticket.write_text(json.dumps({"pid": os.getpid(), "started_at": _now(), "what": what}))
        try:
            if on_wait is not None:
                on_wait(holder)
            while not self._try_lock(fd):
                time.sleep(self.poll_s)
        finally:
            ticket.unlink(missing_ok=True)

    def holder(self) -> Holder | None:
        """Who runs a benchmark now, or None when the machine is free (asks the lock, not the file)."""
        if not self.path.exists():
            return None
        fd = os.open(self.path, os.O_RDONLY)
        try:
            if self._try_lock(fd):
                fcntl.flock(fd, fcntl.LOCK_UN)
                return None
        finally:
            os.close(fd)
        return _read_holder(self.path) or Holder(0, "unknown", "")

    def waiting(self) -> list[Holder]:
        """Processes queued behind the holder, oldest first; tickets of dead processes are ignored."""
        if not self.queue_dir.exists():
            return []
        waiters = [_read_holder(p) for p in self.queue_dir.glob("*.json")]
        alive = [w for w in waiters if w is not None and _pid_alive(w.pid)]
        return sorted(alive, key=lambda w: w.started_at)
