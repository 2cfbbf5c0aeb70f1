"""`python -m tests.fake_worker`: speaks the worker protocol without any framework, in milliseconds.

Used by the tests (crash, hang, missing backend, lock concurrency, cancellation) and to time the harness itself.
Like the real worker it runs the job's repeats in one process (`repeat_count`), one result line per repeat,
with progress lines that name the repeat. What it does per row comes from
GUIDE_FAKE_WORKER, JSON such as {"torch/keras": "crash", "*": "ok"}:
  ok (default)  a plausible result per repeat; step times around 2 ms
  crash         exits with status 3 after one progress line, writing no result
  hang          sleeps until killed (the runner's timeout)
  missing       a failed result, as the real worker writes for an ImportError
  garbage       a malformed result line
  slow          ok, but each repeat's timed steps take about two seconds (cancellation tests); its progress
                messages carry the process id ("pid 1234")
  record:PATH   ok, and appends "start end scratch_dir pid backend/api repeats" to PATH, one line per process
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from guide.bench import stats
from guide.bench.protocol import ResultLine, WorkerJob, WorkerProgress
from guide.bench.schema import RowResult

SLOW_STEP_S = 0.2


def behaviour(job: WorkerJob) -> str:
    table = json.loads(os.environ.get("GUIDE_FAKE_WORKER", "{}") or "{}")
    return table.get(f"{job.backend}/{job.api}", table.get("*", "ok"))


def fake_samples(job: WorkerJob, repeat: int) -> dict[str, list[float]]:
    """Seconds per metric, as the real worker sends them; seeded by repeat so repeats differ a little."""
    spec = job.spec
    rng = np.random.default_rng(spec.seed + repeat)
    return {
        "train_step": list(0.002 + rng.random(spec.steps) * 0.0002),
        "infer_batch_1": list(0.0003 + rng.random(20) * 0.00002),
        f"infer_batch_{spec.infer_batch}": list(0.001 + rng.random(10) * 0.0001),
        "cpu_infer_batch_1": list(0.00029 + rng.random(2) * 0.00002),
    }


def fake_result(job: WorkerJob, repeat: int, last: bool) -> ResultLine:
    spec = job.spec
    samples = fake_samples(job, repeat)
    seconds = samples["train_step"]
    row = RowResult(
        backend=job.backend,
        api=job.api,
        ok=True,
        versions={"fake": "1"},
        device="cpu: fake",
        import_s=0.01,
        build_s=0.01,
        first_step_s=0.005,
        train_step_ms=stats.scaled(stats.summarize(seconds), 1000),
        samples_per_s=stats.throughput(seconds, spec.batch_size),
        infer_latency_ms={key.removeprefix("infer_"): stats.scaled(stats.summarize(values), 1000)
                          for key, values in samples.items() if key.startswith("infer_batch_")},
        peak_rss_mb=100.0,
        model_size_bytes=1000 if last and job.save_model else None,
        loss_curve=[2.3, 2.0, 1.8],
        test_accuracy=0.5,
        cpu_time_s=sum(seconds),
        cpu_ms_per_inference=float(np.mean(samples["cpu_infer_batch_1"])) * 1000,
    )
    predictions = Path(job.scratch_dir) / f"predictions_{job.backend}_{job.api}_r{repeat}.npy"
    np.save(predictions, np.linspace(0.0, 1.0, 20).reshape(2, 10))
    probe = job.probe and last
    return ResultLine(
        repeat=repeat,
        row=row,
        predictions_path=str(predictions),
        loss_after_first_step=2.0,
        samples=samples,
        probe_gflops=100.0 if probe else None,
        probe_device="cpu (fake probe)" if probe else None,
    )


def say(job: WorkerJob, repeat: int, phase: str, done: int = 0, total: int = 0) -> None:
    event = WorkerProgress(backend=job.backend, api=job.api, repeat=repeat, phase=phase, done=done, total=total,
                           message=f"pid {os.getpid()}")
    print(event.model_dump_json(), flush=True)


def run_repeat(job: WorkerJob, repeat: int, action: str, start: float) -> None:
    """The phases the real worker reports, then the repeat's result line (the runner may kill the process as
    soon as the last one arrives, so the record line is written before it)."""
    last = repeat == job.repeats()[-1]
    for phase in ("build", "first_step"):
        say(job, repeat, phase)
    steps = 10 if action == "slow" else 1
    for done in range(1, steps + 1):
        time.sleep(SLOW_STEP_S if action == "slow" else 0)
        say(job, repeat, "train", done, steps)
    for phase in ("infer", "evaluate") + (("save",) if last and job.save_model else ()):
        say(job, repeat, phase)
    if last and job.probe:
        say(job, repeat, "probe")
    if last and action.startswith("record:"):
        with open(action.split(":", 1)[1], "a") as log:
            log.write(f"{start} {time.time()} {job.scratch_dir} {os.getpid()} {job.backend}/{job.api} "
                      f"{job.repeat_count}\n")
    print(fake_result(job, repeat, last).model_dump_json(), flush=True)


def fail_at_once(job: WorkerJob, action: str) -> int | None:
    """The behaviours that end before any measurement; None for the ones that measure."""
    if action == "crash":
        print("fake worker: crashing on purpose", file=sys.stderr)
        return 3
    if action == "hang":
        time.sleep(3600)
    if action == "garbage":
        print('{"event": "result", "row": {"backend": "nope"}}', flush=True)
        return 0
    if action == "missing":
        row = RowResult(backend=job.backend, api=job.api, ok=False,
                        error=f"backend {job.backend!r} is not usable here: ImportError (fake)")
        print(ResultLine(repeat=job.repeat, row=row).model_dump_json(), flush=True)
        return 0
    return None


def main() -> int:
    job = WorkerJob.model_validate(json.loads(sys.stdin.read()))
    action = behaviour(job)
    start = time.time()
    say(job, job.repeat, "import")
    code = fail_at_once(job, action)
    if code is not None:
        return code
    time.sleep(0.05 if action.startswith("record:") else 0)
    for repeat in job.repeats():
        run_repeat(job, repeat, action, start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
