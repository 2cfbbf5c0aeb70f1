"""The decision report as one self-contained HTML file: inline CSS, charts inlined as SVG, no network."""

from __future__ import annotations

import html

import vl_convert

from guide.evidence.claims import observation_text
from guide.evidence.overhead import keras_overhead
from guide.reports.bench_table import COLUMNS, row_cells
from guide.reports.charts.benchmark_charts import overhead_chart, step_time_chart
from guide.reports.charts.deploy_charts import deploy_charts
from guide.reports.charts.recommendation_charts import score_chart
from guide.reports.deploy_table import failure_lines, heading, not_tried_lines, table_row
from guide.reports.model import DecisionReport, bench_heading, machine_lines
from guide.reports.view import NO_BENCHMARK, NO_CHANGE, NO_DEPLOYMENT, DecisionView

CSS = """body{font-family:system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.verdict-supported{color:#0a6b2d}.verdict-contradicted{color:#a4161a}.verdict-inconclusive{color:#7a5c00}
small{color:#555}"""


def svg(chart) -> str:
    """A chart rendered offline to inline SVG (vl-convert bundles the Vega engine)."""
    return vl_convert.vegalite_to_svg(chart.to_dict())


def _e(text: object) -> str:
    return html.escape(str(text))


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{_e(title)}</h2>{body}</section>'


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _answers(v: DecisionView) -> str:
    rows = "".join(f"<tr><td>{_e(label)}</td><td>{_e(text)}</td></tr>" for label, text in v.answers)
    return _section("answers", "Answers", f"<table>{rows}</table>")


def _recommendation(v: DecisionView, report: DecisionReport) -> str:
    rows = "".join(f"<tr><td>{i}</td><td>{_e(label)}{' (vetoed)' if vetoed else ''}</td><td>{score:g}</td></tr>"
                   for i, label, score, vetoed in v.ranking)
    tie = f" {_e(v.tie_note)}" if v.tie_note else ""
    head = (f"<p><strong>{_e(v.winner)}</strong>, {v.margin:g} points ahead of the next "
            f"framework (confidence {v.confidence}).{tie}</p><p>The real alternative: {_e(v.alternative)}</p>"
            f"<p><small>{_e(v.ruleset)}; {_e(v.answered)}.</small></p>")
    return _section("recommendation", "Recommendation",
                    head + f"<table>{rows}</table>" + svg(score_chart(report.recommendation)))


def _source(title: str, url: str | None) -> str:
    return f'<a href="{_e(url)}">{_e(title)}</a>' if url else _e(title)


def _why(v: DecisionView) -> str:
    items = [f"<strong>{_e(w.title)}</strong> ({_e(w.deltas)}): {_e(w.rationale)} <small>Evidence: "
             + "; ".join(_source(*s) for s in w.sources) + "</small>" for w in v.why]
    note = "<p>Measured facts were considered; see Benchmarks.</p>" if v.measurements else f"<p>{_e(NO_BENCHMARK)}</p>"
    return _section("why", "Why", _list(items) + note)


def _changes(v: DecisionView) -> str:
    items = [f"{_e(c.text)} ⇒ <strong>{_e(c.winner)}</strong> would lead by {c.margin:g} points" for c in v.changes]
    return _section("what-would-change-it", "What would change it", _list(items or [_e(NO_CHANGE)]))


def _paths(v: DecisionView) -> str:
    checks = v.deployment_checks or ((),) * len(v.deployment)
    deploy = [_e(s) + (_list([_e(c) for c in found]) if found else "")
              for s, found in zip(v.deployment, checks, strict=True)]
    deploy = deploy or [_e(NO_DEPLOYMENT)]
    learn = "".join(f"<li>{_e(s)}</li>" for s in v.learning)
    return _section("deployment-and-learning", "Deployment and learning path",
                    "<h3>Deployment</h3>" + _list(deploy) + f"<h3>Learning</h3><ol>{learn}</ol>")


def _benchmarks(report: DecisionReport) -> str:
    if report.bench is None:
        return _section("benchmarks", "Benchmarks", "<p>No benchmark was run for this report.</p>")
    head = "".join(f"<th>{_e(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row_cells(r)) + "</tr>" for r in report.bench.rows)
    facts = [_e(m) for m in report.view.measurements]
    body = (f"<p>{_e(bench_heading(report.bench))}</p><table><tr>{head}</tr>{rows}</table>"
            + svg(step_time_chart(report.bench)) + _overhead(report) + _list(facts))
    return _section("benchmarks", "Benchmarks", body)


def _overhead(report: DecisionReport) -> str:
    overheads = keras_overhead(report.bench)
    if not overheads:
        return "<p>No native rows: the Keras overhead per backend is not measured in this result.</p>"
    return svg(overhead_chart(overheads)) + _list([_e(o.text) for o in overheads])


def _deployment_checks(report: DecisionReport) -> str:
    check = report.deployment
    if check is None:
        return _section("deployment-checks", "Deployment checks", "<p>No deployment check in this report.</p>")
    rows = [table_row(r) for r in check.rows]
    head = "".join(f"<th>{_e(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row.values()) + "</tr>" for row in rows)
    charts = "".join(svg(chart) for chart in deploy_charts(check))
    lines = [_e(line) for line in failure_lines(check) + not_tried_lines(check)]
    return _section("deployment-checks", "Deployment checks",
                    f"<p>{_e(heading(check))}</p><table><tr>{head}</tr>{body}</table>{charts}" + _list(lines))


def _claims(report: DecisionReport) -> str:
    items = []
    for v in report.verdicts:
        obs = [_e(observation_text(o)) for o in v.observations]
        items.append(f'<strong class="verdict-{v.verdict}">{v.verdict}</strong>: {_e(v.claim.claim)} '
                     f"({_e(v.claim.source)}). {_e(v.explanation)}" + _list(obs)
                     + f"<small>What this can and cannot show: {_e(v.claim.limits)}</small>")
    return _section("claims", "Claims of the 2025 article, checked", _list(items))


def to_html(report: DecisionReport) -> str:
    v = report.view
    title = f"Framework decision: {v.winner}"
    body = "".join([
        f"<h1>{_e(title)}</h1><p><small>{report.created_at:%Y-%m-%d %H:%M} UTC</small></p>",
        _answers(v), _recommendation(v, report), _why(v), _changes(v), _paths(v), _benchmarks(report),
        _deployment_checks(report), _claims(report),
        _section("machine", "Machine and versions", _list([_e(x) for x in machine_lines(report)])),
    ])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")
