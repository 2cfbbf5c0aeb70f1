"""The decision report as one self-contained HTML file: inline CSS, charts inlined as SVG, no network."""

from __future__ import annotations

import html

import vl_convert

from guide.evidence.claims import observation_text
from guide.evidence.measurements import measurement_line
from guide.evidence.overhead import keras_overhead
from guide.evidence.sources import cite
from guide.reports.bench_table import COLUMNS, row_cells
from guide.reports.charts.benchmark_charts import overhead_chart, step_time_chart
from guide.reports.charts.recommendation_charts import score_chart
from guide.reports.markdown import answer_text, change_text
from guide.reports.model import DecisionReport, bench_heading, machine_lines

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


def _answers(report: DecisionReport) -> str:
    rec, qs = report.recommendation, report.questions
    rows = "".join(f"<tr><td>{_e(q.label.en)}</td><td>{_e(answer_text(q.id, rec.answers.get(q.id), qs))}</td></tr>"
                   for q in qs.questions if q.id in rec.answers or not q.show_if)
    return _section("answers", "Answers", f"<table>{rows}</table>")


def _recommendation(report: DecisionReport) -> str:
    rec = report.recommendation
    rows = "".join(f"<tr><td>{i}</td><td>{_e(r.label.en)}</td><td>{r.score:g}</td></tr>"
                   for i, r in enumerate(rec.ranking, 1))
    head = (f"<p><strong>{_e(rec.ranking[0].label.en)}</strong>, {rec.margin:g} points ahead of the next "
            f"framework (confidence {rec.confidence}).</p><p>The real alternative: {_e(rec.alternative_text())}</p>")
    return _section("recommendation", "Recommendation", head + f"<table>{rows}</table>" + svg(score_chart(rec)))


def _source(e) -> str:
    title, url = cite(e)
    return f'<a href="{_e(url)}">{_e(title)}</a>' if url else _e(title)


def _why(report: DecisionReport) -> str:
    items, names = [], {r.framework: r.label.en for r in report.recommendation.ranking}
    for t in report.recommendation.trace:
        deltas = ", ".join(f"{names[fw]} {d:+g}" for fw, d in t.scores.items()) or "no score change"
        ev = "; ".join(_source(e) for e in t.evidence)
        items.append(f"<strong>{_e(t.title.en)}</strong> ({_e(deltas)}): {_e(t.rationale.en)} <small>Evidence: {ev}"
                     "</small>")
    m = report.recommendation.measurements
    note = "<p>Measured facts were considered; see Benchmarks.</p>" if m else \
        "<p>No benchmark: the recommendation stands on the rules alone.</p>"
    return _section("why", "Why", _list(items) + note)


def _changes(report: DecisionReport) -> str:
    rec = report.recommendation
    names = {r.framework: r.label.en for r in rec.ranking}
    items = [f"{_e(change_text(cf, report.questions))} ⇒ <strong>{_e(names[cf.winner])}</strong> would lead by "
             f"{cf.margin:g} points" for cf in rec.counterfactuals]
    return _section("what-would-change-it", "What would change it",
                    _list(items or ["No change of one or two answers changes the winner."]))


def _paths(report: DecisionReport) -> str:
    rec = report.recommendation
    deploy = [_e(s.text.en) for s in rec.deployment_path] or ["No deployment target needs a specific path."]
    learn = "".join(f"<li>{_e(s.text.en)}</li>" for s in rec.learning_path)
    return _section("deployment-and-learning", "Deployment and learning path",
                    "<h3>Deployment</h3>" + _list(deploy) + f"<h3>Learning</h3><ol>{learn}</ol>")


def _benchmarks(report: DecisionReport) -> str:
    if report.bench is None:
        return _section("benchmarks", "Benchmarks", "<p>No benchmark was run for this report.</p>")
    head = "".join(f"<th>{_e(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row_cells(r)) + "</tr>" for r in report.bench.rows)
    facts = [_e(measurement_line(f)) for f in report.recommendation.measurements]
    body = (f"<p>{_e(bench_heading(report.bench))}</p><table><tr>{head}</tr>{rows}</table>"
            + svg(step_time_chart(report.bench)) + _overhead(report) + _list(facts))
    return _section("benchmarks", "Benchmarks", body)


def _overhead(report: DecisionReport) -> str:
    overheads = keras_overhead(report.bench)
    if not overheads:
        return "<p>No native rows: the Keras overhead per backend is not measured in this result.</p>"
    return svg(overhead_chart(overheads)) + _list([_e(o.text) for o in overheads])


def _claims(report: DecisionReport) -> str:
    items = []
    for v in report.verdicts:
        obs = [_e(observation_text(o)) for o in v.observations]
        items.append(f'<strong class="verdict-{v.verdict}">{v.verdict}</strong>: {_e(v.claim.claim)} '
                     f"({_e(v.claim.source)}). {_e(v.explanation)}" + _list(obs)
                     + f"<small>What this can and cannot show: {_e(v.claim.limits)}</small>")
    return _section("claims", "Claims of the 2025 article, checked", _list(items))


def to_html(report: DecisionReport) -> str:
    rec = report.recommendation
    title = f"Framework decision: {rec.ranking[0].label.en}"
    body = "".join([
        f"<h1>{_e(title)}</h1><p><small>{report.created_at:%Y-%m-%d %H:%M} UTC</small></p>",
        _answers(report), _recommendation(report), _why(report), _changes(report), _paths(report),
        _benchmarks(report),
        _claims(report), _section("machine", "Machine and versions", _list([_e(x) for x in machine_lines(report)])),
    ])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")
