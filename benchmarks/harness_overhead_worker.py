"""Worker for bench_harness.py: the harness's timed loop against a bare model.fit() in the same process.

Job on stdin: {"backend", "model", "size", "batch_size", "steps", "rounds", "threads", "weights", "data"}.
Prints one JSON line: per-step seconds (medians over rounds) of (a) the harness's own timed loop
(Measurement._timed_steps: a timer and a loss readout around every step, progress lines between steps), (b) one
model.fit() over the same batches, (c) a bare train_on_batch loop with no timers; and the median over rounds of
a/b and a/c. Rounds alternate a, b, c so drift hits all three alike.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guide.bench.protocol import WorkerJob  # noqa: E402
from guide.bench.schema import BenchmarkSpec, RowResult  # noqa: E402
from guide.bench.worker import adapters  # noqa: E402
from guide.bench.worker.main import load_npz  # noqa: E402
from guide.bench.worker.measure import Batches, Measurement  # noqa: E402


def main() -> int:
    job = json.loads(sys.stdin.read())
    adapters.set_thread_env(job["threads"])
    adapters.import_framework(job["backend"], "keras", job["threads"])
    keras_models = sys.modules["models.keras_models"]
    model = keras_models.build_keras_model(job["model"], job["size"], load_npz(job["weights"]))
    keras_models.compile_keras_model(model, jit_compile=False)
    data = load_npz(job["data"])
    trainer = adapters.KerasTrainer(model, "cpu")
    steps, batch = job["steps"], job["batch_size"]
    spec = BenchmarkSpec(model=job["model"], size=job["size"], batch_size=batch, steps=steps)
    wjob = WorkerJob(spec=spec, backend=job["backend"], api="keras", weights_path="", data_path="", scratch_dir="")
    measurement = Measurement(wjob, data, emit=lambda event: None)
    batches = Batches(data["x_train"], data["y_train"], batch)
    pairs = [batches.next() for _ in range(steps)]
    x, y = np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)  # warm-up of fit's own function
    for _ in range(5):
        trainer.train_step(*batches.next())
    harness, fit, loop = [], [], []
    for _ in range(job["rounds"]):
        start = time.perf_counter()
        measurement._timed_steps(trainer, batches, RowResult(backend=job["backend"], ok=True))
        harness.append((time.perf_counter() - start) / steps)
        start = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
        fit.append((time.perf_counter() - start) / steps)
        start = time.perf_counter()
        for _ in range(steps):
            trainer.train_step(*batches.next())
        loop.append((time.perf_counter() - start) / steps)
    # Ratios within a round, then their median: a slow drift of the machine (a noisy neighbour on a VM) moves
    # all three timings of a round alike and cancels out, where the ratio of overall medians would not.
    print(json.dumps({"harness": statistics.median(harness), "fit": statistics.median(fit),
                      "loop": statistics.median(loop), "rounds": job["rounds"],
                      "vs_fit": statistics.median(h / f for h, f in zip(harness, fit, strict=True)),
                      "vs_loop": statistics.median(h / b for h, b in zip(harness, loop, strict=True))}),
          file=sys.__stdout__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
