"""One benchmark at a time per machine: an fcntl lock in the data folder, with a visible holder and queue.

Two benchmarks sharing two cores would each measure the other. The lock file holds a description of the run
that holds it (model, rows, progress, start time; the runner rewrites the progress as rows advance); waiters
leave a small file in `bench-queue/` so a page can show "busy, 1 waiting". The kernel releases an fcntl lock
when its process dies, so a crashed run never leaves the machine locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError


class BenchmarkBusy(RuntimeError):
    """Another benchmark holds the machine and the caller asked not to wait."""


class WaitCancelled(RuntimeError):
    """The caller's cancel event was set while it waited in the queue."""


class Holder(BaseModel):
    """What the lock file says about the run holding it (older files hold only pid, started_at, what)."""

    model_config = ConfigDict(frozen=True)

    pid: int
    started_at: str
    what: str = ""
    model: str = ""
    rows: tuple[str, ...] = ()
    progress: str = ""
    fraction: float | None = None

    def describe(self) -> str:
        """For people: which benchmark, how far along, since when."""
        if not self.model:
            return f"{self.what or 'a benchmark'}, started {self.started_at}"
        rows = f" ({', '.join(self.rows)})" if self.rows else ""
        done = f"{self.fraction:.0%} done" if self.fraction is not None else ""
        progress = ", ".join(part for part in (done, self.progress) if part) or "starting"
        return f"{self.model}{rows}: {progress}; started {self.started_at}"


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
        return Holder.model_validate_json(path.read_text().strip() or "null")
    except (OSError, ValidationError):
        return None


class BenchLock:
    """`with BenchLock(dir).hold(what, wait=True, on_wait=...)` guards one benchmark run; while held,
    `update(progress=..., fraction=...)` rewrites what the holder file says."""

    def __init__(self, directory: Path, poll_s: float = 0.25):
        self.directory = Path(directory)
        self.path = self.directory / "bench.lock"
        self.queue_dir = self.directory / "bench-queue"
        self.poll_s = poll_s
        self._held: tuple[int, Holder] | None = None  # (fd, what it says) while this object holds the lock
        self._written = 0

    def _try_lock(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    @contextlib.contextmanager
    def hold(
        self,
        what: str = "",
        wait: bool = True,
        on_wait: Callable[[Holder | None], None] | None = None,
        *,
        model: str = "",
        rows: Sequence[str] = (),
        cancel: threading.Event | None = None,
    ) -> Iterator[BenchLock]:
        """Hold the machine; WaitCancelled when `cancel` is set while waiting for it."""
        self.directory.mkdir(parents=True, exist_ok=True)
        me = Holder(pid=os.getpid(), started_at=_now(), what=what, model=model, rows=tuple(rows))
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not self._try_lock(fd):
                holder = _read_holder(self.path)
                if not wait:
                    detail = holder.describe() if holder else "holder unknown"
                    raise BenchmarkBusy(f"another benchmark is running on this machine: {detail}")
                self._wait_in_queue(fd, me, holder, on_wait, cancel)
            os.ftruncate(fd, 0)
            self._written = 0
            self._held = (fd, me.model_copy(update={"started_at": _now()}))
            self._write()
            try:
                yield self
            finally:
                self._held = None
                os.ftruncate(fd, 0)  # an empty file reads as "free" for busy_state()
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def update(self, **fields) -> None:
        """Rewrite the holder's description (e.g. progress="row 2 of 4", fraction=0.4); no-op when not held."""
        if self._held is not None:
            self._held = (self._held[0], self._held[1].model_copy(update=fields))
            self._write()

    def _write(self) -> None:
        # One pwrite, padded with spaces over the previous text (valid JSON either way): a reader never sees
        # an emptied or half-rewritten file, which truncating first would allow.
        fd, holder = self._held
        data = holder.model_dump_json().encode()
        os.pwrite(fd, data.ljust(self._written), 0)
        self._written = max(self._written, len(data))

    def _wait_in_queue(self, fd: int, me: Holder, holder: Holder | None, on_wait: Callable | None,
                       cancel: threading.Event | None) -> None:
        self.queue_dir.mkdir(parents=True, exist_ok=True)
        ticket = self.queue_dir / f"{os.getpid()}.json"
        ticket.write_text(me.model_dump_json())
        try:
            if on_wait is not None:
                on_wait(holder)
            while not self._try_lock(fd):
                if cancel is not None and cancel.wait(self.poll_s):
                    raise WaitCancelled("cancelled while waiting for another benchmark")
                if cancel is None:
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
        return _read_holder(self.path) or Holder(pid=0, started_at="unknown")

    def waiting(self) -> list[Holder]:
        """Processes queued behind the holder, oldest first; tickets of dead processes are ignored."""
        if not self.queue_dir.exists():
            return []
        waiters = [_read_holder(p) for p in self.queue_dir.glob("*.json")]
        alive = [w for w in waiters if w is not None and _pid_alive(w.pid)]
        return sorted(alive, key=lambda w: w.started_at)
