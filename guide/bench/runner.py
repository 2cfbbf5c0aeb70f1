"""run_benchmark(spec) -> BenchmarkResult: the one entry point the CLI, the page and the scripts call.

Per run: take the machine lock; reuse a stored identical result unless asked not to; write the initial weights
and the dataset once (every row starts from the same numbers); run the rows in worker processes; merge
repeats; compare every row's predictions with the first Keras row; store the result. Repeats run in one of two
ways:
- default: one worker process per row imports its framework once and runs every repeat (each rebuilds the
  model from the same initial weights and times its own first step): a row pays its imports once.
- spec.thorough: a fresh process per repeat, rows alternating (A B A B), so a slow drift of the machine hits
  every row alike and every repeat starts cold.
The first worker also probes the machine's matmul rate, after its own measurements. A set `cancel` event
stops a run at once: the running worker's process group is killed, the run folder removed, nothing stored.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np

from guide.bench import merge
from guide.bench.lock import BenchLock, Holder, WaitCancelled
from guide.bench.machine import backend_installed, installed_versions, machine_info
from guide.bench.progress import RowProgress
from guide.bench.protocol import RunEvent, WorkerJob, WorkerOutcome, WorkerProgress, planned_rows
from guide.bench.schema import BenchmarkResult, BenchmarkSpec, row_label
from guide.bench.spawn import WORKER_MODULE, run_probe_process, run_worker, worker_env
from guide.settings import get_settings

__all__ = ["BenchmarkCancelled", "planned_rows", "prepare_inputs", "run_benchmark"]

OnEvent = Callable[[RunEvent], None]
Outcomes = dict[tuple[str, str], list[WorkerOutcome]]
PROBE_TIMEOUT_S = 60.0
HOLDER_UPDATE_S = 1.0  # progress events rewrite the lock's holder file at most this often
DEFAULT_WORKER_MODULE = WORKER_MODULE  # tests swap in tests.fake_worker


class BenchmarkCancelled(RuntimeError):
    """The run's cancel event was set: its worker was killed, its run folder removed, nothing stored."""


def prepare_inputs(spec: BenchmarkSpec, run_dir: Path) -> tuple[Path, Path]:
    """Initial weights and dataset, made once per run (numpy only) and loaded by every worker."""
    from models import weights as model_weights
    from models.data import make_dataset

    # Saved here with np.savez, read back by the worker with np.load: keys keep their slashes.
    make_weights = model_weights.initial_weights
    run_dir.mkdir(parents=True, exist_ok=True)
    weights_path, data_path = run_dir / "weights.npz", run_dir / "data.npz"
    np.savez(weights_path, **make_weights(spec.model, spec.size, spec.seed))
    data = make_dataset(spec.model, spec.size, spec.seed)
    np.savez(
        data_path,
        x_train=data.x_train,
        y_train=data.y_train,
        x_test=data.x_test,
        y_test=data.y_test,
        num_classes=np.asarray(data.num_classes),
    )
    return weights_path, data_path


def run_probe(spec: BenchmarkSpec, run_dir: Path, cancel: threading.Event | None = None):
    """The matmul probe in a process of its own: (GFLOP/s, device), or (None, why it was not measured)."""
    env = worker_env("torch", spec.threads, run_dir / "keras_home")
    return run_probe_process(spec.threads, env, PROBE_TIMEOUT_S, run_dir / "stderr_probe.txt", cancel)


class _Run:
    """State of one benchmark run: where its files go, how it reports, whether the probe is still to run."""

    def __init__(self, spec: BenchmarkSpec, on_event: OnEvent | None, worker_module: str, probe: bool,
                 cancel: threading.Event | None = None, lock: BenchLock | None = None):
        self.spec, self.on_event, self.worker_module = spec, on_event, worker_module
        self.cancel, self.lock = cancel, lock
        self.id = uuid.uuid4().hex[:12]
        self.dir = get_settings().data_dir / "runs" / self.id
        (self.dir / "scratch").mkdir(parents=True, exist_ok=True)
        self.probe_wanted = probe
        self.probe: tuple[float | None, str | None] = (None, None)
        self.tracker = RowProgress(spec, probe=probe)
        self._holder_written_at = 0.0

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise BenchmarkCancelled("benchmark cancelled; nothing was stored")

    def emit(self, kind: str, **fields) -> None:
        event = RunEvent(kind=kind, repeats=self.spec.repeats, **fields)
        self.tracker.update(event)
        self._report_to_lock(event)
        if self.on_event is not None:
            self.on_event(event)

    def _report_to_lock(self, event: RunEvent) -> None:
        """Other processes (a page in another session, a CLI told the machine is busy) read the run's progress
        from the lock's holder file: rewritten on row events, at most once a second on progress events."""
        now = time.monotonic()
        if self.lock is None or (event.kind == "progress" and now - self._holder_written_at < HOLDER_UPDATE_S):
            return
        self._holder_written_at = now
        self.lock.update(progress=self.tracker.summary(), fraction=round(self.tracker.overall(), 3))

    def on_progress(self, event: WorkerProgress) -> None:
        self.emit("progress", label=row_label(event.backend, event.api), backend=event.backend, api=event.api,
                  repeat=event.repeat, phase=event.phase, done=event.done, total=event.total, message=event.message)

    def run_process(self, backend: str, api: str, repeats: range, inputs: tuple[Path, Path]) -> list[WorkerOutcome]:
        """One worker process running `repeats` of one row; BenchmarkCancelled when the cancel event is set."""
        self.check_cancel()
        label, first = row_label(backend, api), repeats[0]
        text = f"repeat {first + 1} of {self.spec.repeats}" if len(repeats) == 1 else f"{len(repeats)} repeats"
        self.emit("row_started", label=label, backend=backend, api=api, repeat=first, message=f"{label}: {text}")
        # The probe rides on the first worker, after its measurements: no extra process or import.
        probe_here = self.probe_wanted and self.probe[0] is None and first == 0
        job = WorkerJob(spec=self.spec, backend=backend, api=api, repeat=first, repeat_count=len(repeats),
                        weights_path=str(inputs[0]), data_path=str(inputs[1]), scratch_dir=str(self.dir / "scratch"),
                        save_model=first == 0, probe=probe_here)
        run = run_worker(job, worker_env(backend, self.spec.threads, self.dir / "keras_home"),
                         self.dir / f"stderr_{backend}_{api}_r{first}.txt", self.spec.timeout_s, self.on_progress,
                         module=self.worker_module, cancel=self.cancel)
        if run.cancelled:
            raise BenchmarkCancelled("benchmark cancelled; nothing was stored")
        probed = next((r for r in run.results if r.probe_gflops), None)
        if probed is not None:
            self.probe = (probed.probe_gflops, probed.probe_device)
        outcomes = run.outcomes(repeats)
        reason = next((why for o in outcomes if (why := merge.failure_reason(o))), None)
        self.emit("row_finished", label=label, backend=backend, api=api, repeat=repeats[-1], message=reason or "ok")
        return outcomes

    def run_rows(self, inputs: tuple[Path, Path]) -> Outcomes:
        """Default: a row's repeats in one process, row after row. Thorough: a process per repeat, rows
        alternating (A B A B). A row that failed is not run again."""
        outcomes: Outcomes = {}
        for backend, api in planned_rows(self.spec):
            outcomes[(backend, api)] = []
            if not backend_installed(backend):
                reason = f"backend {backend!r} is not installed (importlib.util.find_spec found nothing)"
                outcomes[(backend, api)].append(WorkerOutcome(result=None, error=reason, wall_s=0.0))
                self.emit("row_finished", label=row_label(backend, api), backend=backend, api=api, message=reason)
        batches = [range(self.spec.repeats)] if not self.spec.thorough else [range(r, r + 1)
                                                                                 for r in range(self.spec.repeats)]
        for repeats in batches:
            for key, done in outcomes.items():
                if any(merge.failure_reason(o) for o in done):
                    continue
                done.extend(self.run_process(*key, repeats, inputs))
        return outcomes


def cleanup_run(run_dir: Path) -> None:
    """Inputs and saved models can be large and are re-made on demand; the run folder keeps only the small
    files worth inspecting after a failure (stderr logs, parity predictions)."""
    for path in [run_dir / "weights.npz", run_dir / "data.npz", *(run_dir / "scratch").glob("model_*")]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(run_dir / "keras_home", ignore_errors=True)


def measure(spec: BenchmarkSpec, on_event: OnEvent | None, worker_module: str, probe: bool,
            cancel: threading.Event | None = None, lock: BenchLock | None = None) -> BenchmarkResult:
    start = time.monotonic()
    run = _Run(spec, on_event, worker_module, probe, cancel, lock)
    try:
        machine = machine_info(spec.threads)
        inputs = prepare_inputs(spec, run.dir)
        outcomes = run.run_rows(inputs)
        if probe and run.probe[0] is None:  # the first worker failed before its probe: run it on its own
            run.check_cancel()
            run.emit("probe", message="measuring the machine's matmul GFLOP/s")
            run.probe = run_probe(spec, run.dir, cancel=cancel)
        run.check_cancel()
    except BenchmarkCancelled:
        shutil.rmtree(run.dir, ignore_errors=True)  # the killed worker wrote here; a cancelled run leaves nothing
        raise
    machine.probe_gflops, machine.probe_device = run.probe
    rows = [merge.merge_repeats(backend, api, done, spec) for (backend, api), done in outcomes.items()]
    merge.check_parity(rows, outcomes)
    merge.add_flops_to_rows(rows, spec, machine.probe_gflops)
    cleanup_run(run.dir)
    return BenchmarkResult(id=run.id, spec=spec, machine=machine, rows=rows, wall_s=time.monotonic() - start)


def _reuse(spec: BenchmarkSpec, store, on_event: OnEvent | None) -> BenchmarkResult | None:
    cached = store.find_cached(spec, machine_info(spec.threads), installed_versions())
    if cached is not None and on_event is not None:
        on_event(RunEvent(kind="cached", message=f"reused stored result {cached.id} from {cached.created_at:%c}"))
    return cached


def _wait_reporter(on_event: OnEvent | None) -> Callable[[Holder | None], None]:
    def on_wait(holder: Holder | None) -> None:
        if on_event is not None:
            detail = holder.describe() if holder else "holder unknown"
            on_event(RunEvent(kind="waiting", message=f"waiting for another benchmark: {detail}"))

    return on_wait


def run_benchmark(
    spec: BenchmarkSpec,
    on_event: OnEvent | None = None,
    store=None,
    reuse: bool = True,
    *,
    wait: bool = True,
    worker_module: str | None = None,
    probe: bool = True,
    cancel: threading.Event | None = None,
) -> BenchmarkResult:
    """Measure `spec` (or return the stored identical run on this machine when reuse), store it, return it.

    store: a guide.bench.store.ResultStore, or None to neither reuse nor save. wait=False raises
    guide.bench.lock.BenchmarkBusy at once when another benchmark holds the machine. cancel: set it (from any
    thread) to stop the run at once; run_benchmark then emits RunEvent(kind="cancelled") and raises
    BenchmarkCancelled, having killed the worker, removed the run folder, stored nothing and released the lock.
    worker_module and probe=False exist for tests and harness timing (tests.fake_worker speaks the same
    protocol).
    """
    if store is not None and reuse and (cached := _reuse(spec, store, on_event)) is not None:
        return cached
    lock = BenchLock(get_settings().data_dir)
    rows = [row_label(backend, api) for backend, api in planned_rows(spec)]
    try:
        with lock.hold(what=f"{spec.model}/{spec.size} {','.join(spec.backends)}", wait=wait,
                       on_wait=_wait_reporter(on_event), cancel=cancel, model=f"{spec.model}/{spec.size}", rows=rows):
            if on_event is not None:
                on_event(RunEvent(kind="started", repeats=spec.repeats, message="benchmark started"))
            result = measure(spec, on_event, worker_module or DEFAULT_WORKER_MODULE, probe, cancel, lock)
            if cancel is not None and cancel.is_set():  # set after the last worker: still nothing is kept
                shutil.rmtree(get_settings().data_dir / "runs" / result.id, ignore_errors=True)
                raise BenchmarkCancelled("benchmark cancelled; nothing was stored")
            if store is not None:
                store.save(result)
    except (BenchmarkCancelled, WaitCancelled) as exc:
        if on_event is not None:
            on_event(RunEvent(kind="cancelled", message="benchmark cancelled; nothing was stored"))
        if isinstance(exc, BenchmarkCancelled):
            raise
        raise BenchmarkCancelled("benchmark cancelled while waiting for the machine") from exc
    if on_event is not None:
        on_event(RunEvent(kind="finished", message=f"finished in {result.wall_s:.1f} s"))
    return result
