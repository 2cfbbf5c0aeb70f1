"""Calibrating the busy rule (README: Busy machines): a 1-thread benchmark run quiet, beside one busy core (the
core the run leaves free), and beside two (one of them sharing the run's own core). For each, every row's
`other_load_cores`, whether the one rule calls it busy, and the native twins' step-time medians, so a reader sees
where timing is disturbed and where another core in use leaves it alone.
Run: .venv/bin/python benchmarks/busy_calibration.py   (about 3 minutes on 2 cores)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPIN = "import time\nend = time.time() + 600\nwhile time.time() < end:\n    pass\n"


def run_bench(out: Path) -> dict:
    env = {**os.environ, "GUIDE_DATA_DIR": tempfile.mkdtemp(prefix="guide-busy-")}
    subprocess.run([sys.executable, "-m", "guide", "bench", "--model", "mlp", "--size", "small", "--native",
                    "--backends", "torch", "--steps", "60", "--repeats", "2", "--rerun", "--json", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=900)
    return json.loads(out.read_text())


def main() -> int:
    from guide.bench.cpu import cpu_cores, is_busy
    from guide.bench.machine import busy_margin_cores

    margin, free = busy_margin_cores(), cpu_cores() - 1
    print(f"{cpu_cores()} cores, runs of 1 thread ({free} left free), margin {margin} cores")
    print("background spinners | row | other load (cores) | busy by the rule | step median ms")
    for spinners in (0, 1, 2):
        procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(spinners)]
        try:
            result = run_bench(Path(tempfile.mkdtemp()) / "out.json")
        finally:
            for p in procs:
                p.kill()
        for row in result["rows"]:
            load = row.get("other_load_cores")
            step = (row.get("train_step_ms") or {}).get("median")
            print(f"{spinners:>19} | {row['backend']}/{row['api']} | {load if load is None else round(load, 2)} | "
                  f"{is_busy(load, free, margin)} | {step if step is None else round(step, 3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
