"""`python -m tests.test_bench_jobs_worker`: tests.fake_worker held at a gate that the test opens.

The job tests need a run that is certainly still going while they reload a page or press Stop, and then
finishes when they say so; a worker that sleeps a while would make them race the clock. Each start appends a
line to $GUIDE_TEST_GATE/starts (so a test counts worker processes), reports one timed step, waits until
$GUIDE_TEST_GATE/open exists, then answers exactly as the fake worker does. No tests here.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

from guide.bench.protocol import WorkerJob, WorkerProgress
from tests import fake_worker

GATE_ENV = "GUIDE_TEST_GATE"
GIVE_UP_S = 300.0  # a test that never opens the gate must not leave this process behind for long


def gate_dir() -> Path:
    return Path(os.environ[GATE_ENV])


def open_gate() -> None:
    (gate_dir() / "open").touch()


def starts() -> list[str]:
    """One "backend/api" per worker process started so far."""
    path = gate_dir() / "starts"
    return path.read_text().split() if path.exists() else []


def main() -> int:
    text = sys.stdin.read()
    job = WorkerJob.model_validate(json.loads(text))
    with open(gate_dir() / "starts", "a") as log:
        log.write(f"{job.backend}/{job.api}\n")
    step = WorkerProgress(backend=job.backend, api=job.api, repeat=job.repeat, phase="train", done=1,
                          total=job.spec.steps)
    print(step.model_dump_json(), flush=True)
    deadline = time.monotonic() + GIVE_UP_S
    while not (gate_dir() / "open").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    sys.stdin = io.StringIO(text)
    return fake_worker.main()


if __name__ == "__main__":
    sys.exit(main())
