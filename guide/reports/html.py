"""The decision report as one self-contained HTML file: inline CSS, charts inlined as SVG, no network; in the
language the report was built in (its `lang` attribute says which, so browsers pick fonts and hyphenation)."""

from __future__ import annotations

import html
import re

import vl_convert

from guide.evidence.claims import observation_text
from guide.evidence.overhead import keras_overhead
from guide.evidence.sources import source_title
from guide.reports.bench_table import COLUMNS, row_cells
from guide.reports.charts import chart_spec
from guide.reports.charts.benchmark_charts import overhead_chart, step_time_chart
from guide.reports.charts.deploy_charts import deploy_charts
from guide.reports.charts.recommendation_charts import score_chart
from guide.reports.deploy_table import busy_lines, failure_lines, heading, not_tried_lines, table_rows
from guide.reports.model import DecisionReport, bench_heading, claims_basis, in_language, local, machine_lines
from guide.reports.view import NO_BENCHMARK, NO_CHANGE, NO_DEPLOYMENT, DecisionView
from guide.text import current_lang, t, when

# A Hangul font by name: system-ui alone falls back to boxes where the system font has no Korean glyphs.
CODE_SPAN = re.compile(r"`([^`<>]+)`")
CSS = """body{font-family:system-ui,"Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif,
"Noto Color Emoji";max-width:980px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.verdict-supported{color:#0a6b2d}.verdict-contradicted{color:#a4161a}.verdict-inconclusive{color:#7a5c00}
small{color:#555}th{white-space:nowrap}#stack td:nth-child(3){white-space:nowrap}"""


def svg(chart) -> str:
    """A chart rendered offline to inline SVG (vl-convert bundles the Vega engine)."""
    return vl_convert.vegalite_to_svg(chart_spec(chart))


def _e(text: object) -> str:
    """Escaped text, with the catalogues' `code` spans as <code> (escaping comes first, so nothing else turns
    into markup)."""
    return CODE_SPAN.sub(r"<code>\1</code>", html.escape(str(text)))


def _html_t(key: str, **html_values: object) -> str:
    """A catalogue text escaped for HTML, then filled with values that are HTML already (<strong>…</strong>)."""
    return _e(t(key)).format(**html_values)


def _section(sid: str, key: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{_e(t(f"report.sections.{key}"))}</h2>{body}</section>'


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _answers(v: DecisionView) -> str:
    rows = "".join(f"<tr><td>{_e(label)}</td><td>{_e(text)}</td></tr>" for label, text in v.answers)
    return _section("answers", "answers", f"<table>{rows}</table>")


def _recommendation(v: DecisionView, report: DecisionReport) -> str:
    vetoed = _e(f" {t('report.vetoed')}")
    rows = "".join(f"<tr><td>{i}</td><td>{_e(label)}{vetoed if out else ''}</td><td>{score:g}</td></tr>"
                   for i, label, score, out in v.ranking)
    tie = f" {_e(v.tie_note)}" if v.tie_note else ""
    lead = _html_t("report.html.lead", winner=f"<strong>{_e(v.winner)}</strong>", margin=v.margin,
                   confidence=_e(t(f"report.confidence.{v.confidence}")))
    head = (f"<p>{lead}{tie}</p><p>{_e(t('report.alternative', alternative=v.alternative))}</p>"
            f"<p><small>{_e(v.ruleset)}; {_e(v.answered)}.</small></p>"
            + (f"<p><strong>{_e(v.moved)}</strong></p>" if v.moved else ""))
    return _section("recommendation", "recommendation",
                    head + f"<table>{rows}</table>" + svg(score_chart(report.recommendation)))


def _stack(v: DecisionView) -> str:
    """The framework to train in, then a row per route to each target answered (other routes marked)."""
    stack = v.stack
    if stack is None:
        return ""
    if not stack.lines:
        head = f"<p>{_e(t('view.stack.train_plain', framework=stack.framework))}</p>"
        return _section("stack", "stack", head + _list([_e(n) for n in stack.notes]))
    lead = _html_t("view.stack.train", framework=f"<strong>{_e(stack.framework)}</strong>").replace("**", "")
    cols = "".join(f"<th>{_e(t(f'view.stack.columns.{c}'))}</th>"
                   for c in ("target", "route", "maturity", "evidence", "checked"))
    rows = "".join(
        f"<tr><td>{_e(line.target if line.best else t('view.stack.other'))}</td><td>{_e(line.route)}</td>"
        f"<td>{_e(line.maturity)}</td><td>{'; '.join(_source(*src) for src in line.sources)}</td>"
        f"<td>{'<br>'.join(_e(c) for c in line.checks) or _e(line.unchecked)}</td></tr>" for line in stack.lines)
    notes = _list([_e(n) for n in stack.notes]) if stack.notes else ""
    return _section("stack", "stack", f"<p>{lead}</p><table><tr>{cols}</tr>{rows}</table>{notes}")


def _source(title: str, url: str | None) -> str:
    return f'<a href="{_e(url)}">{_e(title)}</a>' if url else _e(title)


def _why(v: DecisionView) -> str:
    evidence = _e(t("report.html.evidence"))
    items = [f"<strong>{_e(w.title)}</strong> ({_e(w.deltas)}): {_e(w.rationale)} <small>{evidence} "
             + "; ".join(_source(*s) for s in w.sources) + "</small>" for w in v.why]
    measured = (f"<h3>{_e(t('report.sections.measured'))}</h3>" + _list([_e(m) for m in v.measurements])
                if v.measurements else f"<p>{_e(local(NO_BENCHMARK))}</p>")
    return _section("why", "why", _list(items) + measured)


def _changes(v: DecisionView) -> str:
    items = [_html_t("report.html.change", change=_e(c.text), winner=f"<strong>{_e(c.winner)}</strong>",
                     margin=c.margin) for c in v.changes]
    return _section("what-would-change-it", "changes", _list(items or [_e(local(NO_CHANGE))]))


def _paths(v: DecisionView) -> str:
    checks = v.deployment_checks or ((),) * len(v.deployment)
    deploy = [_e(s) + (_list([_e(c) for c in found]) if found else "")
              for s, found in zip(v.deployment, checks, strict=True)]
    deploy = deploy or [_e(local(NO_DEPLOYMENT))]
    learn = "".join(f"<li>{_e(s)}</li>" for s in v.learning)
    return _section("deployment-and-learning", "paths", f"<h3>{_e(t('report.sections.deployment'))}</h3>"
                    + _list(deploy) + f"<h3>{_e(t('report.sections.learning'))}</h3><ol>{learn}</ol>")


def _benchmarks(report: DecisionReport) -> str:
    if report.bench is None:
        return _section("benchmarks", "benchmarks", f"<p>{_e(t('report.no_bench_short'))}</p>")
    head = "".join(f"<th>{_e(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row_cells(r)) + "</tr>" for r in report.bench.rows)
    facts = [_e(m) for m in report.view.measurements]
    body = (f"<p>{_e(bench_heading(report.bench))}</p><table><tr>{head}</tr>{rows}</table>"
            + svg(step_time_chart(report.bench)) + _overhead(report) + _list(facts))
    return _section("benchmarks", "benchmarks", body)


def _overhead(report: DecisionReport) -> str:
    overheads = keras_overhead(report.bench)
    if not overheads:
        return f"<p>{_e(t('report.html.no_native_rows'))}</p>"
    return svg(overhead_chart(overheads)) + _list([_e(o.text) for o in overheads])


def _deployment_checks(report: DecisionReport) -> str:
    check = report.deployment
    if check is None:
        return _section("deployment-checks", "deployment_checks", f"<p>{_e(t('report.no_deploy_check_short'))}</p>")
    rows = table_rows(check)
    head = "".join(f"<th>{_e(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row.values()) + "</tr>" for row in rows)
    charts = "".join(svg(chart) for chart in deploy_charts(check))
    lines = [_e(line) for line in failure_lines(check) + busy_lines(check) + not_tried_lines(check)]
    return _section("deployment-checks", "deployment_checks",
                    f"<p>{_e(heading(check))}</p><table><tr>{head}</tr>{body}</table>{charts}" + _list(lines))


def _claims(report: DecisionReport) -> str:
    items = []
    for v in report.verdicts:
        obs = [_e(observation_text(o)) for o in v.observations]
        items.append(f'<strong class="verdict-{v.verdict}">{_e(t(f"report.verdict.{v.verdict}"))}</strong>: '
                     f"{_e(local(v.claim.claim))} ({_e(source_title(v.claim.source))}). "
                     f"{_e(local(v.explanation))}"
                     + _list(obs) + f"<small>{_e(t('report.claim_limits', limits=local(v.claim.limits)))}</small>")
    return _section("claims", "claims", f"<p><small>{_e(claims_basis(report))}</small></p>" + _list(items))


def to_html(report: DecisionReport, lead: str = "", title: str | None = None) -> str:
    """The whole report, in the language it was built in (DecisionReport.lang), wherever it is rendered.
    `lead`: sections (HTML, escaped already) shown before the decision, as the team report does; `title`: the
    heading instead of the winner's."""
    with in_language(report.lang):
        return _page(report, lead, title)


def _page(report: DecisionReport, lead: str = "", title: str | None = None) -> str:
    v = report.view
    title = title or t("report.html.title", winner=v.winner)
    body = "".join([
        f"<h1>{_e(title)}</h1><p><small>{_e(when(report.created_at))}</small></p>", lead,
        _answers(v), _recommendation(v, report), _stack(v), _why(v), _changes(v), _paths(v), _benchmarks(report),
        _deployment_checks(report), _claims(report),
        _section("machine", "machine", _list([_e(x) for x in machine_lines(report)])),
    ])
    return (f'<!doctype html><html lang="{current_lang()}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")
