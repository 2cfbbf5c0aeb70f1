"""Regenerate tests/data/bench_result_mlp_small.json: a real small run with Keras and native rows.

The chart and page tests draw from this file instead of running frameworks. Re-run it after a schema change:
    .venv/bin/python benchmarks/make_test_fixture.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.bench.runner import run_benchmark  # noqa: E402
from guide.bench.schema import BenchmarkSpec  # noqa: E402
from guide.reports.bench_table import summary  # noqa: E402

FIXTURE = ROOT / "tests" / "data" / "bench_result_mlp_small.json"


def main() -> int:
    import os

    os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-fixture-"))
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))
    spec = BenchmarkSpec(model="mlp", size="small", steps=30, warmup=3, repeats=2, native=True,
                         backends=["torch", "tensorflow"], infer_batch=128)
    result = run_benchmark(spec)
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(result.model_dump_json(indent=1) + "\n")
    print(summary(result))
    print(f"wrote {FIXTURE.relative_to(ROOT)}")
    return 0 if all(row.ok for row in result.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
