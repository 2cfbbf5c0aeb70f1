"""The decision as plain text pieces, built once: every view (the Recommendation page, the Markdown and HTML
reports, the CLI text) renders these and builds no sentence of its own."""

from __future__ import annotations

from dataclasses import dataclass

from guide.decision.answers import AnswerValue
from guide.decision.questions import QuestionSet
from guide.decision.recommendation import Counterfactual, Recommendation
from guide.deploy.schema import DeployResult
from guide.evidence.measurements import measurement_line
from guide.evidence.sources import cite
from guide.reports.deploy_steps import step_check_lines
from guide.text import Lang

NO_CHANGE = "No change of one or two answers changes the winner."
NO_DEPLOYMENT = "No deployment target needs a specific path."
NO_BENCHMARK = "No benchmark was given: the recommendation stands on the rules alone."
TIE_NOTE = "The top two tie exactly; the rule set's framework order decided."


@dataclass(frozen=True)
class WhyItem:
    """One fired rule: what it added, why, when it applies and the sources behind it."""

    title: str
    deltas: str
    rationale: str
    when: str
    sources: tuple[tuple[str, str | None], ...]  # (title, url or None)


@dataclass(frozen=True)
class ChangeItem:
    """One counterfactual: the answers to change, and who would win by how much."""

    text: str
    winner: str
    margin: float


@dataclass(frozen=True)
class DecisionView:
    winner: str
    alternative: str
    margin: float
    confidence: str
    tie_note: str | None
    ruleset: str
    answered: str
    answers: tuple[tuple[str, str], ...]  # (question label, answer text)
    ranking: tuple[tuple[int, str, float, bool], ...]  # (rank, framework label, score, vetoed)
    why: tuple[WhyItem, ...]
    changes: tuple[ChangeItem, ...]
    measurements: tuple[str, ...]
    deployment: tuple[str, ...]
    learning: tuple[str, ...]
    # Per deployment step, what a deployment check found for it (empty without a check, or for a step no
    # check tests): parallel to `deployment`.
    deployment_checks: tuple[tuple[str, ...], ...] = ()


def answer_text(qid: str, value: AnswerValue | None, questions: QuestionSet, lang: Lang = "en") -> str:
    q = questions.get(qid)
    if value is None:
        return "(unanswered)" if lang == "en" else "(미응답)"
    ids = value if isinstance(value, tuple) else (value,)
    if q is None:
        return ", ".join(ids)
    return ", ".join(q.option(i).label.get(lang) if i in q.option_ids else i for i in ids)


def change_text(cf: Counterfactual, questions: QuestionSet, lang: Lang = "en") -> str:
    parts = []
    for ch in cf.changes:
        q = questions.get(ch.question)
        label = q.label.get(lang) if q else ch.question
        before = answer_text(ch.question, ch.before, questions, lang)
        after = answer_text(ch.question, ch.after, questions, lang)
        parts.append(f"{label} {before} → {after}")
    return "; ".join(parts)


def _why(rec: Recommendation, names: dict[str, str], lang: Lang) -> tuple[WhyItem, ...]:
    return tuple(WhyItem(
        title=t.title.get(lang),
        deltas=", ".join(f"{names[fw]} {d:+g}" for fw, d in t.scores.items()) or "no score change",
        rationale=t.rationale.get(lang),
        when=", ".join(t.matched) or "always",
        sources=tuple(cite(e) for e in t.evidence),
    ) for t in rec.trace)


def decision_view(rec: Recommendation, questions: QuestionSet, lang: Lang = "en",
                  deploy: DeployResult | None = None) -> DecisionView:
    names = {r.framework: r.label.get(lang) for r in rec.ranking}
    return DecisionView(
        winner=names[rec.winner],
        alternative=rec.alternative_text(lang),
        margin=rec.margin,
        confidence=rec.confidence,
        tie_note=TIE_NOTE if rec.tie_broken else None,
        ruleset=f"Rule set {rec.ruleset_version} ({rec.ruleset_digest})",
        answered=f"{rec.certainty.answered} of {rec.certainty.total} questions answered",
        answers=tuple((q.label.get(lang), answer_text(q.id, rec.answers.get(q.id), questions, lang))
                      for q in questions.questions if q.id in rec.answers or not q.show_if),
        ranking=tuple((i, r.label.get(lang), r.score, r.vetoed) for i, r in enumerate(rec.ranking, 1)),
        why=_why(rec, names, lang),
        changes=tuple(ChangeItem(change_text(cf, questions, lang), names[cf.winner], cf.margin)
                      for cf in rec.counterfactuals),
        measurements=tuple(measurement_line(m) for m in rec.measurements),
        deployment=tuple(s.text.get(lang) for s in rec.deployment_path),
        learning=tuple(s.text.get(lang) for s in rec.learning_path),
        deployment_checks=tuple(step_check_lines(s.checks, deploy) for s in rec.deployment_path),
    )
