"""Check the article's testable claims against benchmark results: supported / contradicted / inconclusive.

Each size's comparison is the one judgement the recommendation uses too (guide.evidence.measurements.compare_rows): a
difference counts when the 95% interval of the ratio clears the practical threshold. A claim is supported when
the comparison counts in the claim's direction at every size measured, contradicted when it counts against the
claim at every size, and inconclusive otherwise, with the real reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from guide.bench.schema import SIZES, BenchmarkResult, BenchmarkSpec, row_label
from guide.decision.facts import Comparison
from guide.deploy.schema import DeployResult, DeployRow, source_label
from guide.evidence.judgement import Measured, compare, compare_trend
from guide.evidence.measurements import compare_rows, free_cores, machine_label
from guide.settings import PACKAGE_DATA
from guide.text import Text, t
from guide.userfile import read_yaml

Verdict = Literal["supported", "contradicted", "inconclusive"]
METRIC_OF_CHECK = {"train_step_ms": "train_step", "cpu_ms_per_inference": "cpu_per_inference",
                   "infer_latency_batch_1": "infer_batch_1"}


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["compare", "size_trend", "deploy_compare"]  # deploy_compare: a and b are (path, source)
    metric: Literal["train_step_ms", "cpu_ms_per_inference", "infer_latency_batch_1"]
    a: tuple[str, str]  # (backend, api) the claim says is lower; (path, source) of a deployment check
    b: tuple[str, str]
    sizes: tuple[str, ...]
    context: tuple[tuple[str, str], ...] = ()  # deploy_compare: other runtimes shown beside a and b, not judged
    model: str = "mlp"  # results of other models (e.g. a matched CNN run) are not evidence for this check


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    source: str
    claim: Text
    check: Check
    limits: Text


class Observation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    size: str
    a_label: str
    a_value: float
    b_label: str
    b_value: float
    agrees: bool | None  # None: the comparison does not count (comparison.reason says why)
    comparison: Comparison
    machine: str
    date: str
    result_id: str = ""  # the benchmark or deployment check this size was judged on


class ClaimVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    claim: Claim
    verdict: Verdict
    explanation: str
    observations: tuple[Observation, ...]


@lru_cache(maxsize=1)
def load_claims() -> tuple[Claim, ...]:
    return tuple(Claim.model_validate(c) for c in read_yaml(PACKAGE_DATA / "claims.yaml")["claims"])


def observe(claim: Claim, result: BenchmarkResult) -> Observation | None:
    c = compare_rows(result, claim.check.a, claim.check.b, METRIC_OF_CHECK[claim.check.metric])
    if c is None:
        return None
    return Observation(size=result.spec.size, a_label=c.a_label, a_value=c.a_value, b_label=c.b_label,
                       b_value=c.b_value, agrees=(c.lower == "a") if c.counts else None, comparison=c,
                       machine=machine_label(result), date=result.created_at.date().isoformat(),
                       result_id=result.id or "")


def judge(claim: Claim, results: Iterable[BenchmarkResult],
          deployments: Iterable[DeployResult] = ()) -> ClaimVerdict:
    """The claim's verdict: from benchmark results, or, for a claim about runtimes, from deployment checks."""
    on_runtimes = claim.check.kind == "deploy_compare"
    by_size = {}
    look = observe_deployment if on_runtimes else observe
    # Newest first, and a size once it has a usable observation is done: judging costs one comparison per size,
    # however many results are stored (it used to judge every stored result and keep the newest).
    for r in sorted(deployments if on_runtimes else results, key=lambda r: r.created_at, reverse=True):
        if r.spec.model == claim.check.model and r.spec.size in claim.check.sizes and r.spec.size not in by_size \
                and (obs := look(claim, r)):
            by_size[r.spec.size] = obs
    observations = tuple(by_size[s] for s in claim.check.sizes if s in by_size)
    if not observations:
        needs = "claims.not_measured_runtimes" if on_runtimes else "claims.not_measured_results"
        return ClaimVerdict(claim=claim, verdict="inconclusive", observations=(),
                            explanation=t(needs, model=claim.check.model.upper(), sizes=", ".join(claim.check.sizes)))
    judge_fn = _judge_trend if claim.check.kind == "size_trend" else _judge_compare
    verdict, explanation = judge_fn(claim, observations)
    return ClaimVerdict(claim=claim, verdict=verdict, explanation=explanation, observations=observations)


DEPLOY_SAMPLES = {"cpu_ms_per_inference": "cpu_samples_ms", "infer_latency_batch_1": "latency_samples_ms"}


def observe_deployment(claim: Claim, result: DeployResult) -> Observation | None:
    """The claim's two runtimes in one deployment check, judged once like every comparison."""
    rows = [result.row(*side) for side in (claim.check.a, claim.check.b)]
    if not all(r and r.ok and getattr(r, DEPLOY_SAMPLES[claim.check.metric]) for r in rows):
        return None
    free = free_cores(result.machine.cpu_cores, result.spec.threads)
    a, b = (Measured(t("claims.runtime_label", path=r.path, source=source_label(r.source)),
                     (tuple(getattr(r, DEPLOY_SAMPLES[claim.check.metric])),), key=f"{r.path}/{r.source}",
                     busy_cores=r.other_load_cores, free_cores=free)
            for r in rows)
    c = compare(a, b)
    return Observation(size=result.spec.size, a_label=c.a_label, a_value=c.a_value, b_label=c.b_label,
                       b_value=c.b_value, agrees=(c.lower == "a") if c.counts else None, comparison=c,
                       machine=result.machine.name, date=result.created_at.date().isoformat(),
                       result_id=result.id or "")


def runtime_rows(verdict: ClaimVerdict, deployments: Iterable[DeployResult]) -> list[dict[str, object]]:
    """The rows a runtime claim is about, in view: a, b and its context rows from the very deployment check each
    size was judged on (the verdict itself compares a and b only)."""
    claim = verdict.claim
    if claim.check.kind != "deploy_compare" or not verdict.observations:
        return []
    by_id = {d.id: d for d in deployments}
    judged = {o.size: by_id[o.result_id] for o in verdict.observations if o.result_id in by_id}
    table = []
    for size, check in judged.items():
        for side in (claim.check.a, claim.check.b, *claim.check.context):
            if (row := check.row(*side)) is not None:
                table.append(_runtime_row(size, row, check.id))
    return table


def _runtime_row(size: str, row: DeployRow, check_id: str) -> dict[str, object]:
    """One row of the runtimes in view, its column names in this run's language (the page shows them)."""
    values = {"size": size, "path": row.path, "from": source_label(row.source), "runtime": row.runtime, "ok": row.ok,
              "latency": row.latency_ms, "p95": row.latency_p95_ms, "cpu": row.cpu_ms_per_inference,
              "check": check_id}
    return {t(f"claims.column.{key}"): value for key, value in values.items()}


def observation_text(o: Observation) -> str:
    """The one sentence every view (page, reports, CLI) shows for one size of a claim check."""
    verdict = t("claims.counts." + ("none" if o.agrees is None else "for" if o.agrees else "against"))
    return t("claims.observation", size=o.size, a_label=o.a_label, a_value=o.a_value, b_label=o.b_label,
             b_value=o.b_value, verdict=verdict, reason=o.comparison.reason, machine=o.machine, date=o.date)


def _judge_compare(claim: Claim, obs: tuple[Observation, ...]) -> tuple[Verdict, str]:
    votes = [o.agrees for o in obs]
    sizes = ", ".join(o.size for o in obs)
    if all(v is True for v in votes):
        return "supported", t("claims.lower_everywhere", label=obs[0].a_label, sizes=sizes)
    if all(v is False for v in votes):
        return "contradicted", t("claims.lower_everywhere", label=obs[0].b_label, sizes=sizes)
    reasons = "; ".join(f"{o.size}: {o.comparison.reason}" if o.agrees is None else
                        t("claims.mixed_counts", size=o.size, label=o.a_label if o.agrees else o.b_label)
                        for o in obs)
    return "inconclusive", t("claims.mixed", reasons=reasons)


def _judge_trend(claim: Claim, obs: tuple[Observation, ...]) -> tuple[Verdict, str]:
    if len(obs) < 2:
        return "inconclusive", t("claims.trend_too_short")
    first, last = obs[0], obs[-1]
    trend = compare_trend(first.comparison, last.comparison)
    text = t("claims.trend", a=first.a_label, b=first.b_label, first_ratio=first.comparison.ratio,
             first_size=first.size, last_ratio=last.comparison.ratio, last_size=last.size, reason=trend.reason)
    if not trend.counts:
        return "inconclusive", text
    if trend.lower == "a":
        return "supported", t("claims.trend_supported", trend=text)
    return "contradicted", t("claims.trend_contradicted", trend=text)


def specs_needed(quick: bool) -> list[BenchmarkSpec]:
    """One MLP benchmark per size the claims look at, with native and Keras rows on both backends."""
    sizes = sorted({s for c in load_claims() for s in c.check.sizes}, key=SIZES.index)
    if quick:
        sizes = [s for s in sizes if s in ("tiny", "small")]
    steps, repeats = (20, 3) if quick else (50, 3)
    return [BenchmarkSpec(model="mlp", size=s, steps=steps, warmup=3, repeats=repeats, native=True,
                          backends=["torch", "tensorflow"]) for s in sizes]


def describe_rows(claim: Claim) -> str:
    if claim.check.kind == "deploy_compare":
        (pa, sa), (pb, sb) = claim.check.a, claim.check.b
        return t("claims.rows_deploy", pa=pa, sa=sa, pb=pb, sb=sb, metric=claim.check.metric)
    return t("claims.rows_bench", a=row_label(*claim.check.a), b=row_label(*claim.check.b), metric=claim.check.metric)


def verdicts_by_machine(results: Iterable[BenchmarkResult], this_machine: str,
                        deployments: Iterable[DeployResult] = ()) -> list[tuple[str, list]]:
    """Verdicts per machine: results (and deployment checks) from different machines are judged apart, never
    merged. `this_machine` is the local fingerprint; its group comes first."""
    groups: dict[str, list] = {}
    for r in [*results, *deployments]:
        groups.setdefault(r.machine.fingerprint(), []).append(r)
    ordered = sorted(groups, key=lambda fp: fp != this_machine)
    out = []
    for fp in ordered:
        bench = [r for r in groups[fp] if isinstance(r, BenchmarkResult)]
        deploy = [r for r in groups[fp] if isinstance(r, DeployResult)]
        label = t("claims.this_machine") if fp == this_machine else groups[fp][0].machine.name
        out.append((label, [judge(c, bench, deploy) for c in load_claims()]))
    return out
