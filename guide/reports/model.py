"""One file a lead sends to the team: answers, ranking, why, what would change it, benchmarks with native and
Keras rows, claim verdicts, machine and versions, and the date. The view model here;
guide.reports.markdown and guide.reports.html render it, in the language the report was built in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
from guide.reports.bench_table import probe_text
from guide.reports.view import DecisionView, decision_view
from guide.text import Lang, Text, current_lang, t, use_lang, when

SECTIONS = ("answers", "recommendation", "stack", "why", "what-would-change-it", "deployment-and-learning",
            "benchmarks", "deployment-checks", "claims", "machine")


@dataclass(frozen=True)
class DecisionReport:
    recommendation: Recommendation
    questions: QuestionSet
    bench: BenchmarkResult | None = None
    verdicts: tuple[ClaimVerdict, ...] = ()
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    deployment: DeployResult | None = None
    # Fixed when the report is built: a page's deferred download renders it later, in a thread whose language
    # is the default one (English), so the renderers switch to this language themselves.
    lang: Lang = field(default_factory=current_lang)

    @property
    def view(self) -> DecisionView:
        return decision_view(self.recommendation, self.questions, self.lang, deploy=self.deployment)


@contextmanager
def in_language(lang: Lang) -> Iterator[Lang]:
    """Render in `lang`, then give the caller's thread its own language back."""
    before = current_lang()
    use_lang(lang)
    try:
        yield lang
    finally:
        use_lang(before)


def local(value: object) -> str:
    """Bilingual data (Text) in the current language; plain text as it is."""
    return value.get() if isinstance(value, Text) else str(value)


def build_report(answers, bench: BenchmarkResult | None = None,
                 claim_results: list[BenchmarkResult] | None = None,
                 deployment: DeployResult | None = None, lang: Lang | None = None,
                 claim_deployments: list[DeployResult] | None = None) -> DecisionReport:
    """Everything the report shows, computed once: the recommendation (with the facts of the benchmark and of
    the deployment check, when given: the same facts the page and the CLI use) and the claim verdicts over the
    given results and deployment checks (the benchmark and the check themselves when none are given: the page
    gives what the Claims page judges on, so both say the same). `lang`: the report's language (default: this
    run's)."""
    with in_language(lang or current_lang()) as chosen:  # facts and verdicts word their reasons when made
        facts = (*(facts_from_result(bench) if bench else ()),
                 *(facts_from_deployment(deployment) if deployment else ()))
        rec = recommend(answers, measurements=tuple(facts))
        results = claim_results if claim_results is not None else ([bench] if bench else [])
        checks = claim_deployments if claim_deployments is not None else ([deployment] if deployment else [])
        verdicts = tuple(judge(c, results, checks) for c in load_claims())
    return DecisionReport(recommendation=rec, questions=load_questions(), bench=bench, verdicts=verdicts,
                          deployment=deployment, lang=chosen)


def bench_heading(result: BenchmarkResult) -> str:
    s = result.spec
    method = "alternating" if s.thorough and s.repeats > 1 else "in_worker"  # say the method the run used
    return t("report.bench_heading", model=s.model, size=s.size, batch=s.batch_size, steps=s.steps,
             warmup=s.warmup, repeats=t(f"report.repeats_method.{method}", repeats=s.repeats), threads=s.threads,
             jit=s.jit_compile)


def machine_lines(report: DecisionReport) -> list[str]:
    """Plain lines (no list markers): Markdown and HTML each add their own."""
    rec = report.recommendation
    lines = [t("report.machine.report_date", date=when(report.created_at)),
             t("report.machine.ruleset", version=rec.ruleset_version, digest=rec.ruleset_digest)]
    if (d := report.deployment) is not None:
        lines.append(t("report.machine.deploy_check", id=d.id, date=when(d.created_at), machine=d.machine.label))
    if report.bench is None:
        return lines + [t("report.machine.no_bench")]
    m = report.bench.machine
    versions = sorted({f"{k} {v}" for r in report.bench.rows for k, v in r.versions.items()})
    return lines + [
        t("report.machine.bench", id=report.bench.id or t("report.machine.unsaved"),
          date=when(report.bench.created_at)),
        t("report.machine.machine", label=m.label, os=m.os, python=m.python),
        t("report.machine.probe", probe=probe_text(m), energy=local(m.energy_source)),
        t("report.machine.commit", commit=m.git_commit or t("report.machine.unknown")),
        t("report.machine.versions", versions=", ".join(versions) or t("report.machine.not_recorded"))]


def claims_basis(report: DecisionReport) -> str:
    """Which run the claims in this report were judged on: its own benchmark and check, named by id (the Claims
    page judges every stored run, so the two can differ)."""
    ids = [x.id for x in (report.bench, report.deployment) if x is not None and x.id]
    return t("report.claims_basis", ids=", ".join(ids)) if ids else t("report.claims_basis_none")

