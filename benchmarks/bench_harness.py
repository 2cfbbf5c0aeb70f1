"""How long the harness takes and how much it adds: wall time of the default benchmark (target < 60 s on a
2-core CPU), with --native (target < 90 s), the per-step cost of its timed loop against a bare model.fit() and
against a bare train_on_batch loop (target < 5% each), and run-to-run spread of each row's median step.

    .venv/bin/python benchmarks/bench_harness.py [--quick] [--overhead-only]

--quick skips the second default run (no spread figure). Prints a table; exit status 0 when every target held.
Whole-run wall times with start-up are in bench_wall.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.bench.runner import prepare_inputs, run_benchmark  # noqa: E402
from guide.bench.schema import BenchmarkResult, BenchmarkSpec  # noqa: E402
from guide.bench.spawn import worker_env  # noqa: E402
from guide.reports.bench_table import table  # noqa: E402

TARGETS = {"default": 60.0, "native": 90.0, "overhead": 0.05}


def timed_run(spec: BenchmarkSpec) -> tuple[float, BenchmarkResult]:
    start = time.monotonic()
    result = run_benchmark(spec, reuse=False)  # no store: always measured
    return time.monotonic() - start, result


def overhead(backend: str, spec: BenchmarkSpec, run_dir: Path) -> dict[str, float]:
    """Per-step seconds: the harness's timed loop, one model.fit(), a bare loop (one worker process)."""
    weights, data = prepare_inputs(spec, run_dir)
    job = {"backend": backend, "model": spec.model, "size": spec.size, "batch_size": spec.batch_size,
           "steps": 100, "rounds": 15, "threads": spec.threads, "weights": str(weights), "data": str(data)}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "harness_overhead_worker.py")],
                          input=json.dumps(job), capture_output=True, text=True, check=True, timeout=600,
                          env=worker_env(backend, spec.threads, run_dir / "keras_home"), cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(first: BenchmarkResult, second: BenchmarkResult) -> dict[str, float]:
    """|a - b| / mean of each row's median step time over two whole runs."""
    out = {}
    for row in first.rows:
        other = second.row(row.backend, row.api)
        if row.ok and other is not None and other.ok:
            a, b = row.train_step_ms.median, other.train_step_ms.median
            out[row.label] = abs(a - b) / ((a + b) / 2)
    return out


def row_lines(result: BenchmarkResult, name: str) -> list[list[str]]:
    return [[f"{name}: {row.label}", f"{row.train_step_ms.median:.2f} ms/step (CV {row.train_step_ms.cv:.0%})"
             if row.ok else f"failed: {row.error}", "", "noisy" if row.noisy else ""] for row in result.rows]


def wall_lines(quick: bool) -> tuple[list[list[str]], bool, float | None]:
    """Wall time of the default benchmark and of --native, rows' step times, and (unless quick) the spread."""
    default_s, default = timed_run(BenchmarkSpec())
    native_s, native = timed_run(BenchmarkSpec(native=True))
    lines = [["default benchmark wall (mlp/small, torch+tf, 50 steps x 3)", f"{default_s:.1f} s",
              f"< {TARGETS['default']:.0f} s", "yes" if default_s < TARGETS["default"] else "NO"],
             ["same with --native (4 rows)", f"{native_s:.1f} s", f"< {TARGETS['native']:.0f} s",
              "yes" if native_s < TARGETS["native"] else "NO"]]
    ok = default_s < TARGETS["default"] and native_s < TARGETS["native"]
    lines += row_lines(default, "default") + row_lines(native, "native")
    if not quick:
        _, again = timed_run(BenchmarkSpec())
        for label, value in spread(default, again).items():
            lines.append([f"run-to-run spread of median step: {label}", f"{value:.1%}", "", ""])
    return lines, ok, default.machine.probe_gflops


def overhead_lines() -> tuple[list[list[str]], bool]:
    """Per step, the harness's timed loop against one model.fit() and against a bare train_on_batch loop."""
    lines, ok = [], True
    for backend in ("torch", "tensorflow"):
        cost = overhead(backend, BenchmarkSpec(), Path(tempfile.mkdtemp(prefix="overhead-")))
        for name, key in (("model.fit", "fit"), ("a bare loop", "loop")):
            extra = cost[f"vs_{key}"] - 1  # the median of per-round ratios: steadier than a ratio of medians
            ok = ok and extra < TARGETS["overhead"]
            lines.append([f"harness vs {name} per step, Keras on {backend}",
                          f"{extra:+.1%} ({cost['harness'] * 1e3:.3f} vs {cost[key] * 1e3:.3f} ms)", "< +5%",
                          "yes" if extra < TARGETS["overhead"] else "NO"])
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the benchmark harness itself.")
    parser.add_argument("--quick", action="store_true", help="one default run only (no spread)")
    parser.add_argument("--overhead-only", action="store_true", help="only the per-step overhead comparison")
    args = parser.parse_args(argv)
    os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-bench-harness-"))
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))
    load = os.getloadavg()[0]
    lines, ok, probe = ([], True, None) if args.overhead_only else wall_lines(args.quick)
    more, overhead_ok = overhead_lines()
    print(f"load average before: {load:.2f} on {os.cpu_count()} CPUs; probe {probe} GFLOP/s")
    print(table(("measurement", "value", "target", "met"), more + lines))
    return 0 if ok and overhead_ok else 1


if __name__ == "__main__":
    sys.exit(main())
