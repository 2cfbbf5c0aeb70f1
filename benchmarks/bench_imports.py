"""Does keeping Keras's unused optional imports out of the workers (guide.bench.worker.adapters.UNUSED_IMPORTS:
JAX, scikit-learn, pandas, and TensorFlow in a torch row) change any number? And what does it save?

    .venv/bin/python benchmarks/bench_imports.py [--model mlp] [--size small]

Runs the same 4-row benchmark (1 thread, every row; one repeat) twice: with the workers importing everything
Keras imports by default (GUIDE_WORKER_IMPORT_ALL=1) and as shipped. Prints, per row, the import time and the
worker's wall both ways, and whether losses, accuracy, parity and saved-model size are the same. Exit status 1
when any of those differ: then the blocking is not safe and must go.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.bench.runner import run_benchmark  # noqa: E402
from guide.bench.schema import BenchmarkResult, BenchmarkSpec, RowResult  # noqa: E402
from guide.bench.worker.adapters import IMPORT_ALL_ENV  # noqa: E402
from guide.reports.bench_table import table  # noqa: E402


def run(spec: BenchmarkSpec, import_all: bool) -> BenchmarkResult:
    os.environ["GUIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-imports-")
    os.environ[IMPORT_ALL_ENV] = "1" if import_all else "0"
    try:
        return run_benchmark(spec, reuse=False, probe=False)
    finally:
        os.environ.pop(IMPORT_ALL_ENV, None)


def same_numbers(a: RowResult, b: RowResult) -> list[str]:
    """What differs between two runs of one row that should be bit-identical (same weights, data, threads)."""
    differ = []
    if a.loss_curve != b.loss_curve:
        worst = max(abs(x - y) for x, y in zip(a.loss_curve, b.loss_curve, strict=False))
        differ.append(f"loss curve (max diff {worst:.2e})")
    if a.test_accuracy != b.test_accuracy:
        differ.append(f"accuracy {a.test_accuracy} vs {b.test_accuracy}")
    if a.model_size_bytes is not None and b.model_size_bytes is not None and \
            abs(a.model_size_bytes - b.model_size_bytes) > 64:  # .keras metadata holds a timestamp
        differ.append(f"model size {a.model_size_bytes} vs {b.model_size_bytes}")
    parity = [(r.parity.max_abs_diff_pred, r.parity.loss_diff_first_step) if r.parity else None for r in (a, b)]
    if parity[0] != parity[1]:
        differ.append(f"parity {parity[0]} vs {parity[1]}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="mlp")
    parser.add_argument("--size", default="small")
    args = parser.parse_args(argv)
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))
    spec = BenchmarkSpec(model=args.model, size=args.size, steps=40, warmup=3, repeats=1, threads=1, native=True)
    everything, shipped = run(spec, import_all=True), run(spec, import_all=False)
    lines, ok = [], True
    for old in everything.rows:
        new = shipped.row(old.backend, old.api)
        if not (old.ok and new is not None and new.ok):
            lines.append([old.label, f"failed: {old.error or (new.error if new else 'missing')}", "", "", "NO"])
            ok = False
            continue
        differ = same_numbers(old, new)
        ok = ok and not differ
        lines.append([old.label, f"{old.import_s:.2f} -> {new.import_s:.2f} s",
                      f"{old.wall_s:.1f} -> {new.wall_s:.1f} s", "; ".join(differ) or "identical",
                      "yes" if not differ else "NO"])
    print(f"{args.model}/{args.size}, 1 thread, one repeat; left: every import, right: as shipped")
    print(table(("row", "import", "worker wall", "losses, accuracy, parity, model size", "same"), lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
