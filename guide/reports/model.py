"""One file a lead sends to the team: answers, ranking, why, what would change it, benchmarks with native and
Keras rows, claim verdicts, machine and versions, and the date. The view model here;
guide.reports.markdown and guide.reports.html render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from guide.bench.schema import BenchmarkResult
from guide.decision.engine import recommend
from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import Recommendation
from guide.deploy.schema import DeployResult
from guide.evidence.claims import ClaimVerdict, judge, load_claims
from guide.evidence.deployment import facts_from_deployment
from guide.evidence.measurements import facts_from_result
from guide.reports.view import DecisionView, decision_view

SECTIONS = ("answers", "recommendation", "why", "what-would-change-it", "deployment-and-learning", "benchmarks",
            "deployment-checks", "claims", "machine")


@dataclass(frozen=True)
class DecisionReport:
    recommendation: Recommendation
    questions: QuestionSet
    bench: BenchmarkResult | None = None
    verdicts: tuple[ClaimVerdict, ...] = ()
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    deployment: DeployResult | None = None

    @property
    def view(self) -> DecisionView:
        return decision_view(self.recommendation, self.questions, deploy=self.deployment)


def build_report(answers, bench: BenchmarkResult | None = None,
                 claim_results: list[BenchmarkResult] | None = None,
                 deployment: DeployResult | None = None) -> DecisionReport:
    """Everything the report shows, computed once: the recommendation (with the facts of the benchmark and of
    the deployment check, when given: the same facts the page and the CLI use) and the claim verdicts over the
    given results (the benchmark itself when none are given) and the deployment check."""
    facts = (*(facts_from_result(bench) if bench else ()),
             *(facts_from_deployment(deployment) if deployment else ()))
    rec = recommend(answers, measurements=tuple(facts))
    results = claim_results if claim_results is not None else ([bench] if bench else [])
    verdicts = tuple(judge(c, results, [deployment] if deployment else []) for c in load_claims())
    return DecisionReport(recommendation=rec, questions=load_questions(), bench=bench, verdicts=verdicts,
                          deployment=deployment)


def bench_heading(result: BenchmarkResult) -> str:
    s = result.spec
    return (f"{s.model}/{s.size}, batch {s.batch_size}, {s.steps} timed steps after {s.warmup} warm-up, "
            f"{s.repeats} repeat(s) alternating rows, {s.threads} threads, jit_compile={s.jit_compile}")


def machine_lines(report: DecisionReport) -> list[str]:
    """Plain lines (no list markers): Markdown and HTML each add their own."""
    lines = [f"Report date: {report.created_at:%Y-%m-%d %H:%M} UTC",
             f"Rule set: {report.recommendation.ruleset_version} ({report.recommendation.ruleset_digest})"]
    if report.deployment is not None:
        d = report.deployment
        lines.append(f"Deployment check {d.id} measured {d.created_at:%Y-%m-%d %H:%M} UTC on {d.machine.label}")
    if report.bench is None:
        return lines + ["No benchmark in this report."]
    m = report.bench.machine
    lines += [f"Benchmark {report.bench.id or '(unsaved)'} measured {report.bench.created_at:%Y-%m-%d %H:%M} UTC",
              f"Machine: {m.label}; OS: {m.os}; Python {m.python}",
              f"Matmul probe: {m.probe_text}; energy: {m.energy_source}",
              f"Commit: {m.git_commit or 'unknown'}"]
    versions = sorted({f"{k} {v}" for r in report.bench.rows for k, v in r.versions.items()})
    return lines + [f"Versions: {', '.join(versions) or 'not recorded'}"]
