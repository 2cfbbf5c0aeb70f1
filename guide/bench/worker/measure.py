"""The measurement itself, the same for every row: it sees only a Trainer (train_step, predict, save).

Keras-on-torch, Keras-on-TF and the native twins are wrapped as Trainers by guide.bench.worker.adapters, so
one loop times them all and no row gets a different stopwatch. One Measurement is one repeat: build, first
step, warm-up, timed steps, inference, evaluation (and, once per row, the model save). Imports numpy only; the
framework is already loaded, so no import lands inside a timer.
"""

from __future__ import annotations

import math
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from guide.bench import stats
from guide.bench.cpu import RAPL_ENERGY_FILE, other_load_cores, system_busy_s
from guide.bench.cpu import peak_rss_mb as process_peak_rss_mb
from guide.bench.protocol import ResultLine, WorkerJob, WorkerProgress
from guide.bench.schema import RowResult

PARITY_BATCH = 32  # test samples whose untrained predictions are compared across rows
INFER_BATCH_1 = {"max_count": 200, "budget_s": 2.0}
INFER_BATCH_N = {"max_count": 20, "budget_s": 3.0}
CPU_CHUNK = 10  # batch-1 calls per CPU-time sample: one call is too short to read the process CPU clock well
MIN_CPU_CHUNKS = 5
MAX_LOSS_POINTS = 500  # longer curves are thinned so a result JSON stays small
PROGRESS_UPDATES = 20  # per phase; each is one JSON line written between timed steps

Emit = Callable[[WorkerProgress], None]


class Trainer(Protocol):
    device: str

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float: ...

    def predict(self, x: np.ndarray) -> np.ndarray: ...

    def save(self, path: Path) -> int: ...


class Batches:
    """Contiguous views into the training set, reused in order: no copying inside the timed loop."""

    def __init__(self, x: np.ndarray, y: np.ndarray, batch_size: int):
        if len(x) < batch_size:  # a tiny dataset still gives full batches
            reps = math.ceil(batch_size / len(x))
            x, y = np.concatenate([x] * reps), np.concatenate([y] * reps)
        count = len(x) // batch_size
        self._views = [
            (x[i * batch_size : (i + 1) * batch_size], y[i * batch_size : (i + 1) * batch_size])
            for i in range(count)
        ]
        self._next = 0

    def next(self) -> tuple[np.ndarray, np.ndarray]:
        batch = self._views[self._next % len(self._views)]
        self._next += 1
        return batch


def read_energy_uj() -> int | None:
    try:
        return int(RAPL_ENERGY_FILE.read_text().strip())
    except (OSError, ValueError):
        return None


def peak_rss_mb() -> float:
    """The peak of this worker, framework import included (VmHWM; ru_maxrss where /proc is missing)."""
    return process_peak_rss_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def thin(values: list[float], limit: int = MAX_LOSS_POINTS) -> list[float]:
    if len(values) <= limit:
        return values
    stride = math.ceil(len(values) / limit)
    return values[::stride]


class Measurement:
    """One repeat of one row: build, train, time, infer, evaluate; returns the protocol's ResultLine.

    repeat: which repeat this is (default: the job's first); save_model: whether this repeat saves the model
    for its size (default: the job says so and runs only this repeat).
    """

    def __init__(self, job: WorkerJob, data: dict[str, np.ndarray], emit: Emit, clock=time.perf_counter,
                 repeat: int | None = None, save_model: bool | None = None):
        self.job, self.spec, self.data, self.emit, self.clock = job, job.spec, data, emit, clock
        self.repeat = job.repeat if repeat is None else repeat
        self.save_model = (job.save_model and job.repeat_count == 1) if save_model is None else save_model
        self.losses: list[float] = []
        self.samples: dict[str, list[float]] = {}

    def progress(self, phase: str, done: int = 0, total: int = 0, message: str = "") -> None:
        self.emit(WorkerProgress(backend=self.job.backend, api=self.job.api, repeat=self.repeat, phase=phase,
                                 done=done, total=total, message=message))

    def save_parity_predictions(self, trainer: Trainer) -> str:
        """Logits of the untrained model on a fixed test batch, for the runner's cross-row parity check."""
        predictions = np.asarray(trainer.predict(self.data["x_test"][:PARITY_BATCH]), dtype=np.float64)
        name = f"predictions_{self.job.backend}_{self.job.api}_r{self.repeat}.npy"
        path = Path(self.job.scratch_dir) / name
        np.save(path, predictions)
        return str(path)

    def train(self, trainer: Trainer, row: RowResult) -> float | None:
        """First step (timed alone), warm-up, then the timed steps; returns the loss after one update."""
        batches = Batches(self.data["x_train"], self.data["y_train"], self.spec.batch_size)
        self.progress("first_step", message="first step: tracing / compiling")
        first_loss, row.first_step_s = stats.timed(lambda: trainer.train_step(*batches.next()), self.clock)
        self.losses.append(float(first_loss))
        for index in range(self.spec.warmup):
            self.losses.append(float(trainer.train_step(*batches.next())))
            self.progress("warmup", index + 1, self.spec.warmup)
        row.train_step_ms, row.samples_per_s = self._timed_steps(trainer, batches, row)
        return self.losses[1] if len(self.losses) > 1 else None

    def _timed_steps(self, trainer: Trainer, batches: Batches, row: RowResult):
        total = self.spec.steps
        every = max(1, total // PROGRESS_UPDATES)

        def after_each(index: int, loss: float) -> None:
            self.losses.append(float(loss))
            if (index + 1) % every == 0 or index + 1 == total:
                self.progress("train", index + 1, total)

        batch_list = [batches.next() for _ in range(total)]  # views, picked before the clock starts
        feed = iter(batch_list)
        energy_before, cpu_before, busy_before = read_energy_uj(), time.process_time(), system_busy_s()
        wall_before = time.perf_counter()
        seconds = stats.time_each(lambda: trainer.train_step(*next(feed)), total, self.clock, after_each)
        row.cpu_time_s = time.process_time() - cpu_before
        busy_after, wall = system_busy_s(), time.perf_counter() - wall_before
        row.other_load_cores = other_load_cores(busy_before, busy_after, row.cpu_time_s, wall)
        energy_after = read_energy_uj()
        if energy_before is not None and energy_after is not None and energy_after >= energy_before:
            row.energy_j = (energy_after - energy_before) / 1e6
        self.samples["train_step"] = seconds
        return stats.scaled(stats.summarize(seconds), 1000), stats.throughput(seconds, self.spec.batch_size)

    def infer(self, trainer: Trainer, row: RowResult) -> None:
        """Latency at batch 1 (the interactive case) and at infer_batch (the throughput case)."""
        x_test = self.data["x_test"]
        for batch in (1, self.spec.infer_batch):
            x = Batches(x_test, np.zeros(len(x_test), dtype=np.int64), batch).next()[0]
            self.progress("infer", message=f"inference at batch {batch}")
            for _ in range(3):  # warm-up: tracing for this input shape
                trainer.predict(x)
            if batch == 1:
                seconds = self._batch_1(trainer, x, row)
            else:
                seconds = stats.time_until(lambda x=x: trainer.predict(x), clock=self.clock, **INFER_BATCH_N)
            self.samples[f"infer_batch_{batch}"] = seconds
            row.infer_latency_ms[f"batch_{batch}"] = stats.scaled(stats.summarize(seconds), 1000)

    def _batch_1(self, trainer: Trainer, x: np.ndarray, row: RowResult) -> list[float]:
        """Each batch-1 call timed, and process CPU time per call over chunks of CPU_CHUNK calls (one sample
        per chunk), so CPU time per inference has a distribution too."""
        seconds: list[float] = []
        cpu: list[float] = []
        while len(seconds) < INFER_BATCH_1["max_count"] and (
            len(cpu) < MIN_CPU_CHUNKS or math.fsum(seconds) < INFER_BATCH_1["budget_s"]
        ):
            cpu_before = time.process_time()
            seconds += stats.time_each(lambda: trainer.predict(x), CPU_CHUNK, self.clock)
            cpu.append((time.process_time() - cpu_before) / CPU_CHUNK)
        self.samples["cpu_infer_batch_1"] = cpu
        row.cpu_ms_per_inference = statistics.fmean(cpu) * 1000
        return seconds

    def evaluate(self, trainer: Trainer) -> float:
        x_test, y_test = self.data["x_test"], self.data["y_test"]
        chunk = self.spec.infer_batch
        logits = [np.asarray(trainer.predict(x_test[i : i + chunk])) for i in range(0, len(x_test), chunk)]
        predicted = np.argmax(np.concatenate(logits), axis=-1)
        return float(np.mean(predicted == y_test))

    def run(self, build: Callable[[], Trainer], row: RowResult) -> ResultLine:
        self.progress("build", message="building and compiling the model")
        trainer, row.build_s = stats.timed(build, self.clock)
        row.device = trainer.device
        # The first prediction (kept for the parity check) is where a compiled model traces its inference
        # function: counted with the build, so compile time is never hidden between two timers.
        predictions_path, predict_s = stats.timed(lambda: self.save_parity_predictions(trainer), self.clock)
        row.build_s += predict_s
        loss_after_first_step = self.train(trainer, row)
        self.infer(trainer, row)
        self.progress("evaluate", message="held-out accuracy")
        row.test_accuracy = self.evaluate(trainer)
        # Read before saving: a save may load more of the framework than training did.
        row.peak_rss_mb = peak_rss_mb()
        if self.save_model:  # the size does not change between repeats: saved once per row
            self.progress("save", message="saving the model for its size")
            model_name = f"model_{self.job.backend}_{self.job.api}"
            row.model_size_bytes = trainer.save(Path(self.job.scratch_dir) / model_name)
        row.loss_curve = thin(self.losses)
        return ResultLine(
            repeat=self.repeat,
            row=row,
            predictions_path=predictions_path,
            loss_after_first_step=loss_after_first_step,
            samples=self.samples,
        )
