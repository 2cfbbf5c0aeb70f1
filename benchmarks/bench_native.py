"""Native twins beside the Keras rows: for the default MLP and CNN, the wall time with --native, each row's share
of the machine's matmul peak, and the Keras overhead per backend.

    .venv/bin/python benchmarks/bench_native.py [--models mlp,cnn]

Target (issue 9): the default benchmark with --native finishes in under 90 s of wall time on a 2-core CPU.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.bench.runner import run_benchmark  # noqa: E402
from guide.bench.schema import BenchmarkSpec  # noqa: E402
from guide.evidence.overhead import keras_overhead  # noqa: E402
from guide.reports.bench_table import table  # noqa: E402

TARGET_S = 90.0


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def report(model: str) -> None:
    spec = BenchmarkSpec(model=model, native=True)
    start = time.perf_counter()
    result = run_benchmark(spec, reuse=False)
    wall = time.perf_counter() - start
    verdict = "" if model != "mlp" else f" (target < {TARGET_S:.0f} s: {'met' if wall < TARGET_S else 'MISSED'})"
    m = result.machine
    print(f"\n{model}/{spec.size} with --native: {wall:.1f} s wall{verdict}; {m.cpu_model}, {m.cpu_cores} cores, "
          f"{m.threads} threads; matmul probe {m.probe_gflops} GFLOP/s")
    rows = [[r.label, "ok" if r.ok else f"failed: {r.error}", f"{r.train_step_ms.median:.3f}" if r.train_step_ms
             else "-", f"{r.achieved_gflops.get('train', 0):.2f}", pct(r.peak_share.get("train")),
             f"{r.achieved_gflops.get('infer', 0):.2f}", pct(r.peak_share.get("infer")),
             "noisy" if r.noisy else ""] for r in result.rows]
    print(table(["row", "status", "step ms", "train GFLOP/s", "train peak", "infer GFLOP/s", "infer peak", ""], rows))
    for o in keras_overhead(result):
        print(f"Keras overhead, {o.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="mlp,cnn")
    args = parser.parse_args()
    import os

    os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-bench-native-"))
    for model in args.models.split(","):
        report(model)


if __name__ == "__main__":
    main()
