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
from guide.text import Lang, current_lang, t


def _columns(group: str, names: tuple[str, ...], lang: Lang | None = None) -> list[str]:
    """A table's column names in the language asked for (rows are dicts: their keys are the headers)."""
    return [t(f"view.{group}.{name}", lang=lang) for name in names]


def rule_rows(ruleset: RuleSet, lang: Lang | None = None) -> list[dict]:
    lang = lang or current_lang()
    columns = _columns("rules", ("rule", "title", "when", "scores", "rationale", "evidence"), lang)
    return [
        dict(zip(columns, (
            r.id,
            r.title.get(lang),
            condition_text(r.when, lang).replace("`", ""),  # a table cell shows Markdown's backticks raw
            ", ".join(f"{fw} {d:+g}" for fw, d in r.effects.scores.items()),
            r.rationale.get(lang),
            "; ".join(f"{e.source} ({e.date})" for e in r.evidence),
        ), strict=True))
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

    def moves(self, lang: Lang | None = None) -> list[dict]:
        pos_before = {r.framework: i for i, r in enumerate(self.before.ranking, 1)}
        columns = _columns("what_if", ("framework", "rank_now", "rank_what_if", "score_now", "score_what_if"), lang)
        return [
            dict(zip(columns, (r.label.get(lang), pos_before[r.framework], i, self.before.score_of(r.framework),
                               r.score), strict=True))
            for i, r in enumerate(self.after.ranking, 1)
        ]


def what_if(answers: AnswerSet, question_id: str, value: AnswerValue | None,
            ruleset: RuleSet, questions: QuestionSet, measurements=()) -> WhatIf:
    """The ranking now and with one answer changed; measurements, when given, count in both."""
    before = evaluate(answers, ruleset, questions, with_counterfactuals=False, measurements=measurements)
    after = evaluate(answers.with_answer(question_id, value), ruleset, questions, with_counterfactuals=False,
                     measurements=measurements)
    return WhatIf(before, after)


def article_table(ruleset: RuleSet, questions: QuestionSet, lang: Lang | None = None) -> list[dict]:
    """The article's 'When to use which' rows beside what this rule set says for the same answers."""
    columns = _columns("article", ("answers", "article_says", "guide_says", "margin"), lang)
    rows = []
    for ex in load_examples():
        if ex.source != "seed:7":
            continue
        rec = evaluate(ex.answers, ruleset, questions, with_counterfactuals=False)
        answers = "; ".join(
            f"{questions.get(k).label.get(lang)} "
            f"{answer_text(k, tuple(v) if isinstance(v, list) else v, questions, lang)}"
            for k, v in ex.answers.items())
        rows.append(dict(zip(columns, (answers, ex.article_says, ruleset.framework(rec.winner).label.get(lang),
                                       rec.margin), strict=True)))
    return rows
