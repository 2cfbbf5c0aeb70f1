"""Recommendation charts are functions of the recommendation: checked through chart.to_dict()."""

from guide.decision.engine import evaluate
from guide.reports.charts.recommendation_charts import breakdown_chart, score_chart, what_if_chart
from tests.helpers import QUESTIONS, RULESET

REC = evaluate({"use_case": "production", "deployment_target": ("mobile",), "team_skills": ("tensorflow",)},
               RULESET, QUESTIONS)


def data_of(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_net_score_chart_shows_the_ranking_with_the_winner_first():
    rows = data_of(score_chart(REC).to_dict())
    assert [r["framework"] for r in rows] == [r.label.en for r in REC.ranking]
    assert [r["score"] for r in rows] == [r.score for r in REC.ranking]
    assert rows[0]["place"] == "recommended"


def test_breakdown_sums_to_each_score_and_colours_only_the_rules_that_fired():
    """20 colours for ~50 rules repeated, so a bar wore a rule that had not fired: only fired rules are in the
    colour domain (and the legend), in the rule set's order, at most 20 so no colour repeats."""
    titles = [r.title.en for r in RULESET.rules]
    spec = breakdown_chart(REC, titles).to_dict()
    fired = {t.title.en for t in REC.trace if t.scores}
    domain = spec["encoding"]["color"]["scale"]["domain"]
    assert set(domain) == fired and domain == [title for title in titles if title in fired] and len(domain) <= 20
    for ranked in REC.ranking:
        points = sum(r["points"] for r in data_of(spec) if r["framework"] == ranked.label.en)
        assert abs(points - ranked.score) < 1e-9


def test_what_if_chart_has_both_answer_sets():
    other = evaluate({"use_case": "research"}, RULESET, QUESTIONS)
    rows = data_of(what_if_chart(REC, other).to_dict())
    assert {r["answers"] for r in rows} == {"current", "what-if"} and len(rows) == 2 * len(REC.ranking)


def test_the_score_axis_asks_for_a_handful_of_ticks():
    spec = score_chart(REC).to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickCount"] <= 8  # Vega-Lite's default drew 31 ticks across a 1024 px projector
