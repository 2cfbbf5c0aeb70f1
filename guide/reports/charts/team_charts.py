"""Charts of a team session, from guide.reports.team_view only: how the team answered one question, and each
participant's top framework. `scale` enlarges type for the projector view, read from the back of a room."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from guide.reports.team_view import Distribution
from guide.text import Lang, t


def _title(text: str, subtitle: str, scale: float) -> alt.TitleParams:
    """The question wrapped onto lines (a long one was cut off in a half-width chart), the counts beneath."""
    lines = textwrap.wrap(text, width=int(44 / scale ** 0.5)) or [text]
    return alt.TitleParams(lines, subtitle=subtitle, fontSize=13 * scale, subtitleFontSize=11 * scale,
                           anchor="start", limit=0)


def _bars(frame: pd.DataFrame, title: alt.TitleParams, order: list[str], lang: Lang | None,
          scale: float) -> alt.Chart:
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=int(320 * scale),
                                                              labelFontSize=11 * scale))
    x = alt.X("count:Q", title=t("team.chart.people", lang=lang),
              axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=10 * scale, titleFontSize=11 * scale))
    tip = [alt.Tooltip("label:N", title=t("team.chart.answer", lang=lang)),
           alt.Tooltip("count:Q", title=t("team.chart.people", lang=lang))]
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, y=y, tooltip=tip,
        color=alt.Color("team:N", scale=alt.Scale(domain=[True, False], range=["#1f77b4", "#c6dbef"]), legend=None))
    text = alt.Chart(frame).mark_text(align="left", dx=4, fontSize=11 * scale).encode(x="count:Q", y=y,
                                                                                       text="count:Q")
    return (bars + text).properties(title=title, height=alt.Step(24 * scale))


def distribution_chart(d: Distribution, lang: Lang | None = None, scale: float = 1.0) -> alt.Chart:
    """Every option with how many picked it; the team's answer in the darker colour."""
    frame = pd.DataFrame([{"label": label, "count": n, "team": label in d.chosen} for label, n in d.counts])
    subtitle = t("team.chart.answered", lang=lang, answered=d.answered)
    if d.tie:
        subtitle += " · " + t("team.report.tie", lang=lang, answers=d.tie)
    return _bars(frame, _title(d.question, subtitle, scale), [label for label, _ in d.counts], lang, scale)


def tops_chart(tops: tuple[tuple[str, int], ...], lang: Lang | None = None, scale: float = 1.0) -> alt.Chart:
    """How many participants have each framework first on their own answers."""
    frame = pd.DataFrame([{"label": name, "count": n, "team": False} for name, n in tops],
                         columns=["label", "count", "team"])
    return _bars(frame, _title(t("team.chart.tops", lang=lang), "", scale), [name for name, _ in tops], lang, scale)
