"""The one statistical judgement (guide/judgement.py) on synthetic samples whose answer is known."""

import math
from dataclasses import replace

import numpy as np
import pytest

from guide.evidence.judgement import Measured, compare, compare_trend, judgement_settings, ratio_interval


def sampled(label: str, medians: list[float], spread: float, n: int = 50, seed: int = 1,
            busy: float | None = None, free: float | None = None) -> Measured:
    """Repeats of n samples around each median, with a relative spread (uniform noise, so no outliers)."""
    rng = np.random.default_rng(seed)
    repeats = tuple(tuple(m * (1 + spread * (rng.random(n) - 0.5))) for m in medians)
    return Measured(label, repeats, busy_cores=busy, free_cores=free)


def test_a_large_gap_counts_even_with_one_wild_repeat():
    torch = sampled("PyTorch, native", [0.035, 0.036, 0.120], 0.1)  # the third repeat ran 3x slower
    tf = sampled("TensorFlow, native", [0.28, 0.29, 0.28], 0.1, seed=2)
    c = compare(torch, tf)
    assert c.counts and c.lower == "a" and c.method == "bootstrap"
    assert c.high < 1 / 1.1
    assert "PyTorch, native is lower" in c.reason


def test_the_wild_repeat_widens_the_interval():
    steady = sampled("a", [1.0, 1.0, 1.0], 0.1)
    wild = sampled("a", [1.0, 1.0, 1.6], 0.1)
    other = sampled("b", [2.0, 2.0, 2.0], 0.1, seed=3)
    low_s, high_s, _ = ratio_interval(steady, other)
    low_w, high_w, _ = ratio_interval(wild, other)
    assert high_w / low_w > high_s / low_s


def test_a_two_percent_gap_with_wide_spread_does_not_count():
    a = sampled("a", [1.00, 1.10, 0.95], 0.6)
    b = sampled("b", [1.02, 0.97, 1.12], 0.6, seed=5)
    c = compare(a, b)
    assert not c.counts and c.lower is None
    assert c.reason.startswith("the difference is smaller than its uncertainty")


def test_a_real_but_small_difference_is_below_the_threshold():
    a = sampled("a", [1.00, 1.00, 1.00], 0.02, n=200)
    b = sampled("b", [1.04, 1.04, 1.04], 0.02, n=200, seed=7)
    c = compare(a, b)
    assert c.high < 1 and not c.counts  # beyond its uncertainty, but 4% is not worth choosing a framework for
    assert "smaller than the 10% that matters" in c.reason


def test_the_judgement_is_reproducible():
    a, b = sampled("a", [1.0, 1.2, 0.9], 0.4), sampled("b", [1.3, 1.25, 1.4], 0.4, seed=9)
    assert compare(a, b) == compare(a, b)
    other_seed = judgement_settings().model_copy(update={"bootstrap_seed": 1})
    one_a, one_b = sampled("a", [1.0], 0.4), sampled("b", [1.3], 0.4, seed=9)  # no repeat-level floor: the draws
    assert ratio_interval(one_a, one_b, other_seed) != ratio_interval(one_a, one_b)  # the seed makes it repeat


def test_a_few_repeats_widen_the_interval_to_what_their_medians_allow():
    """With 3 drifting repeats the bootstrap alone is too narrow (87% coverage in benchmarks/
    judgement_coverage.py); the t interval of the repeat medians is its floor."""
    from guide.evidence.judgement import T_975, t_quantile

    drifting = sampled("a", [1.0, 1.08, 0.93], 0.05), sampled("b", [1.0, 1.0, 1.0], 0.05, seed=5)
    low, high, method = ratio_interval(*drifting)
    logs = [math.log(float(np.median(r))) for r in drifting[0].repeats]
    assert method == "bootstrap" and math.log(high / low) / 2 >= 4.3 * np.std(logs, ddof=1) / math.sqrt(3) * 0.99
    assert t_quantile(0.975, 2) == T_975[2] and abs(t_quantile(0.975, 30) - 2.042) < 0.01


def test_summaries_of_older_results_still_get_a_verdict():
    torch = Measured("PyTorch, native", median=0.0355, iqr=0.0014, n=100)
    tf = Measured("TensorFlow, native", median=0.2789, iqr=0.014, n=100)
    c = compare(torch, tf)
    assert c.method == "summary" and c.counts and c.lower == "a"
    assert c.ratio == pytest.approx(0.0355 / 0.2789)


def test_disagreeing_repeat_medians_widen_a_summary_interval():
    tight = Measured("a", median=1.0, iqr=0.05, n=60, repeat_medians=(1.0, 1.0))
    drifting = Measured("a", median=1.0, iqr=0.05, n=60, repeat_medians=(0.8, 1.2))
    other = Measured("b", median=1.3, iqr=0.05, n=60)
    assert compare(tight, other).counts and not compare(drifting, other).counts


def test_a_one_off_figure_uses_the_assumed_uncertainty():
    assert not compare(Measured("a", median=1.0), Measured("b", median=1.3)).counts
    assert compare(Measured("a", median=1.0), Measured("b", median=2.0)).counts


def test_a_busy_row_voids_even_a_large_gap_and_the_reason_says_how_busy():
    fast = sampled("PyTorch, native", [0.035, 0.034, 0.036], 0.2, busy=1.8, free=1.0)
    slow = sampled("TensorFlow, native", [0.28, 0.30, 0.27], 0.2, seed=4, free=1.0)
    c = compare(fast, slow)
    assert not c.counts and c.lower is None and "1.8 cores busy" in c.reason and "left free" in c.reason
    assert compare(slow, fast).reason == c.reason  # one judgement, whichever side is busy


def test_another_core_in_use_is_no_disturbance():
    """A browser drawing progress on the second core beside a 1-thread run leaves its timing alone."""
    fast = sampled("PyTorch, native", [0.035, 0.034, 0.036], 0.2, busy=0.6, free=1.0)
    slow = sampled("TensorFlow, native", [0.28, 0.30, 0.27], 0.2, seed=4, free=1.0)
    assert compare(fast, slow).counts
    assert not compare(replace(fast, free_cores=0.0), slow).counts  # the same load on the run's own core
    assert compare(replace(fast, busy_cores=None), slow).counts  # a row without the figure: judged as before


@pytest.mark.parametrize("bad", [[0.0, 0.0, 0.0], [-1.0, -1.1, -0.9], [math.nan, 1.0, 1.0], [math.inf, 1, 1]])
def test_zero_negative_and_non_finite_figures_are_never_compared(bad):
    good = Measured("b", ((1.0, 1.1, 0.9),), key="b")
    c = compare(Measured("a", (tuple(bad),), key="a"), good)
    assert not c.counts and c.lower is None and c.reason.startswith("not compared")
    assert not compare(Measured("a", median=bad[0], iqr=0.1, n=5, key="a"), good).counts


def test_a_figure_without_spread_is_never_more_certain_than_a_one_off():
    """One sample, or an IQR of 0, gets the one-off uncertainty: a 12% gap does not count on it."""
    settings = judgement_settings()
    for summary in (Measured("a", median=1.12, iqr=0.0, n=200, key="a"), Measured("a", median=1.12, n=1, key="a")):
        c = compare(summary, Measured("b", median=1.0, iqr=0.0, n=200, key="b"))
        assert not c.counts and c.high / c.low > (1 + settings.one_off_uncertainty) ** 1.2


def test_a_trend_counts_only_beyond_both_uncertainties():
    small = compare(sampled("tf", [1.0] * 3, 0.05), sampled("torch", [1.0] * 3, 0.05, seed=2))
    large_same = compare(sampled("tf", [2.0] * 3, 0.05, seed=3), sampled("torch", [2.02] * 3, 0.05, seed=4))
    large_gain = compare(sampled("tf", [1.5] * 3, 0.05, seed=5), sampled("torch", [2.0] * 3, 0.05, seed=6))
    assert not compare_trend(small, large_same).counts
    gained = compare_trend(small, large_gain)
    assert gained.counts and gained.lower == "a" and "fell" in gained.reason


def test_a_over_b_and_b_over_a_are_one_judgement():
    a, b = sampled("Keras 3 on torch", [1.0, 1.1, 0.9], 0.4), sampled("PyTorch, native", [0.5, 0.6, 0.55], 0.4)
    ab, ba = compare(a, b), compare(b, a)
    assert ab.reason == ba.reason and ab.counts == ba.counts
    assert ab.low == pytest.approx(1 / ba.high) and ab.high == pytest.approx(1 / ba.low)
    assert ab.lower_label == ba.lower_label == "PyTorch, native"
