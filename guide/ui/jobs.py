"""Benchmark runs that belong to the server process, not to a browser session.

A tab reload ends the session's script run, and whatever that run owns dies with it. A run started from a
page is therefore a job here: one registry per process, each job a daemon thread calling run_benchmark and
recording its events into a state any session may read. A page polls that state to draw progress; a fresh
session (a reloaded tab) finds the job again by its spec's cache key, or as the one running; a second
identical request joins the running job instead of measuring again; Stop sets the job's cancel event.

No Streamlit here: the pages draw (guide.ui.bench_run), this module only keeps state.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from guide.bench.lock import BenchmarkBusy
from guide.bench.progress import RowProgress, RowState
from guide.bench.protocol import RunEvent
from guide.bench.runner import BenchmarkCancelled, run_benchmark
from guide.bench.schema import BenchmarkSpec
from guide.bench.store import ResultStore
from guide.text import t

Status = Literal["running", "done", "failed", "cancelled"]
KEEP_FINISHED = 20  # finished jobs kept so a reopened page can still say how its run ended
log = logging.getLogger(__name__)
RUNNER_WAITING = "waiting for another benchmark: "  # how the runner's waiting event begins (guide.bench.runner)


@dataclass(frozen=True)
class JobSnapshot:
    """One consistent reading of a job, safe to draw while the job's thread goes on."""

    key: str
    spec: BenchmarkSpec
    status: Status
    started_at: datetime
    rows: tuple[RowState, ...]
    fraction: float  # the whole run, 0..1 (RowProgress.overall)
    note_kind: str  # the kind of the last run-level event ("" before the first): its words are made when read
    note_message: str  # that event's message, in the runner's words
    waiting: bool
    stopping: bool
    result_id: str | None = None
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def title(self) -> str:
        return f"{self.spec.model}/{self.spec.size}"

    @property
    def started_text(self) -> str:
        return f"{self.started_at:%H:%M:%S} UTC"

    @property
    def note(self) -> str:
        """The run's last step in the reader's language; a message this module has no words for as it came."""
        if self.note_kind in ("", "started", "probe"):
            return t(f"bench.job.note.{self.note_kind or 'starting'}")
        if self.note_kind == "waiting":
            return t("bench.job.note.waiting", detail=self.note_message.removeprefix(RUNNER_WAITING))
        return self.note_message

    def describe(self) -> str:
        """What runs, in a team lead's words: model/size, rows, how far, since when (no process ids)."""
        rows = ", ".join(r.name for r in self.rows)
        state = t("bench.job.waiting") if self.waiting else t("bench.job.share_done", share=self.fraction)
        return t("bench.job.describe", title=self.title, rows=rows, state=state, started=self.started_text)


class BenchJob:
    """One run_benchmark call in its own daemon thread; its events feed a lock-guarded progress state."""

    def __init__(self, spec: BenchmarkSpec, reuse: bool, wait: bool, probe: bool = True,
                 worker_module: str | None = None):
        self.spec, self.key, self.reuse, self.wait, self.probe = spec, spec.cache_key(), reuse, wait, probe
        self.worker_module = worker_module
        self.cancel = threading.Event()
        self.finished = threading.Event()  # set once the thread has recorded how the run ended
        self.started_at = datetime.now(UTC)
        self._lock = threading.Lock()
        self._progress = RowProgress(spec, probe=probe)
        self._status: Status = "running"
        self._note, self._waiting = ("", ""), False  # (kind, message) of the last run-level event
        self._result_id: str | None = None
        self._error: str | None = None

    def on_event(self, event: RunEvent) -> None:
        with self._lock:
            if event.kind == "waiting":
                self._waiting = True
            elif event.kind == "started":
                self._waiting = False
            if self._progress.update(event) is None and event.message:
                self._note = (event.kind, event.message)

    def snapshot(self) -> JobSnapshot:
        with self._lock:
            rows = tuple(dataclasses.replace(r) for r in self._progress.rows.values())
            return JobSnapshot(self.key, self.spec, self._status, self.started_at, rows, self._progress.overall(),
                               *self._note, self._waiting, self.cancel.is_set(), self._result_id, self._error)

    def _end(self, status: Status, result_id: str | None = None, error: str | None = None) -> None:
        with self._lock:
            self._status, self._result_id, self._error, self._waiting = status, result_id, error, False
        self.finished.set()

    def run(self) -> None:
        """The thread's body: never raises; every way out is recorded as the job's status."""
        try:
            result = run_benchmark(self.spec, on_event=self.on_event, store=ResultStore(), reuse=self.reuse,
                                   wait=self.wait, worker_module=self.worker_module, probe=self.probe,
                                   cancel=self.cancel)
        except BenchmarkCancelled:
            self._end("cancelled", error=t("bench.job.stopped", "en"))  # the record; pages say it in theirs
        except BenchmarkBusy as exc:
            self._end("failed", error=str(exc))
        except Exception as exc:  # a thread's exception would vanish: keep it where the page can show it
            log.exception("benchmark job %s failed", self.spec.model)
            self._end("failed", error=f"{type(exc).__name__}: {exc}")
        else:
            self._end("done", result_id=result.id)


class Registry:
    """Jobs of one kind by key, kept by the server process. A job has key, started_at, cancel, finished, and
    run() (its thread's body, which never raises); subclasses say how a job is made and started."""

    def __init__(self):
        self._jobs: dict = {}
        self._lock = threading.Lock()

    def _submit(self, key: str, make_job, thread_name: str):
        """Start the job make_job() builds, or join the one already running under key."""
        with self._lock:
            running = self._jobs.get(key)
            if running is not None and not running.finished.is_set():
                return running
            job = make_job()
            self._jobs[key] = job
            self._forget_old()
        threading.Thread(target=job.run, name=thread_name, daemon=True).start()
        return job

    def get(self, key: str):
        with self._lock:
            return self._jobs.get(key)

    def running(self) -> list:
        """Jobs not yet ended, oldest first."""
        with self._lock:
            jobs = [j for j in self._jobs.values() if not j.finished.is_set()]
        return sorted(jobs, key=lambda j: j.started_at)

    def stop(self, key: str) -> bool:
        """Ask the job for key to stop (its workers are killed and nothing is stored); False if none runs."""
        job = self.get(key)
        if job is None or job.finished.is_set():
            return False
        job.cancel.set()
        return True

    def _forget_old(self) -> None:
        ended = sorted((j for j in self._jobs.values() if j.finished.is_set()), key=lambda j: j.started_at)
        for job in ended[:max(0, len(ended) - KEEP_FINISHED)]:
            del self._jobs[job.key]


class JobRegistry(Registry):
    """The process's benchmark jobs by spec cache key. worker_module and probe=False exist for tests."""

    def __init__(self, worker_module: str | None = None, probe: bool = True):
        super().__init__()
        self.worker_module, self.probe = worker_module, probe

    def submit(self, spec: BenchmarkSpec, reuse: bool = True, wait: bool = True) -> BenchJob:
        """Start a job for spec, or join the one already running for an identical spec."""
        def make_job() -> BenchJob:
            return BenchJob(spec, reuse, wait, self.probe, self.worker_module)

        return self._submit(spec.cache_key(), make_job, f"bench-{spec.model}-{spec.size}")


_REGISTRY = JobRegistry()


def registry() -> JobRegistry:
    """The one registry of this process (the Streamlit server's, for every session alike)."""
    return _REGISTRY


def use_registry(replacement: JobRegistry) -> JobRegistry:
    """Swap the process's registry (tests: a fake worker, no probe); returns the one it replaced."""
    global _REGISTRY
    previous, _REGISTRY = _REGISTRY, replacement
    return previous
