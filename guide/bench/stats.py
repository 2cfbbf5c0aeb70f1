"""Pure statistics for timing samples, and a step timer whose clock can be injected.

No numpy and no framework here: the page, the runner and the tests all use these functions, and the tests
check them against numbers worked out by hand with a fake clock (the idea of pytest-benchmark's stats and
pyperf's injected clock).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from guide.bench.schema import Stats

T = TypeVar("T")
Clock = Callable[[], float]


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between order statistics (numpy's default)."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


def summarize(samples: Sequence[float]) -> Stats:
    """Median, mean, sample stdev (n-1), p5, p95, IQR, CV, min and max of one set of samples."""
    values = [float(v) for v in samples]
    if not values:
        raise ValueError("cannot summarise an empty list of samples")
    if any(math.isnan(v) or math.isinf(v) for v in values):
        raise ValueError("samples contain NaN or infinity")
    n = len(values)
    mean = math.fsum(values) / n
    # One sample has no spread; report 0 rather than an undefined stdev.
    stdev = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return Stats(
        n=n,
        median=percentile(values, 50),
        mean=mean,
        stdev=stdev,
        p5=percentile(values, 5),
        p95=percentile(values, 95),
        iqr=percentile(values, 75) - percentile(values, 25),
        cv=stdev / mean if mean else 0.0,
        min=min(values),
        max=max(values),
    )


def scaled(stats: Stats, factor: float) -> Stats:
    """The same distribution in other units (seconds -> ms); CV and n do not change."""
    fields = ("median", "mean", "stdev", "p5", "p95", "iqr", "min", "max")
    return stats.model_copy(update={name: getattr(stats, name) * factor for name in fields})


def throughput(step_seconds: Sequence[float], items_per_step: int) -> Stats:
    """Items per second of each step (not batch / median step): its spread is the spread users see."""
    if any(s <= 0 for s in step_seconds):
        raise ValueError("step times must be positive to turn into a throughput")
    return summarize([items_per_step / s for s in step_seconds])


def timed(fn: Callable[[], T], clock: Clock = time.perf_counter) -> tuple[T, float]:
    """Run fn once and return (its result, seconds it took by `clock`)."""
    start = clock()
    result = fn()
    return result, clock() - start


def time_each(
    fn: Callable[[], T],
    count: int,
    clock: Clock = time.perf_counter,
    after_each: Callable[[int, T], None] | None = None,
) -> list[float]:
    """Time `count` calls one by one; `after_each(i, result)` runs outside the timed region.

    fn itself must synchronise (return a Python float of the loss, or numpy of the logits), otherwise an
    asynchronous device would make the timer measure only the launch.
    """
    durations: list[float] = []
    for index in range(count):
        result, seconds = timed(fn, clock)
        durations.append(seconds)
        if after_each is not None:
            after_each(index, result)
    return durations


def time_until(
    fn: Callable[[], object],
    max_count: int,
    budget_s: float,
    min_count: int = 5,
    clock: Clock = time.perf_counter,
) -> list[float]:
    """Time up to max_count calls, stopping early once budget_s is spent and at least min_count were timed.

    Inference of a large model at a big batch can take seconds per call; a time budget keeps a run bounded
    while small models still get many samples.
    """
    durations: list[float] = []
    spent = 0.0
    while len(durations) < max_count and (len(durations) < min_count or spent < budget_s):
        _, seconds = timed(fn, clock)
        durations.append(seconds)
        spent += seconds
    return durations
