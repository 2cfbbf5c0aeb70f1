"""Check the article's testable claims against benchmark results: supported / contradicted / inconclusive.

A comparison counts only beyond the measurements' noise, by the same rule the recommendation uses
(guide.noise). A claim is supported when
every size measured agrees with it, contradicted when every size disagrees, and inconclusive otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from guide.bench.schema import BenchmarkResult, BenchmarkSpec, RowResult, Stats, row_label
from guide.noise import central, lower_beyond_noise
from guide.questions import read_yaml
from guide.settings import PACKAGE_DATA

Verdict = Literal["supported", "contradicted", "inconclusive"]
TREND_MARGIN = 0.1  # the ratio must move by 10% between the smallest and largest size


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["compare", "size_trend"]
    metric: Literal["train_step_ms", "cpu_ms_per_inference", "infer_latency_batch_1"]
    a: tuple[str, str]  # (backend, api) the claim says is lower
    b: tuple[str, str]
    sizes: tuple[str, ...]
    model: str = "mlp"  # results of other models (e.g. a matched CNN run) are not evidence for this check


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    source: str
    claim: str
    check: Check
    limits: str


class Observation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    size: str
    a_label: str
    a_value: float
    b_label: str
    b_value: float
    agrees: bool | None  # None: within noise
    spread: float = 0.0  # relative half-IQR of the two rows added up (0 for one-off figures)
    machine: str
    date: str


class ClaimVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    claim: Claim
    verdict: Verdict
    explanation: str
    observations: tuple[Observation, ...]


@lru_cache(maxsize=1)
def load_claims() -> tuple[Claim, ...]:
    return tuple(Claim.model_validate(c) for c in read_yaml(PACKAGE_DATA / "claims.yaml")["claims"])


def metric_of(row: RowResult, metric: str) -> Stats | float | None:
    if metric == "infer_latency_batch_1":
        return row.infer_latency_ms.get("batch_1")
    return getattr(row, metric)


def _relative_spread(x: Stats | float) -> float:
    return x.iqr / 2 / x.median if isinstance(x, Stats) and x.median else 0.0


def observe(claim: Claim, result: BenchmarkResult) -> Observation | None:
    ra, rb = result.row(*claim.check.a), result.row(*claim.check.b)
    if not (ra and rb and ra.ok and rb.ok):
        return None
    a, b = metric_of(ra, claim.check.metric), metric_of(rb, claim.check.metric)
    if a is None or b is None:
        return None
    m = result.machine
    return Observation(size=result.spec.size, a_label=ra.label, a_value=central(a), b_label=rb.label,
                       b_value=central(b), agrees=lower_beyond_noise(a, b),
                       spread=_relative_spread(a) + _relative_spread(b),
                       machine=f"{m.cpu_model} ({m.cpu_cores} cores{', ' + m.gpu if m.gpu else ''})",
                       date=result.created_at.date().isoformat())


def judge(claim: Claim, results: Iterable[BenchmarkResult]) -> ClaimVerdict:
    by_size = {}
    for r in sorted(results, key=lambda r: r.created_at):
        if r.spec.model == claim.check.model and r.spec.size in claim.check.sizes and (obs := observe(claim, r)):
            by_size[r.spec.size] = obs  # newest result per size
    observations = tuple(by_size[s] for s in claim.check.sizes if s in by_size)
    if not observations:
        return ClaimVerdict(claim=claim, verdict="inconclusive", observations=(),
                            explanation=f"Not measured yet: this check needs {claim.check.model.upper()} results "
                                        f"at {', '.join(claim.check.sizes)} size with native rows.")
    judge_fn = _judge_trend if claim.check.kind == "size_trend" else _judge_compare
    verdict, explanation = judge_fn(claim, observations)
    return ClaimVerdict(claim=claim, verdict=verdict, explanation=explanation, observations=observations)


def _judge_compare(claim: Claim, obs: tuple[Observation, ...]) -> tuple[Verdict, str]:
    votes = [o.agrees for o in obs]
    sizes = ", ".join(o.size for o in obs)
    if all(v is True for v in votes):
        return "supported", f"{obs[0].a_label} was lower beyond the noise at every size measured ({sizes})."
    if all(v is False for v in votes):
        return "contradicted", f"{obs[0].b_label} was lower beyond the noise at every size measured ({sizes})."
    return "inconclusive", f"Sizes disagree or differences sit within the noise ({sizes})."


def _judge_trend(claim: Claim, obs: tuple[Observation, ...]) -> tuple[Verdict, str]:
    if len(obs) < 2:
        return "inconclusive", "A trend needs at least two sizes."
    first, last = obs[0].a_value / obs[0].b_value, obs[-1].a_value / obs[-1].b_value
    text = f"{obs[0].a_label} / {obs[0].b_label} step-time ratio: {first:.2f} at {obs[0].size}, " \
           f"{last:.2f} at {obs[-1].size}."
    noise = obs[0].spread + obs[-1].spread  # how far each ratio could move within its rows' spreads
    if abs(last / first - 1) <= max(TREND_MARGIN, noise):
        return "inconclusive", text + f" The ratio moves less than the noise allows ({max(TREND_MARGIN, noise):.0%})."
    if last < first:
        return "supported", text + " TensorFlow gains on PyTorch as the model grows."
    return "contradicted", text + " TensorFlow loses ground as the model grows."


def specs_needed(quick: bool) -> list[BenchmarkSpec]:
    """One MLP benchmark per size the claims look at, with native and Keras rows on both backends."""
    order = ("tiny", "small", "medium", "large")
    sizes = sorted({s for c in load_claims() for s in c.check.sizes}, key=order.index)
    if quick:
        sizes = [s for s in sizes if s in ("tiny", "small")]
    steps, repeats = (15, 1) if quick else (40, 3)
    return [BenchmarkSpec(model="mlp", size=s, steps=steps, warmup=3, repeats=repeats, native=True,
                          backends=["torch", "tensorflow"]) for s in sizes]


def describe_rows(claim: Claim) -> str:
    return f"{row_label(*claim.check.a)} vs {row_label(*claim.check.b)}, {claim.check.metric}"


def verdicts_by_machine(results: Iterable[BenchmarkResult], this_machine: str) -> list[tuple[str, list]]:
    """Verdicts per machine: results from different machines are judged apart, never merged.
    `this_machine` is the local fingerprint; its group comes first."""
    groups: dict[str, list[BenchmarkResult]] = {}
    for r in results:
        groups.setdefault(r.machine.fingerprint(), []).append(r)
    ordered = sorted(groups, key=lambda fp: fp != this_machine)
    out = []
    for fp in ordered:
        m = groups[fp][0].machine
        label = "this machine" if fp == this_machine else f"{m.cpu_model} ({m.cpu_cores} cores, GPU: {m.gpu or 'none'})"
        out.append((label, [judge(c, groups[fp]) for c in load_claims()]))
    return out
