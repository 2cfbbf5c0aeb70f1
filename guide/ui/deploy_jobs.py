"""Deployment checks that belong to the server process, like benchmark runs (guide.ui.jobs): a reload keeps
the check, a reopened page finds it again, Stop kills its worker and stores nothing, and an identical request
joins the running check. The check holds the machine lock while it measures, so a benchmark and a deployment
check never time each other's noise. No Streamlit here.

The job's thread has no language (a check is shared by every session that follows it): it keeps the step as an
id with its values, and step_text() words it in the language of the run that draws it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from guide.bench.lock import BenchLock, WaitCancelled
from guide.deploy.runner import DeployCancelled, run_deploy_check
from guide.deploy.schema import DeployRow, DeploySpec, paths_for, source_label
from guide.deploy.store import DeployStore
from guide.settings import get_settings
from guide.text import clock, t
from guide.ui.jobs import Registry, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeploySnapshot:
    key: str
    spec: DeploySpec
    status: Status
    started_at: datetime
    rows: tuple[DeployRow, ...]
    total: int
    step: str  # an id: starting, waiting, exporting, running (guide.deploy.runner)
    stopping: bool
    result_id: str | None = None
    error: str | None = None
    step_values: tuple[tuple[str, str], ...] = ()

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def fraction(self) -> float:
        return len(self.rows) / self.total if self.total else 1.0

    def step_text(self) -> str:
        values = dict(self.step_values)
        if "source" in values:  # named as every view names it: a Keras backend is not the framework
            values["source"] = source_label(values["source"])
        return t(f"deployment.step.{self.step}", **values)

    def describe(self) -> str:
        return t("deployment.run.describe", model=self.spec.model, size=self.spec.size, done=len(self.rows),
                 total=self.total, step=self.step_text(), started=clock(self.started_at))


class DeployJob:
    """One run_deploy_check call in its own daemon thread; rows and the current step are kept under a lock."""

    def __init__(self, spec: DeploySpec):
        self.spec, self.key = spec, spec.model_dump_json()
        self.cancel, self.finished = threading.Event(), threading.Event()
        self.started_at = datetime.now(UTC)
        self._lock = threading.Lock()
        self._rows: list[DeployRow] = []
        self._step, self._status = ("starting", {}), "running"
        self._result_id: str | None = None
        self._error: str | None = None

    def _on_row(self, row: DeployRow) -> None:
        with self._lock:
            self._rows.append(row)

    def _on_step(self, step: str, values: dict[str, str]) -> None:
        with self._lock:
            self._step = (step, values)

    def snapshot(self) -> DeploySnapshot:
        with self._lock:
            step, values = self._step
            return DeploySnapshot(self.key, self.spec, self._status, self.started_at, tuple(self._rows),
                                  len(paths_for(self.spec.targets)), step, self.cancel.is_set(),
                                  self._result_id, self._error, tuple(values.items()))

    def _end(self, status: Status, result_id: str | None = None, error: str | None = None) -> None:
        with self._lock:
            self._status, self._result_id, self._error = status, result_id, error
        self.finished.set()

    def _measure(self) -> str:
        lock = BenchLock(get_settings().data_dir)
        with lock.hold("deployment check", model=f"{self.spec.model}/{self.spec.size}", rows=self.spec.targets,
                       on_wait=lambda _: self._on_step("waiting", {}), cancel=self.cancel):
            result = run_deploy_check(self.spec, on_row=self._on_row, cancel=self.cancel, on_step=self._on_step)
        return DeployStore().save(result)

    def run(self) -> None:
        """The thread's body: never raises; every way out is recorded as the job's status."""
        try:
            result_id = self._measure()
        except (DeployCancelled, WaitCancelled):
            self._end("cancelled")  # the page says so in its reader's language
        except Exception as exc:  # a thread's exception would vanish: keep it where the page can show it
            log.exception("deployment check %s failed", self.spec.model)
            self._end("failed", error=f"{type(exc).__name__}: {exc}")
        else:
            self._end("done", result_id=result_id)


class DeployRegistry(Registry):
    def submit(self, spec: DeploySpec) -> DeployJob:
        return self._submit(spec.model_dump_json(), lambda: DeployJob(spec), f"deploy-{spec.model}")


_DEPLOY_REGISTRY = DeployRegistry()


def deploy_registry() -> DeployRegistry:
    """The one registry of deployment checks of this process (the Streamlit server's)."""
    return _DEPLOY_REGISTRY
