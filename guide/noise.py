"""When is a difference between two measurements real? One rule for the recommendation and the claim check.

Timed distributions (Stats) differ beyond noise when their medians are further apart than the mean of their
interquartile ranges. One-off figures (a CPU time, a start-up time) carry no spread of their own, so they must
differ by more than SCALAR_MARGIN of the larger value.
"""

from __future__ import annotations

from guide.bench.schema import Stats

SCALAR_MARGIN = 0.2

Measure = Stats | float


def central(x: Measure) -> float:
    return x.median if isinstance(x, Stats) else x


def within_noise(a: Measure, b: Measure) -> bool:
    if isinstance(a, Stats) and isinstance(b, Stats):
        return abs(a.median - b.median) <= (a.iqr + b.iqr) / 2
    return abs(central(a) - central(b)) <= SCALAR_MARGIN * max(central(a), central(b))


def lower_beyond_noise(a: Measure, b: Measure) -> bool | None:
    """True: a is lower beyond noise; False: b is; None: within noise."""
    return None if within_noise(a, b) else central(a) < central(b)
