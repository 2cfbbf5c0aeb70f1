"""Charts of a recommendation, built only from its ranking and trace."""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.decision.recommendation import Recommendation
from guide.text import Lang


def contributions_frame(rec: Recommendation, lang: Lang = "en") -> pd.DataFrame:
    labels = {r.framework: r.label.get(lang) for r in rec.ranking}
    rows = [
        {"framework": labels[fw], "rule": t.title.get(lang), "rule_id": t.rule_id, "points": delta}
        for t in rec.trace for fw, delta in t.scores.items() if delta
    ]
    return pd.DataFrame(rows, columns=["framework", "rule", "rule_id", "points"])


def score_chart(rec: Recommendation, lang: Lang = "en") -> alt.Chart:
    """Each framework's net score (the sum of what the fired rules gave it), best first, the winner marked."""
    order = [r.label.get(lang) for r in rec.ranking]
    totals = pd.DataFrame({"framework": order, "score": [r.score for r in rec.ranking],
                           "place": ["recommended"] + ["runner-up"] + ["other"] * (len(order) - 2)})
    y = alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(totals).mark_bar().encode(
        x=alt.X("score:Q", title="net score (points: sum of the rules that fired)",
                axis=alt.Axis(tickCount=6, format="~g")), y=y,  # a handful of ticks, even at 1024 px
        color=alt.Color("place:N", scale=alt.Scale(domain=["recommended", "runner-up", "other"],
                                                    range=["#1f77b4", "#9ecae1", "#d9d9d9"]), legend=None),
        tooltip=["framework", "score"])
    labels = alt.Chart(totals).mark_text(align="left", dx=4).encode(x="score:Q", y=y, text=alt.Text("score:Q",
                                                                                                  format=".3~g"))
    return (bars + labels).properties(title="Net score per framework", height=alt.Step(36))


def breakdown_chart(rec: Recommendation, rule_titles: list[str], lang: Lang = "en") -> alt.Chart:
    """Every rule's contribution per framework (negative ones left of zero). `rule_titles`, the whole rule
    set's titles in order, fixes each rule's colour so it does not change from one answer set to the next."""
    order = [r.label.get(lang) for r in rec.ranking]
    return alt.Chart(contributions_frame(rec, lang)).mark_bar().encode(
        x=alt.X("sum(points):Q", title="points from each rule (the net score is positives minus negatives)"),
        y=alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("rule:N", title="rule", scale=alt.Scale(domain=rule_titles, scheme="tableau20"),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=260)),
        tooltip=["framework", "rule", "rule_id", "points"],
    ).properties(title="How each score is built, rule by rule", height=alt.Step(36))


def what_if_chart(before: Recommendation, after: Recommendation, lang: Lang = "en") -> alt.Chart:
    rows = [{"framework": r.label.get(lang), "answers": which, "score": r.score}
            for which, rec in (("current", before), ("what-if", after)) for r in rec.ranking]
    order = [r.label.get(lang) for r in before.ranking]
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("score:Q", title="net score (points)"),
        y=alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("answers:N", sort=["current", "what-if"]),
        color=alt.Color("answers:N", sort=["current", "what-if"]),
        tooltip=["framework", "answers", "score"],
    ).properties(height=alt.Step(18), title="Score per framework: current answers vs what-if")
