"""Charts of a recommendation, built only from its ranking and trace, titled in the language asked for (default:
this run's). The data keeps fixed field names; tooltips and axes carry the words."""

from __future__ import annotations

import altair as alt
import pandas as pd

from guide.decision.recommendation import Recommendation
from guide.text import Lang, t


def _tip(field: str, lang: Lang | None) -> alt.Tooltip:
    return alt.Tooltip(field, title=t(f"view.chart.{field}", lang=lang))


def contributions_frame(rec: Recommendation, lang: Lang | None = None) -> pd.DataFrame:
    labels = {r.framework: r.label.get(lang) for r in rec.ranking}
    rows = [
        {"framework": labels[fw], "rule": entry.title.get(lang), "rule_id": entry.rule_id, "points": delta}
        for entry in rec.trace for fw, delta in entry.scores.items() if delta
    ]
    return pd.DataFrame(rows, columns=["framework", "rule", "rule_id", "points"])


def score_chart(rec: Recommendation, lang: Lang | None = None) -> alt.Chart:
    """Each framework's net score (the sum of what the fired rules gave it), best first, the winner marked."""
    # A ruled-out framework is named so on its bar and drawn hatched-grey: it can hold more points than the
    # winner (keeping Keras code rules the others out), and a longer bar must not read as a better one.
    ruled_out = t("view.chart.ruled_out", lang=lang)
    order = [r.label.get(lang) + (f" ({ruled_out})" if r.vetoed else "") for r in rec.ranking]
    places = ["recommended"] + ["runner-up"] + ["other"] * (len(order) - 2)
    totals = pd.DataFrame({"framework": order, "score": [r.score for r in rec.ranking],
                           "place": ["ruled-out" if r.vetoed else p for r, p in zip(rec.ranking, places, strict=True)]})
    y = alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(totals).mark_bar().encode(
        x=alt.X("score:Q", title=t("view.chart.score_axis", lang=lang),
                axis=alt.Axis(tickCount=6, format="~g")), y=y,  # a handful of ticks, even at 1024 px
        color=alt.Color("place:N", scale=alt.Scale(domain=["recommended", "runner-up", "other", "ruled-out"],
                                                    range=["#1f77b4", "#9ecae1", "#d9d9d9", "#8c8c8c"]),
                        legend=None),
        opacity=alt.condition(alt.datum.place == "ruled-out", alt.value(0.35), alt.value(1.0)),
        tooltip=[_tip("framework", lang), _tip("score", lang)])
    labels = alt.Chart(totals).mark_text(align="left", dx=4).encode(x="score:Q", y=y, text=alt.Text("score:Q",
                                                                                                  format=".3~g"))
    return (bars + labels).properties(title=t("view.chart.score_title", lang=lang), height=alt.Step(36))


def breakdown_chart(rec: Recommendation, rule_titles: list[str], lang: Lang | None = None) -> alt.Chart:
    """Every rule's contribution per framework (negative ones left of zero). The colours and the legend cover
    only the rules that fired, in the order of `rule_titles` (the rule set's): 20 colours for the whole rule
    set's ~50 rules repeated, so a bar took the colour of a rule that had not fired (seen by a user)."""
    order = [r.label.get(lang) for r in rec.ranking]
    frame = contributions_frame(rec, lang)
    fired = [title for title in rule_titles if title in set(frame["rule"])]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(points):Q", title=t("view.chart.breakdown_axis", lang=lang)),
        y=alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("rule:N", title=t("view.chart.rule", lang=lang),
                        scale=alt.Scale(domain=fired, scheme="tableau20"),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=260)),
        tooltip=[_tip(field, lang) for field in ("framework", "rule", "rule_id", "points")],
    ).properties(title=t("view.chart.breakdown_title", lang=lang), height=alt.Step(36))


def what_if_chart(before: Recommendation, after: Recommendation, lang: Lang | None = None) -> alt.Chart:
    # The two answer sets are named in the data itself: the legend shows the values, in the reader's language.
    sides = [t("view.chart.current", lang=lang), t("view.chart.what_if", lang=lang)]
    rows = [{"framework": r.label.get(lang), "answers": which, "score": r.score}
            for which, rec in zip(sides, (before, after), strict=True) for r in rec.ranking]
    order = [r.label.get(lang) for r in before.ranking]
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("score:Q", title=t("view.chart.what_if_axis", lang=lang)),
        y=alt.Y("framework:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("answers:N", sort=sides),
        color=alt.Color("answers:N", sort=sides, title=t("view.chart.answers", lang=lang)),
        tooltip=[_tip(field, lang) for field in ("framework", "answers", "score")],
    ).properties(height=alt.Step(18), title=t("view.chart.what_if_title", lang=lang))
