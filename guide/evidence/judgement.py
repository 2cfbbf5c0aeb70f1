"""The one statistical judgement: is the difference between two measured rows real, and does it matter?

Every comparison the guide shows (a measured fact in the recommendation, a claim verdict, the report, the CLI)
is judged here, once, so every view shows the same verdict with the same reason.

The judged quantity is the ratio of the two rows' medians (a / b) with a 95% interval:
- where per-repeat samples exist (results of schema 2): a two-level bootstrap. Each draw resamples the repeats,
  then the samples within each chosen repeat, and takes the pooled median of each side, so both the spread
  within a repeat and the disagreement between repeats widen the interval. Seeded: the same result gives the
  same interval on every page.
- where only summaries exist (older results: median, IQR, n, repeat medians): a normal approximation on the
  log scale (standard error of a median ~ 1.2533 sigma / sqrt(n), sigma ~ IQR / 1.349, plus the standard error
  of the repeat medians), so older results still get a verdict.
- a figure measured once carries the assumed uncertainty `one_off_uncertainty` from evidence.yaml.
A difference counts when the whole interval lies beyond the practical threshold (10%) on one side.
A comparison with a busy row does not count, whatever its gap: load slows runtimes unequally (a SavedModel served
over HTTP measured 1.24x the .pt2 quiet and 3.6x beside ~1.8 busy cores). Busy is the one rule of
guide.bench.cpu.is_busy, derived from the row's `other_load_cores` and the cores its run left free whenever a row
is read, never from a stored flag; a row without that figure is judged on its samples alone.
Figures that are zero, negative or not finite are never compared (a division by zero, or a "faster" negative
time, would otherwise become a verdict).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.bench.cpu import is_busy
from guide.decision.facts import Comparison
from guide.errors import DataFileError
from guide.settings import PACKAGE_DATA
from guide.text import t
from guide.userfile import read_yaml

EVIDENCE_FILE = PACKAGE_DATA / "evidence.yaml"
SIGMA_PER_IQR = 1 / 1.349  # a normal distribution's IQR is 1.349 sigma
MEDIAN_SE_FACTOR = 1.2533  # sqrt(pi / 2): standard error of a median relative to that of a mean


class JudgementSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    practical_difference: float = Field(gt=0, lt=1)
    confidence: float = Field(gt=0.5, lt=1)
    bootstrap_draws: int = Field(ge=200, le=100_000)
    bootstrap_seed: int
    one_off_uncertainty: float = Field(gt=0, lt=1)
    busy_cores: float = Field(ge=0)


@lru_cache(maxsize=1)
def judgement_settings() -> JudgementSettings:
    raw = read_yaml(EVIDENCE_FILE)
    try:
        return JudgementSettings.model_validate(raw)
    except ValidationError as exc:
        problems = [".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()]
        raise DataFileError(str(EVIDENCE_FILE), problems) from None


@dataclass(frozen=True)
class Measured:
    """One row's figure: samples per repeat where the result has them, else its summary."""

    label: str
    repeats: tuple[tuple[float, ...], ...] = ()
    median: float = math.nan
    iqr: float | None = None  # None: a one-off figure without a spread of its own
    n: int = 1
    repeat_medians: tuple[float, ...] = ()
    busy_cores: float | None = None  # other processes' load while the row was timed (cores)
    key: str = ""  # what orders a pair (default: label): the same in every language, so the draws are too
    free_cores: float | None = None  # cores the row's run left free (machine cores - its threads), when known

    @property
    def usable(self) -> bool:
        """Every figure finite and above zero (onnx-web's coarse browser timer gives 0.0 ms: shown, not compared)."""
        values = [v for r in self.repeats for v in r] if self.repeats else [self.median]
        spread_ok = self.iqr is None or (math.isfinite(self.iqr) and self.iqr >= 0)
        return bool(values) and spread_ok and all(math.isfinite(v) and v > 0 for v in values)

    @property
    def order(self) -> str:
        return self.key or self.label

    @property
    def center(self) -> float:
        if self.repeats:
            return float(np.median(np.concatenate([np.asarray(r, dtype=float) for r in self.repeats])))
        return self.median


def _bootstrap_medians(repeats: tuple[tuple[float, ...], ...], rng: np.random.Generator, draws: int) -> np.ndarray:
    """Pooled medians of `draws` two-level resamples: repeats with replacement, then samples within each."""
    lengths = np.array([len(r) for r in repeats])
    width = int(lengths.max())
    padded = np.full((len(repeats), width), np.nan)
    for i, samples in enumerate(repeats):
        padded[i, : len(samples)] = samples
    chosen = rng.integers(0, len(repeats), size=(draws, len(repeats)))
    chosen_len = lengths[chosen][..., None]
    within = (rng.random((draws, len(repeats), width)) * chosen_len).astype(int)
    values = padded[chosen[..., None], within]
    values[np.arange(width) >= chosen_len] = np.nan  # a shorter repeat contributes only its own count
    return np.nanmedian(values.reshape(draws, -1), axis=1)


# Student's t at 97.5% (a 95% interval) for 1-10 degrees of freedom; beyond them, or at another confidence, the
# Cornish-Fisher expansion from the normal quantile (within 1% of the table from 3 degrees of freedom on).
T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}


def t_quantile(p: float, df: int) -> float:
    if abs(p - 0.975) < 1e-9 and df in T_975:
        return T_975[df]
    z = statistics.NormalDist().inv_cdf(p)
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


def _at_least_the_repeats_allow(a: Measured, b: Measured, low: float, high: float, p: float) -> tuple[float, float]:
    """Widen the bootstrap interval to the t interval of the repeats' own medians where that is wider. With 3 or
    5 repeats, resampling repeats underestimates how far a whole repeat can drift (the machine slower in one of
    them): in simulation (benchmarks/judgement_coverage.py) the bootstrap's "95%" held the true ratio 87-90% of
    the time with a few percent of drift; with this floor, at least 95%."""
    logs_a = [math.log(float(np.median(r))) for r in a.repeats]
    logs_b = [math.log(float(np.median(r))) for r in b.repeats]
    if min(len(logs_a), len(logs_b)) < 2:
        return low, high
    se = math.sqrt(statistics.variance(logs_a) / len(logs_a) + statistics.variance(logs_b) / len(logs_b))
    half = t_quantile(p, min(len(logs_a), len(logs_b)) - 1) * se
    centre = math.log(a.center / b.center)
    return min(low, math.exp(centre - half)), max(high, math.exp(centre + half))


def _log_se(m: Measured, settings: JudgementSettings) -> float:
    """Standard error of log(median) from a summary: within-repeat spread plus between-repeat spread. A figure
    with no spread of its own (one sample, or an IQR of 0) is never more certain than a one-off figure."""
    z = statistics.NormalDist().inv_cdf(0.5 + settings.confidence / 2)
    floor = math.log1p(settings.one_off_uncertainty) / z
    if m.iqr is None and len(m.repeat_medians) < 2:
        return floor
    within = MEDIAN_SE_FACTOR * (m.iqr or 0.0) * SIGMA_PER_IQR / math.sqrt(max(m.n, 1))
    between = statistics.stdev(m.repeat_medians) / math.sqrt(len(m.repeat_medians)) \
        if len(m.repeat_medians) >= 2 else 0.0
    se = math.hypot(within, between) / m.median
    return max(se, floor) if (not m.iqr or m.n <= 1) else se


def _summary_of(m: Measured) -> Measured:
    """A summary view of a sampled figure, for comparing it with a side that has only a summary."""
    if not m.repeats:
        return m
    pooled = np.concatenate([np.asarray(r, dtype=float) for r in m.repeats])
    iqr = float(np.percentile(pooled, 75) - np.percentile(pooled, 25)) if len(pooled) > len(m.repeats) else None
    medians = tuple(float(np.median(r)) for r in m.repeats)
    return Measured(m.label, (), float(np.median(pooled)), iqr, len(pooled), medians, m.busy_cores, m.key,
                    m.free_cores)


def ratio_interval(a: Measured, b: Measured, settings: JudgementSettings | None = None) -> tuple[float, float, str]:
    """(low, high, method) of the ratio of medians a / b at the configured confidence."""
    settings = settings or judgement_settings()
    tail = (1 - settings.confidence) / 2
    sampled = a.repeats and b.repeats and sum(map(len, a.repeats)) > 1 and sum(map(len, b.repeats)) > 1
    if sampled:
        rng = np.random.default_rng(settings.bootstrap_seed)
        ratios = _bootstrap_medians(a.repeats, rng, settings.bootstrap_draws) / \
            _bootstrap_medians(b.repeats, rng, settings.bootstrap_draws)
        low, high = np.quantile(ratios, [tail, 1 - tail])
        return (*_at_least_the_repeats_allow(a, b, float(low), float(high), 1 - tail), "bootstrap")
    sa, sb = _summary_of(a), _summary_of(b)
    z = statistics.NormalDist().inv_cdf(1 - tail)
    spread = z * math.hypot(_log_se(sa, settings), _log_se(sb, settings))
    log_ratio = math.log(sa.median / sb.median)
    return math.exp(log_ratio - spread), math.exp(log_ratio + spread), "summary"


def _busy_reason(a: Measured, b: Measured, settings: JudgementSettings) -> str | None:
    """Why the comparison cannot count when either row ran on a busy machine (the one rule), else None."""
    busy = [x for x in (a, b) if is_busy(x.busy_cores, x.free_cores, settings.busy_cores)]
    if not busy:
        return None
    worst = max(busy, key=lambda x: x.busy_cores)
    return t("evidence.judgement.busy_void", load=worst.busy_cores, free=max(worst.free_cores or 0.0, 0.0))


def _not_compared(a: Measured, b: Measured, reason: str, settings: JudgementSettings) -> Comparison:
    """A verdict that does not count, for figures that cannot be compared: no ratio of them is made."""
    return Comparison(a_label=a.label, b_label=b.label, a_value=a.center if a.usable else 0.0,
                      b_value=b.center if b.usable else 0.0, ratio=1.0, low=1.0, high=1.0,
                      threshold=settings.practical_difference, method="summary", counts=False, lower=None,
                      reason=reason, warnings=(reason,))


def _verdict(low: float, high: float, threshold: float) -> tuple[bool, str | None, str]:
    """(counts, lower side, why not) from the interval alone."""
    if high < 1 / (1 + threshold):
        return True, "a", ""
    if low > 1 + threshold:
        return True, "b", ""
    if low <= 1 <= high:
        return False, None, t("evidence.judgement.within_uncertainty")
    if 1 / (1 + threshold) <= low and high <= 1 + threshold:
        return False, None, t("evidence.judgement.real_but_small", threshold=threshold)
    return False, None, t("evidence.judgement.may_be_small", threshold=threshold)


def compare(a: Measured, b: Measured, settings: JudgementSettings | None = None) -> Comparison:
    """Judge a against b: is one lower, beyond its uncertainty and beyond the practical threshold?

    a / b and b / a are one judgement: the draws always run in one order and the reason names the rows by
    what they measured, not by argument position, so every view shows the same words and numbers. The reason is
    in the current language; which side is drawn first never depends on it (Measured.order).
    """
    if a.order > b.order:
        return _flipped(compare(b, a, settings))
    settings = settings or judgement_settings()
    unusable = [x.label for x in (a, b) if not x.usable]
    if unusable:
        return _not_compared(a, b, t("evidence.judgement.unusable", rows=", ".join(unusable)), settings)
    low, high, method = ratio_interval(a, b, settings)
    counts, lower, why_not = _verdict(low, high, settings.practical_difference)
    busy = _busy_reason(a, b, settings)
    a_value, b_value = a.center, b.center  # each pools every sample: computed once here
    (top, bottom, ratio_shown, lo, hi) = (a, b, a_value / b_value, low, high) if a_value >= b_value else \
        (b, a, b_value / a_value, 1 / high, 1 / low)
    span = t("evidence.judgement.span", top=top.label, bottom=bottom.label, ratio=ratio_shown, low=lo, high=hi)
    if busy:  # whatever the gap: load slows runtimes unequally
        counts, lower, reason, warnings = False, None, f"{busy} ({span})", (busy,)
    elif counts:
        reason, warnings = t("evidence.judgement.lower", bottom=bottom.label, span=span,
                             threshold=settings.practical_difference), ()
    else:
        reason, warnings = f"{why_not} ({span})", ()
    return Comparison(a_label=a.label, b_label=b.label, a_value=a_value, b_value=b_value,
                      ratio=a_value / b_value, low=low, high=high, threshold=settings.practical_difference,
                      method=method, counts=counts, lower=lower, reason=reason, warnings=warnings)


def _flipped(c: Comparison) -> Comparison:
    return c.model_copy(update={"a_label": c.b_label, "b_label": c.a_label, "a_value": c.b_value,
                                "b_value": c.a_value, "ratio": 1 / c.ratio, "low": 1 / c.high, "high": 1 / c.low,
                                "lower": {"a": "b", "b": "a"}.get(c.lower or "")})


def compare_trend(first: Comparison, last: Comparison, settings: JudgementSettings | None = None) -> Comparison:
    """Does the ratio a / b move between two sizes? Judged as (ratio at last) / (ratio at first)."""
    settings = settings or judgement_settings()
    half_width = math.hypot(math.log(first.high / first.low) / 2, math.log(last.high / last.low) / 2)
    log_trend = math.log(last.ratio / first.ratio)
    low, high = math.exp(log_trend - half_width), math.exp(log_trend + half_width)
    counts, lower, why_not = _verdict(low, high, settings.practical_difference)
    a_name = t("evidence.judgement.trend.larger", ratio=last.ratio)
    b_name = t("evidence.judgement.trend.smaller", ratio=first.ratio)
    if counts:
        reason = t("evidence.judgement.trend.fell" if lower == "a" else "evidence.judgement.trend.rose",
                   first=first.ratio, last=last.ratio, low=low, high=high, threshold=settings.practical_difference)
    else:
        reason = t("evidence.judgement.trend.not_counting", why_not=why_not, low=low, high=high)
    return Comparison(a_label=a_name, b_label=b_name, a_value=last.ratio, b_value=first.ratio,
                      ratio=last.ratio / first.ratio, low=low, high=high, threshold=settings.practical_difference,
                      method=first.method if first.method == last.method else "summary", counts=counts,
                      lower=lower, reason=reason)


def interval_text(c: Comparison) -> str:
    """'1.5× (95% interval 1.2–1.9×)' in the current language (Comparison.interval_text is English only: the
    decision core has no catalogue)."""
    return t("evidence.judgement.interval", ratio=c.ratio, low=c.low, high=c.high)
