"""The decision as Markdown: the CLI's text output, the page's download and the Markdown report.

Rendered from guide.reports.view (the recommendation) and guide.reports.model (the report); text from files
(machine names, source titles) goes through `literal`."""

from __future__ import annotations

from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import Recommendation
from guide.evidence.claims import observation_text
from guide.reports.bench_table import COLUMNS, row_cells
from guide.reports.deploy_table import failure_lines, heading, not_tried_lines, table_row
from guide.reports.model import DecisionReport, bench_heading, machine_lines
from guide.reports.view import NO_BENCHMARK, NO_CHANGE, NO_DEPLOYMENT, DecisionView, WhyItem, decision_view
from guide.text import Lang, literal


def _headline(v: DecisionView, h: str) -> list[str]:
    return [f"{h} Framework recommendation: {v.winner}", "",
            f"The real alternative: {v.alternative}",
            f"Margin over the next framework {v.margin:g} points, confidence **{v.confidence}**."
            + (f" {v.tie_note}" if v.tie_note else ""),
            f"{v.ruleset}; {v.answered}.", ""]


def _why_line(w: WhyItem) -> str:
    sources = "; ".join(f"[{literal(title)}]({url})" if url else literal(title) for title, url in w.sources)
    return f"- **{w.title}** ({w.deltas}): {w.rationale} Evidence: {sources}"


def deployment_steps_markdown(v: DecisionView) -> str:
    return "\n".join(_deployment_lines(v))


def _deployment_lines(v: DecisionView) -> list[str]:
    """Each step, and under it what a deployment check found for it (runtime errors are shown literally)."""
    lines = []
    for i, step in enumerate(v.deployment):
        lines.append(f"- {step}")
        lines += [f"  - {literal(c)}" for c in (v.deployment_checks[i] if i < len(v.deployment_checks) else ())]
    return lines


def view_markdown(v: DecisionView, heading_level: int = 1) -> str:
    h = "#" * heading_level
    lines = _headline(v, h) + [f"{h}# Answers", ""] + [f"- {label}: {text}" for label, text in v.answers]
    lines += ["", f"{h}# Ranking", "", "| # | Framework | Score |", "|---|---|---|"]
    lines += [f"| {i} | {label}{' (vetoed)' if vetoed else ''} | {score:g} |" for i, label, score, vetoed in v.ranking]
    lines += ["", f"{h}# Why", ""] + [_why_line(w) for w in v.why]
    lines += ["", f"{h}# What would change it", ""]
    lines += [f"- {c.text} ⇒ {c.winner}" for c in v.changes] or [f"- {NO_CHANGE}"]
    lines += ["", f"{h}# Measured on this machine", ""]
    lines += [f"- {literal(m)}" for m in v.measurements] or [f"- {NO_BENCHMARK}"]  # machine names come from files
    lines += ["", f"{h}# Deployment path", ""] + (_deployment_lines(v) or [f"- {NO_DEPLOYMENT}"])
    lines += ["", f"{h}# Learning path", ""] + [f"{i}. {s}" for i, s in enumerate(v.learning, 1)]
    return "\n".join(lines) + "\n"


def recommendation_markdown(rec: Recommendation, lang: Lang = "en", questions: QuestionSet | None = None,
                            heading_level: int = 1) -> str:
    return view_markdown(decision_view(rec, questions or load_questions(), lang), heading_level)


def bench_table_markdown(report: DecisionReport) -> list[str]:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    return lines + ["| " + " | ".join(literal(c) for c in row_cells(r)) + " |" for r in report.bench.rows]


def deployment_markdown(report: DecisionReport) -> list[str]:
    check = report.deployment
    if check is None:
        return ["No deployment check in this report: run one on the Deployment page or with "
                "`python -m guide deploy-check`."]
    rows = [table_row(r) for r in check.rows]
    lines = [literal(heading(check)), "", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(literal(c) for c in row.values()) + " |" for row in rows]
    return lines + [""] + [f"- {literal(line)}" for line in failure_lines(check) + not_tried_lines(check)]


def claim_lines(report: DecisionReport) -> list[str]:
    lines = []
    for v in report.verdicts:
        lines.append(f"- **{v.verdict}**: {v.claim.claim} ({v.claim.source}). {v.explanation}")
        lines += [f"  - {literal(observation_text(o))}" for o in v.observations]
        lines.append(f"  - What this can and cannot show: {v.claim.limits}")
    return lines


def to_markdown(report: DecisionReport) -> str:
    out = [view_markdown(report.view).rstrip(), "", "## Benchmarks", ""]
    if report.bench is None:
        out.append("No benchmark was run for this report; the recommendation stands on the rules alone.")
    else:
        out += [bench_heading(report.bench), "", *bench_table_markdown(report)]
    out += ["", "## Deployment checks", "", *deployment_markdown(report)]
    out += ["", "## Claims of the 2025 article, checked", "", *claim_lines(report)]
    out += ["", "## Machine and versions", "", *[f"- {literal(line)}" for line in machine_lines(report)]]
    return "\n".join(out) + "\n"
