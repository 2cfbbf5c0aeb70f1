"""Charts of a recommendation, built only from its ranking and trace."""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.recommendation import Recommendation
from guide.text import Lang


def contributions_frame(rec: Recommendation, lang: Lang = "en") -> pd.DataFrame:
    labels = {r.framework: r.label.get(lang) for r in rec.ranking}
    rows = [
        {"framework": labels[fw], "rule": t.title.get(lang), "rule_id": t.rule_id, "points": delta}
        for t in rec.trace for fw, delta in t.scores.items() if delta
    ]
    return pd.DataFrame(rows, columns=["framework", "rule", "rule_id", "points"])


def score_chart(rec: Recommendation, lang: Lang = "en") -> alt.Chart:
    """Each framework's score as a stack of the rules that built it (negative rules to the left)."""
    order = [r.label.get(lang) for r in rec.ranking]
    totals = pd.DataFrame({"framework": order, "score": [r.score for r in rec.ranking]})
    y = alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    bars = alt.Chart(contributions_frame(rec, lang)).mark_bar().encode(
        x=alt.X("sum(points):Q", title="score (sum of rule contributions)"),
        y=y,
        color=alt.Color("rule:N", title="rule", legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=["framework", "rule", "rule_id", "points"],
    )
    marks = alt.Chart(totals).mark_tick(color="black", thickness=3, size=24).encode(
        x="score:Q", y=y, tooltip=["framework", "score"])
    return (bars + marks).properties(title="Scores by framework, built from the rules that fired",
                                     height=alt.Step(40))


def what_if_chart(before: Recommendation, after: Recommendation, lang: Lang = "en") -> alt.Chart:
    rows = [{"framework": r.label.get(lang), "answers": which, "score": r.score}
            for which, rec in (("current", before), ("what-if", after)) for r in rec.ranking]
    order = [r.label.get(lang) for r in before.ranking]
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("score:Q"), y=alt.Y("answers:N", title=None),
        row=alt.Row("framework:N", sort=order, title=None), color="answers:N",
        tooltip=["framework", "answers", "score"],
    ).properties(height=40, title="Score per framework: current answers vs what-if")
