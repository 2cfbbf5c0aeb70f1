"""Rerun cost of a page: median and spread of N AppTest reruns after the first render.

    .venv/bin/python benchmarks/bench_rerun.py [--page app_pages/recommendation.py] [--runs 20] [--root DIR]

--root runs the same measurement on another checkout (e.g. a `git worktree` of an older commit), so a change
is measured before and after on one machine, in one sitting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def measure(root: Path, page: str, runs: int) -> list[float]:
    sys.path.insert(0, str(root))
    os.chdir(root)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.query_params.update({"use_case": "research", "deployment_target": "mobile", "mobile_platform": "ios"})
    at.run()
    at.switch_page(page).run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", default="app_pages/recommendation.py")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-rerun-"))
    times = measure(args.root.resolve(), args.page, args.runs)
    q = statistics.quantiles(times, n=4)
    print(f"{args.page} at {args.root}: median {statistics.median(times):.0f} ms, IQR {q[0]:.0f}-{q[2]:.0f} ms, "
          f"n={len(times)}")


if __name__ == "__main__":
    main()
