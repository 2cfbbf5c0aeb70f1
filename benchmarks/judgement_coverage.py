"""How often the judgement's "95%" interval holds the true ratio, by simulation (README: the judgement).

Rows are drawn as a team's runs behave: within a repeat, log-normal step times around the row's true median;
between repeats, the whole repeat shifted by a random drift (the machine is slower in one repeat). The true
ratio of the two rows' medians is known, so coverage is the share of simulated comparisons whose interval
holds it. Run: .venv/bin/python benchmarks/judgement_coverage.py [--trials 400]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guide.evidence.judgement import Measured, judgement_settings, ratio_interval  # noqa: E402


def draw_row(rng, median: float, repeats: int, n: int, within: float, between: float) -> Measured:
    shifts = rng.normal(0.0, between, repeats)
    return Measured("row", tuple(tuple(median * np.exp(s + rng.normal(0.0, within, n))) for s in shifts))


def coverage(repeats: int, trials: int, within: float, between: float, ratio: float = 1.2, n: int = 50) -> float:
    rng = np.random.default_rng(repeats * 1000 + int(between * 100))
    settings = judgement_settings()
    held = 0
    for _ in range(trials):
        a = draw_row(rng, ratio, repeats, n, within, between)
        b = draw_row(rng, 1.0, repeats, n, within, between)
        low, high, _ = ratio_interval(a, b, settings)
        held += low <= ratio <= high
    return held / trials


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=400)
    args = parser.parse_args()
    print("repeats  drift between repeats  coverage of the 95% interval")
    for repeats in (3, 5):
        for between in (0.0, 0.03, 0.08):
            c = coverage(repeats, args.trials, within=0.05, between=between)
            print(f"{repeats:>7}  {between:>21.0%}  {c:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(math.floor(main()))
