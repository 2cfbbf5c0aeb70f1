"""`python -m guide.bench.fake_worker`: speaks the worker protocol without any framework, in milliseconds.

Used by the tests (crash, hang, missing backend, lock concurrency) and to time the harness itself. What it
does per row comes from the job's `fake` field, or from GUIDE_FAKE_WORKER, JSON such as
{"torch/keras": "crash", "*": "ok"}:
  ok (default)  a plausible result; step times around 2 ms
  crash         exits with status 3 after one progress line, writing no result
  hang          sleeps until killed (the runner's timeout)
  missing       a failed result, as the real worker writes for an ImportError
  garbage       a malformed result line
  record:PATH   ok, and appends "start end scratch_dir" to PATH (lock tests)
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from guide.bench import stats
from guide.bench.protocol import ResultLine, WorkerJob
from guide.bench.schema import ProgressEvent, RowResult


def behaviour(job: WorkerJob) -> str:
    if job.fake:
        return job.fake
    table = json.loads(os.environ.get("GUIDE_FAKE_WORKER", "{}") or "{}")
    return table.get(f"{job.backend}/{job.api}", table.get("*", "ok"))


def fake_result(job: WorkerJob) -> ResultLine:
    spec = job.spec
    rng = np.random.default_rng(spec.seed + job.repeat)
    seconds = list(0.002 + rng.random(spec.steps) * 0.0002)
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
        infer_latency_ms={
            "batch_1": stats.summarize([0.3, 0.31, 0.32]),
            f"batch_{spec.infer_batch}": stats.summarize([1.0, 1.1, 1.2]),
        },
        peak_rss_mb=100.0,
        model_size_bytes=1000,
        loss_curve=[2.3, 2.0, 1.8],
        test_accuracy=0.5,
        cpu_time_s=sum(seconds),
        cpu_ms_per_inference=0.3,
    )
    predictions = Path(job.scratch_dir) / f"predictions_{job.backend}_{job.api}_r{job.repeat}.npy"
    np.save(predictions, np.linspace(0.0, 1.0, 20).reshape(2, 10))
    return ResultLine(
        row=row,
        predictions_path=str(predictions),
        loss_after_first_step=2.0,
        samples={"train_step": seconds, "infer_batch_1": [0.0003, 0.00031, 0.00032]},
        probe_gflops=100.0 if job.probe else None,
        probe_device="cpu (fake probe)" if job.probe else None,
    )


def main() -> int:
    job = WorkerJob.model_validate(json.loads(sys.stdin.read()))
    action = behaviour(job)
    start = time.time()
    print(ProgressEvent(backend=job.backend, api=job.api, phase="import").model_dump_json(), flush=True)
    if action == "crash":
        print("fake worker: crashing on purpose", file=sys.stderr)
        return 3
    if action == "hang":
        time.sleep(3600)
    if action == "garbage":
        print('{"event": "result", "row": {"backend": "nope"}}', flush=True)
        return 0
    if action == "missing":
        row = RowResult(
            backend=job.backend,
            api=job.api,
            ok=False,
            error=f"backend {job.backend!r} is not usable here: ImportError (fake)",
        )
        print(ResultLine(row=row).model_dump_json(), flush=True)
        return 0
    time.sleep(0.05 if action.startswith("record:") else 0)
    result = fake_result(job)
    if action.startswith("record:"):
        with open(action.split(":", 1)[1], "a") as log:
            log.write(f"{start} {time.time()} {job.scratch_dir}\n")
    print(result.model_dump_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
