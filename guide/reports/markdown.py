"""The decision as Markdown: the CLI's text output, the page's download and the Markdown report.

Rendered from guide.reports.view (the recommendation) and guide.reports.model (the report), in the current
language (guide.text.t); text from files (machine names, source titles) goes through `literal`."""

from __future__ import annotations

from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import Recommendation
from guide.evidence.claims import observation_text
from guide.evidence.sources import source_title
from guide.reports.bench_table import COLUMNS, row_cells
from guide.reports.deploy_steps import step_check_lines
from guide.reports.deploy_table import busy_lines, failure_lines, heading, not_tried_lines, table_rows
from guide.reports.model import DecisionReport, bench_heading, claims_basis, in_language, local, machine_lines
from guide.reports.stack_view import StackView
from guide.reports.view import NO_BENCHMARK, NO_CHANGE, NO_DEPLOYMENT, DecisionView, WhyItem, decision_view
from guide.text import Lang, current_lang, literal, t


def _headline(v: DecisionView, h: str) -> list[str]:
    confidence = t(f"report.confidence.{v.confidence}")
    return [f"{h} {t('report.title', winner=v.winner)}", "",
            t("report.alternative", alternative=v.alternative),
            t("report.margin", margin=v.margin, confidence=confidence) + (f" {v.tie_note}" if v.tie_note else ""),
            f"{v.ruleset}; {v.answered}.", *([literal(v.moved)] if v.moved else []), ""]


def _why_line(w: WhyItem) -> str:
    sources = "; ".join(f"[{literal(title)}]({url})" if url else literal(title) for title, url in w.sources)
    return "- " + t("report.why_item", title=w.title, deltas=w.deltas, rationale=w.rationale, sources=sources)


def deployment_steps_markdown(v: DecisionView) -> str:
    return "\n".join(_deployment_lines(v))


def steps_markdown(steps, check) -> str:
    """Path steps (another framework's, say) with what the deployment check found for each."""
    lines = []
    for step in steps:
        lines.append(f"- {step.text.get()}")
        lines += [f"  - {literal(c)}" for c in step_check_lines(step.checks, check)]
    return "\n".join(lines)


def _deployment_lines(v: DecisionView) -> list[str]:
    """Each step, and under it what a deployment check found for it (runtime errors are shown literally)."""
    lines = []
    for i, step in enumerate(v.deployment):
        lines.append(f"- {step}")
        lines += [f"  - {literal(c)}" for c in (v.deployment_checks[i] if i < len(v.deployment_checks) else ())]
    return lines


def stack_lines(stack: StackView | None) -> list[str]:
    """The stack as Markdown list lines: each best route, the others under it, what a check found for each."""
    if stack is None:
        return []
    if not stack.lines:
        return [t("view.stack.train_plain", framework=stack.framework), ""] + [f"- {n}" for n in stack.notes]
    lines = [t("view.stack.train", framework=stack.framework), ""]
    for line in stack.lines:
        sources = "; ".join(f"[{literal(title)}]({url})" if url else literal(title) for title, url in line.sources)
        text = t("view.stack.line", target=line.target, route=line.route, maturity=line.maturity)
        text += " · " + t("view.stack.evidence", sources=sources)
        lines.append(f"- {text}" if line.best else f"  - {t('view.stack.other')}: {text}")
        indent = "  " if line.best else "    "
        lines += [f"{indent}- {literal(c)}" for c in line.checks] or [f"{indent}- {line.unchecked}"]
    return lines + [""] + [f"- {n}" for n in stack.notes]


def _ranking(v: DecisionView, h: str) -> list[str]:
    head = f"| # | {t('report.columns.framework')} | {t('report.columns.score')} |"
    vetoed = f" {t('report.vetoed')}"
    return ["", f"{h}# {t('report.sections.ranking')}", "", head, "|---|---|---|"] + [
        f"| {i} | {label}{vetoed if out else ''} | {score:g} |" for i, label, score, out in v.ranking]


def view_markdown(v: DecisionView, heading_level: int = 1) -> str:
    h = "#" * heading_level
    lines = _headline(v, h)
    if v.stack is not None:
        lines += [f"{h}# {t('view.stack.heading')}", "", *stack_lines(v.stack), ""]
    lines += [f"{h}# {t('report.sections.answers')}", ""]
    lines += [f"- {label}: {text}" for label, text in v.answers] + _ranking(v, h)
    lines += ["", f"{h}# {t('report.sections.why')}", ""] + [_why_line(w) for w in v.why]
    lines += ["", f"{h}# {t('report.sections.changes')}", ""]
    lines += [f"- {t('report.html.change', change=c.text, winner=c.winner, margin=c.margin)}"
              for c in v.changes] or [f"- {local(NO_CHANGE)}"]
    lines += ["", f"{h}# {t('report.sections.measured')}", ""]
    lines += [f"- {literal(m)}" for m in v.measurements] or [f"- {local(NO_BENCHMARK)}"]  # machine names: files
    lines += ["", f"{h}# {t('report.sections.deployment_path')}", ""]
    lines += _deployment_lines(v) or [f"- {local(NO_DEPLOYMENT)}"]
    lines += ["", f"{h}# {t('report.sections.learning_path')}", ""] + [f"{i}. {s}" for i, s in enumerate(v.learning, 1)]
    return "\n".join(lines) + "\n"


def recommendation_markdown(rec: Recommendation, lang: Lang | None = None, questions: QuestionSet | None = None,
                            heading_level: int = 1) -> str:
    """The recommendation in `lang`, or in this run's language (guide.text.use_lang) when none is given."""
    with in_language(lang or current_lang()) as chosen:
        return view_markdown(decision_view(rec, questions or load_questions(), chosen), heading_level)


def bench_table_markdown(report: DecisionReport) -> list[str]:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    return lines + ["| " + " | ".join(literal(c) for c in row_cells(r)) + " |" for r in report.bench.rows]


def deployment_markdown(report: DecisionReport) -> list[str]:
    check = report.deployment
    if check is None:
        return [t("report.no_deploy_check")]
    rows = table_rows(check)
    lines = [literal(heading(check)), "", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(literal(c) for c in row.values()) + " |" for row in rows]
    return lines + [""] + [f"- {literal(line)}" for line in failure_lines(check) + busy_lines(check)
                           + not_tried_lines(check)]


def claim_lines(report: DecisionReport) -> list[str]:
    lines = []
    for v in report.verdicts:
        lines.append(f"- **{t(f'report.verdict.{v.verdict}')}**: {local(v.claim.claim)} "
                     f"({literal(source_title(v.claim.source))}). {local(v.explanation)}")
        lines += [f"  - {literal(observation_text(o))}" for o in v.observations]
        lines.append("  - " + t("report.claim_limits", limits=local(v.claim.limits)))
    return lines


def to_markdown(report: DecisionReport) -> str:
    """The whole report, in the language it was built in (DecisionReport.lang), wherever it is rendered."""
    with in_language(report.lang):
        out = [view_markdown(report.view).rstrip(), "", f"## {t('report.sections.benchmarks')}", ""]
        if report.bench is None:
            out.append(t("report.no_bench"))
        else:
            out += [bench_heading(report.bench), "", *bench_table_markdown(report)]
        out += ["", f"## {t('report.sections.deployment_checks')}", "", *deployment_markdown(report)]
        out += ["", f"## {t('report.sections.claims')}", "", literal(claims_basis(report)), "", *claim_lines(report)]
        out += ["", f"## {t('report.sections.machine')}", "", *[f"- {literal(x)}" for x in machine_lines(report)]]
        # literal() escapes ':' against Streamlit's :colour[...] directives; a Markdown file has none of those, so
        # the file reads "Report date: ..." rather than "Report date\: ...".
        return ("\n".join(out) + "\n").replace("\\:", ":")
