"""The one rule for "beyond noise", shared by measured facts and claim verdicts."""

from guide.bench.schema import Stats
from guide.noise import lower_beyond_noise, within_noise


def stats(median, iqr):
    return Stats(n=9, median=median, mean=median, stdev=0, p5=median, p95=median, iqr=iqr, cv=0, min=median,
                 max=median)


def test_distributions_compare_medians_against_the_mean_iqr():
    assert within_noise(stats(1.0, 0.2), stats(1.2, 0.2))  # gap 0.2 = mean IQR 0.2: within
    assert not within_noise(stats(1.0, 0.2), stats(1.25, 0.2))
    assert lower_beyond_noise(stats(1.0, 0.2), stats(1.25, 0.2)) is True
    assert lower_beyond_noise(stats(1.25, 0.2), stats(1.0, 0.2)) is False


def test_one_off_figures_need_a_twenty_percent_gap():
    assert within_noise(1.0, 1.2) and not within_noise(1.0, 1.3)
    assert lower_beyond_noise(1.0, 1.3) is True and lower_beyond_noise(1.0, 1.1) is None
