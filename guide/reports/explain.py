"""Plain-language views of the rule set: condition text, a searchable table, what-if, the article's table."""

from __future__ import annotations

from dataclasses import dataclass

from guide.checks.examples import load_examples
from guide.decision.answers import AnswerSet, AnswerValue
from guide.decision.conditions import condition_text
from guide.decision.engine import evaluate
from guide.decision.questions import QuestionSet
from guide.decision.recommendation import Recommendation
from guide.decision.rules import RuleSet
from guide.reports.view import answer_text
from guide.text import Lang


def rule_rows(ruleset: RuleSet, lang: Lang = "en") -> list[dict]:
    return [
        {
            "rule": r.id,
            "title": r.title.get(lang),
            "when": condition_text(r.when),
            "scores": ", ".join(f"{fw} {d:+g}" for fw, d in r.effects.scores.items()),
            "rationale": r.rationale.get(lang),
            "evidence": "; ".join(f"{e.source} ({e.date})" for e in r.evidence),
        }
        for r in ruleset.rules
    ]


def filter_rows(rows: list[dict], query: str) -> list[dict]:
    """Every word of the query must appear somewhere in the row (case-insensitive)."""
    words = query.lower().split()
    return [row for row in rows if all(w in " ".join(map(str, row.values())).lower() for w in words)]


@dataclass(frozen=True)
class WhatIf:
    before: Recommendation
    after: Recommendation

    @property
    def winner_changed(self) -> bool:
        return self.before.winner != self.after.winner

    def moves(self) -> list[dict]:
        pos_before = {r.framework: i for i, r in enumerate(self.before.ranking, 1)}
        return [
            {"framework": r.label.en, "rank now": pos_before[r.framework], "rank what-if": i,
             "score now": self.before.score_of(r.framework), "score what-if": r.score}
            for i, r in enumerate(self.after.ranking, 1)
        ]


def what_if(answers: AnswerSet, question_id: str, value: AnswerValue | None,
            ruleset: RuleSet, questions: QuestionSet, measurements=()) -> WhatIf:
    """The ranking now and with one answer changed; measurements, when given, count in both."""
    before = evaluate(answers, ruleset, questions, with_counterfactuals=False, measurements=measurements)
    after = evaluate(answers.with_answer(question_id, value), ruleset, questions, with_counterfactuals=False,
                     measurements=measurements)
    return WhatIf(before, after)


def article_table(ruleset: RuleSet, questions: QuestionSet) -> list[dict]:
    """The article's 'When to use which' rows beside what this rule set says for the same answers."""
    rows = []
    for ex in load_examples():
        if ex.source != "seed:7":
            continue
        rec = evaluate(ex.answers, ruleset, questions, with_counterfactuals=False)
        answers = "; ".join(
            f"{questions.get(k).label.en} {answer_text(k, tuple(v) if isinstance(v, list) else v, questions)}"
            for k, v in ex.answers.items())
        rows.append({"answers": answers,
                     "the article says": ex.article_says, "this guide says": ruleset.framework(rec.winner).label.en,
                     "margin": rec.margin})
    return rows
