"""The team report: the decision report for the team's aggregated profile, led by how the team answered (the
distributions, how answers were combined) and where it disagrees. Markdown and HTML, in the language the report
is built in; participants' titles are shown literally."""

from __future__ import annotations

import html

from guide.reports.charts.team_charts import distribution_chart, tops_chart
from guide.reports.html import svg, to_html
from guide.reports.markdown import to_markdown
from guide.reports.model import DecisionReport, build_report, in_language
from guide.reports.team_view import Distribution, TeamView, aggregation_rules, team_view
from guide.team.report import TeamOutcome
from guide.text import Lang, current_lang, literal, t


def team_report(outcome: TeamOutcome, lang: Lang | None = None) -> tuple[TeamView, DecisionReport]:
    """The team's texts and the decision report of its profile (the same engine on the same answers)."""
    with in_language(lang or current_lang()) as chosen:
        return team_view(outcome, chosen), build_report(outcome.profile.answers, lang=chosen)


def report_title(view: TeamView, shown=str) -> str:
    """`shown`: how the participant-typed title is made safe (literal for Markdown; HTML escapes it all)."""
    return t("team.report.title", code=view.code, title=shown(view.title) if view.title else t("team.untitled"))


def _answer_line(d: Distribution) -> str:
    line = t("team.report.team_answer", answer=d.team_answer)
    return line + (" " + t("team.report.tie", answers=d.tie) if d.tie else "")


def _distribution_markdown(d: Distribution) -> list[str]:
    head = f"| {t('team.chart.answer')} | {t('team.chart.people')} |"
    rows = [f"| {label} | {n} |" for label, n in d.counts]
    return [f"### {t('team.chart.question', question=d.question, answered=d.answered)}", "", head, "|---|---|",
            *rows, "", _answer_line(d), ""]


def team_markdown(view: TeamView, report: DecisionReport) -> str:
    with in_language(report.lang):
        out = [f"# {report_title(view, literal)}", "", t("team.report.participants", n=view.participants), "",
               f"## {t('team.rules_heading')}", "", *[f"- {rule}" for rule in aggregation_rules()], "",
               f"## {t('team.report.distributions')}", ""]
        for d in view.distributions:
            out += _distribution_markdown(d)
        out += [f"## {t('team.disagreements_heading')}", "",
                *([f"- {x}" for x in view.disagreements] or [t("team.no_disagreement")]), ""]
        if view.tops:  # with the admin token: how many have each framework first, never who
            out += [f"## {t('team.chart.tops')}", "", *[f"- {name}: {n}" for name, n in view.tops], ""]
        decision = to_markdown(report).splitlines()  # its headings one level down, under the team's
        return "\n".join(out + [f"#{line}" if line.startswith("#") else line for line in decision]) + "\n"


def _section(sid: str, heading: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{html.escape(heading)}</h2>{body}</section>'


def _lead_html(view: TeamView) -> str:
    rules = "<ul>" + "".join(f"<li>{html.escape(r)}</li>" for r in aggregation_rules()) + "</ul>"
    charts = "".join(f"<figure>{svg(distribution_chart(d))}<figcaption>{html.escape(_answer_line(d))}"
                     "</figcaption></figure>" for d in view.distributions)
    split = "".join(f"<li>{html.escape(x)}</li>" for x in view.disagreements)
    return "".join([
        f"<p>{html.escape(t('team.report.participants', n=view.participants))}</p>",
        _section("aggregation", t("team.rules_heading"), rules),
        _section("distributions", t("team.report.distributions"), charts),
        _section("disagreements", t("team.disagreements_heading"),
                 f"<ul>{split}</ul>" if split else f"<p>{html.escape(t('team.no_disagreement'))}</p>"),
        _section("tops", t("team.chart.tops"), f"<figure>{svg(tops_chart(view.tops))}</figure>") if view.tops else "",
        f"<h2>{html.escape(t('team.report.decision'))}</h2>"])


def team_html(view: TeamView, report: DecisionReport) -> str:
    with in_language(report.lang):
        return to_html(report, lead=_lead_html(view), title=report_title(view))


def _printable(text: str) -> str:
    """A participant's text for a terminal: control characters (escape sequences) dropped."""
    return "".join(ch for ch in text if ch.isprintable())


def team_text(view: TeamView) -> str:
    """The CLI's `team show`: the session, the team's recommendation and answers, where it disagrees and, with
    the admin token, each participant. Plain text in the current language; names as typed."""
    d = view.decision
    state = t("team.dashboard.closed" if view.closed else "team.dashboard.open")
    lines = [report_title(view, _printable), t("team.report.participants", n=view.participants) + f" ({state})", "",
             t("team.dashboard.team_recommendation", winner=d.winner),
             t("team.dashboard.alternative", alternative=d.alternative, answered=d.answered), ""]
    lines += [f"- {x.question}: {x.team_answer}" + (f" ({t('team.report.tie', answers=x.tie)})" if x.tie else "")
              for x in view.distributions]
    lines += ["", t("team.disagreements_heading") + ":", *([f"- {x}" for x in view.disagreements]
                                                           or [t("team.no_disagreement")])]
    if view.individuals:
        lines += ["", t("team.dashboard.individuals") + ":"]
        lines += [f"- {_printable(name)}: {top} ({t('team.dashboard.columns.revision')} {revision})"
                  for name, top, revision in view.individuals]
    return "\n".join(lines)
