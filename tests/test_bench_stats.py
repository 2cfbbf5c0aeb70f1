"""guide.bench.stats against numbers worked out by hand, with a fake clock instead of real time."""

import math

import pytest

from guide.bench import stats


class FakeClock:
    """Returns scripted times: each call to the timed function advances it by the next duration."""

    def __init__(self, durations):
        self.now = 100.0
        self.durations = list(durations)

    def __call__(self) -> float:
        return self.now

    def work(self):
        self.now += self.durations.pop(0)
        return "done"


def test_summarize_matches_hand_computed_values():
    # samples 1..5: mean 3, sample variance ((4+1+0+1+4)/4) = 2.5, median 3
    # p5 = 1 + 0.05*4*(2-1) = 1.2; p95 = 4 + 0.8*(5-4) = 4.8; p25 = 2, p75 = 4 -> IQR 2
    s = stats.summarize([5, 1, 4, 2, 3])
    assert s.n == 5
    assert s.median == 3
    assert s.mean == 3
    assert s.stdev == pytest.approx(math.sqrt(2.5))
    assert s.p5 == pytest.approx(1.2)
    assert s.p95 == pytest.approx(4.8)
    assert s.iqr == pytest.approx(2.0)
    assert s.cv == pytest.approx(math.sqrt(2.5) / 3)
    assert (s.min, s.max) == (1, 5)


def test_even_count_median_interpolates():
    assert stats.summarize([1, 2, 3, 10]).median == 2.5
    assert stats.percentile([10, 20], 50) == 15


def test_single_sample_has_no_spread():
    s = stats.summarize([7.0])
    assert (s.median, s.stdev, s.cv, s.iqr, s.p5, s.p95) == (7.0, 0.0, 0.0, 0.0, 7.0, 7.0)


@pytest.mark.parametrize("bad", [[], [1.0, float("nan")], [float("inf")]])
def test_summarize_rejects_unusable_samples(bad):
    with pytest.raises(ValueError):
        stats.summarize(bad)


def test_percentile_bounds_are_checked():
    with pytest.raises(ValueError):
        stats.percentile([1, 2], 101)


def test_scaled_changes_units_not_shape():
    s = stats.scaled(stats.summarize([0.001, 0.002, 0.003]), 1000)
    assert s.median == pytest.approx(2.0)
    assert s.stdev == pytest.approx(1.0)
    assert s.cv == pytest.approx(0.5)  # unit-free, unchanged
    assert s.n == 3


def test_throughput_is_per_step_not_batch_over_median():
    # steps of 0.5 s and 0.25 s with 100 items: 200 and 400 items/s -> median 300
    t = stats.throughput([0.5, 0.25], 100)
    assert t.median == pytest.approx(300)
    assert (t.min, t.max) == (pytest.approx(200), pytest.approx(400))
    with pytest.raises(ValueError):
        stats.throughput([0.0], 10)


def test_time_each_with_fake_clock_records_each_duration():
    clock = FakeClock([0.010, 0.020, 0.015])
    seen = []
    durations = stats.time_each(clock.work, 3, clock=clock, after_each=lambda i, r: seen.append((i, r)))
    assert durations == pytest.approx([0.010, 0.020, 0.015])
    assert seen == [(0, "done"), (1, "done"), (2, "done")]
    summary = stats.scaled(stats.summarize(durations), 1000)
    assert summary.median == pytest.approx(15.0)
    assert summary.mean == pytest.approx(15.0)


def test_after_each_runs_outside_the_timed_region():
    clock = FakeClock([0.001, 0.001])

    def slow_bookkeeping(_i, _r):
        clock.now += 5.0  # would dominate the timings if it were inside

    durations = stats.time_each(clock.work, 2, clock=clock, after_each=slow_bookkeeping)
    assert durations == pytest.approx([0.001, 0.001])


def test_timed_returns_result_and_seconds():
    clock = FakeClock([0.25])
    assert stats.timed(clock.work, clock=clock) == ("done", pytest.approx(0.25))


def test_time_until_stops_on_budget_after_minimum():
    # each call 1 s, budget 2.5 s, at least 2: stops after the 3rd call (spent 3 >= 2.5)
    clock = FakeClock([1.0] * 10)
    assert len(stats.time_until(clock.work, max_count=10, budget_s=2.5, min_count=2, clock=clock)) == 3
    # minimum wins over the budget; max_count caps fast calls
    clock = FakeClock([10.0] * 10)
    assert len(stats.time_until(clock.work, max_count=10, budget_s=1.0, min_count=4, clock=clock)) == 4
    clock = FakeClock([0.001] * 10)
    assert len(stats.time_until(clock.work, max_count=6, budget_s=100.0, min_count=2, clock=clock)) == 6
