"""run_benchmark(spec) -> BenchmarkResult: the one entry point the CLI, the page and the scripts call.

Per run: take the machine lock; reuse a stored identical result unless asked not to; write the initial weights
and the dataset once (every row starts from the same numbers); run one worker per (backend, api) and repeat,
alternating rows (A B A B) so a slow drift of the machine hits every row alike (the first worker also probes
the machine's matmul rate, after its own measurements); merge repeats; compare every row's predictions with
the first Keras row; store the result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np

from guide.bench import merge
from guide.bench.lock import BenchLock, Holder
from guide.bench.machine import backend_installed, installed_versions, machine_info
from guide.bench.protocol import RunEvent, WorkerJob
from guide.bench.schema import BenchmarkResult, BenchmarkSpec, ProgressEvent, RowResult, row_label
from guide.bench.spawn import WORKER_MODULE, WorkerOutcome, run_worker, worker_env
from guide.settings import REPO_ROOT, get_settings

OnEvent = Callable[[RunEvent], None]
NATIVE_BACKENDS = ("torch", "tensorflow")  # models/ has no native JAX twin
PROBE_TIMEOUT_S = 60.0
DEFAULT_WORKER_MODULE = WORKER_MODULE  # tests swap in guide.bench.fake_worker


def planned_rows(spec: BenchmarkSpec) -> list[tuple[str, str]]:
    """(backend, api) pairs in run order: Keras rows first, native twins after, when asked for."""
    rows = [(backend, "keras") for backend in spec.backends]
    if spec.native:
        rows += [(backend, "native") for backend in spec.backends if backend in NATIVE_BACKENDS]
    return rows


def prepare_inputs(spec: BenchmarkSpec, run_dir: Path) -> tuple[Path, Path]:
    """Initial weights and dataset, made once per run (numpy only) and loaded by every worker."""
    from models import weights as model_weights
    from models.data import make_dataset

    # The contract names it initial_weights; models/ may call it init_weights. Saved here with np.savez,
    # read back by the worker with np.load: keys keep their slashes.
    make_weights = getattr(model_weights, "initial_weights", None) or model_weights.init_weights
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


def run_probe(spec: BenchmarkSpec, run_dir: Path) -> tuple[float | None, str | None]:
    env = worker_env("torch", spec.threads, run_dir / "keras_home")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "guide.bench.probe"],
            input=json.dumps({"threads": spec.threads}),
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_ROOT,
            timeout=PROBE_TIMEOUT_S,
            check=True,
        )
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return float(answer["gflops"]), str(answer["device"])
    except (subprocess.SubprocessError, ValueError, KeyError, IndexError):
        return None, None  # no yardstick: peak_share stays empty, the rows still count


class _Run:
    """State of one benchmark run: where its files go, how it reports, whether the probe is still to run."""

    def __init__(self, spec: BenchmarkSpec, on_event: OnEvent | None, worker_module: str, probe: bool):
        self.spec, self.on_event, self.worker_module = spec, on_event, worker_module
        self.id = uuid.uuid4().hex[:12]
        self.dir = get_settings().data_dir / "runs" / self.id
        (self.dir / "scratch").mkdir(parents=True, exist_ok=True)
        self.probe_wanted = probe
        self.probe: tuple[float | None, str | None] = (None, None)

    def emit(self, kind: str, **fields) -> None:
        if self.on_event is not None:
            self.on_event(RunEvent(kind=kind, repeats=self.spec.repeats, **fields))

    def forward(self, repeat: int) -> Callable[[ProgressEvent], None]:
        def on_progress(event: ProgressEvent) -> None:
            self.emit("progress", label=row_label(event.backend, event.api), backend=event.backend,
                      api=event.api, repeat=repeat, phase=event.phase, done=event.done, total=event.total,
                      message=event.message)

        return on_progress

    def run_one(self, backend: str, api: str, repeat: int, inputs: tuple[Path, Path]) -> WorkerOutcome:
        label = row_label(backend, api)
        self.emit("row_started", label=label, backend=backend, api=api, repeat=repeat,
                  message=f"{label}: repeat {repeat + 1} of {self.spec.repeats}")
        # The probe rides on the first worker, after its measurements: no extra process or import.
        probe_here = self.probe_wanted and self.probe[0] is None and repeat == 0
        job = WorkerJob(spec=self.spec, backend=backend, api=api, repeat=repeat, weights_path=str(inputs[0]),
                        data_path=str(inputs[1]), scratch_dir=str(self.dir / "scratch"), probe=probe_here)
        outcome = run_worker(job, worker_env(backend, self.spec.threads, self.dir / "keras_home"),
                             self.dir / f"stderr_{backend}_{api}_r{repeat}.txt", self.spec.timeout_s,
                             self.forward(repeat), module=self.worker_module)
        if outcome.result is not None and outcome.result.probe_gflops:
            self.probe = (outcome.result.probe_gflops, outcome.result.probe_device)
        ok = outcome.error is None and outcome.result is not None and outcome.result.row.ok
        reason = outcome.error or (outcome.result.row.error if outcome.result else None) or "failed"
        self.emit("row_finished", label=label, backend=backend, api=api, repeat=repeat,
                  message="ok" if ok else reason)
        return outcome

    def run_rows(self, inputs: tuple[Path, Path]) -> dict[tuple[str, str], list[WorkerOutcome]]:
        """Repeats alternate rows (A B A B); a row that failed is not run again."""
        outcomes: dict[tuple[str, str], list[WorkerOutcome]] = {}
        for backend, api in planned_rows(self.spec):
            if not backend_installed(backend):
                reason = f"backend {backend!r} is not installed (importlib.util.find_spec found nothing)"
                outcomes[(backend, api)] = [WorkerOutcome(result=None, error=reason, wall_s=0.0)]
            else:
                outcomes[(backend, api)] = []
        for repeat in range(self.spec.repeats):
            for key, done in outcomes.items():
                if any(o.error or (o.result and not o.result.row.ok) for o in done):
                    continue
                done.append(self.run_one(*key, repeat, inputs))
        return outcomes


def check_parity(rows: list[RowResult], outcomes: dict[tuple[str, str], list[WorkerOutcome]]) -> None:
    """Every ok row against the first ok Keras row (itself included, trivially)."""
    firsts = {(r.backend, r.api): outcomes[(r.backend, r.api)][0].result for r in rows if r.ok}
    reference = next((r for r in rows if r.ok and r.api == "keras"), None)
    if reference is None:
        return
    ref = firsts[(reference.backend, reference.api)]
    for row in rows:
        mine = firsts.get((row.backend, row.api))
        if not row.ok or mine is None or not mine.predictions_path or not ref.predictions_path:
            continue
        row.parity = merge.parity(
            mine.predictions_path,
            mine.loss_after_first_step,
            ref.predictions_path,
            ref.loss_after_first_step,
            reference.label,
        )


def add_flops(rows: list[RowResult], spec: BenchmarkSpec, probe_gflops: float | None) -> None:
    try:
        from models.flops import count_flops
    except ImportError:
        return
    count = count_flops(spec.model, spec.size)
    for row in rows:
        if row.ok:
            merge.add_flops(row, spec, count.forward_per_sample, count.train_per_sample, probe_gflops)


def cleanup_run(run_dir: Path) -> None:
    """Inputs and saved models can be large and are re-made on demand; the run folder keeps only the small
    files worth inspecting after a failure (stderr logs, parity predictions)."""
    for path in [run_dir / "weights.npz", run_dir / "data.npz", *(run_dir / "scratch").glob("model_*")]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(run_dir / "keras_home", ignore_errors=True)


def measure(spec: BenchmarkSpec, on_event: OnEvent | None, worker_module: str, probe: bool) -> BenchmarkResult:
    start = time.monotonic()
    run = _Run(spec, on_event, worker_module, probe)
    machine = machine_info(spec.threads)
    inputs = prepare_inputs(spec, run.dir)
    outcomes = run.run_rows(inputs)
    if probe and run.probe[0] is None:  # the first worker failed before its probe: run it on its own
        run.emit("probe", message="measuring the machine's matmul GFLOP/s")
        run.probe = run_probe(spec, run.dir)
    machine.probe_gflops, machine.probe_device = run.probe
    rows = [merge.merge_repeats(backend, api, done, spec) for (backend, api), done in outcomes.items()]
    check_parity(rows, outcomes)
    add_flops(rows, spec, machine.probe_gflops)
    cleanup_run(run.dir)
    return BenchmarkResult(id=run.id, spec=spec, machine=machine, rows=rows, wall_s=time.monotonic() - start)


def _reuse(spec: BenchmarkSpec, store, on_event: OnEvent | None) -> BenchmarkResult | None:
    cached = store.find_cached(spec, machine_info(spec.threads), installed_versions())
    if cached is not None and on_event is not None:
        on_event(RunEvent(kind="cached", message=f"reused stored result {cached.id} from {cached.created_at:%c}"))
    return cached


def run_benchmark(
    spec: BenchmarkSpec,
    on_event: OnEvent | None = None,
    store=None,
    reuse: bool = True,
    *,
    wait: bool = True,
    worker_module: str | None = None,
    probe: bool = True,
) -> BenchmarkResult:
    """Measure `spec` (or return the stored identical run on this machine when reuse), store it, return it.

    store: a guide.bench.store.ResultStore, or None to neither reuse nor save. wait=False raises
    guide.bench.lock.BenchmarkBusy at once when another benchmark holds the machine. worker_module and
    probe=False exist for tests and harness timing (guide.bench.fake_worker speaks the same protocol).
    """
    if store is not None and reuse and (cached := _reuse(spec, store, on_event)) is not None:
        return cached

    def on_wait(holder: Holder | None) -> None:
        if on_event is not None:
            detail = holder.describe() if holder else "holder unknown"
            on_event(RunEvent(kind="waiting", message=f"waiting for another benchmark: {detail}"))

    lock = BenchLock(get_settings().data_dir)
    with lock.hold(what=f"{spec.model}/{spec.size} {','.join(spec.backends)}", wait=wait, on_wait=on_wait):
        if on_event is not None:
            on_event(RunEvent(kind="started", repeats=spec.repeats, message="benchmark started"))
        result = measure(spec, on_event, worker_module or DEFAULT_WORKER_MODULE, probe)
    if store is not None:
        store.save(result)
    if on_event is not None:
        on_event(RunEvent(kind="finished", message=f"finished in {result.wall_s:.1f} s"))
    return result
