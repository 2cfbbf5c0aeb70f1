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
from guide.reports.stack_view import StackView, stack_view
from guide.text import Lang, current_lang, t


@dataclass(frozen=True)
class LazyText:
    """A catalogue text named once and said when shown, in the language of that moment: a module-level
    constant cannot hold the text itself, which would be said once, at import, in English."""

    key: str

    def get(self, lang: Lang | None = None) -> str:
        return t(self.key, lang=lang)

    def __str__(self) -> str:
        return self.get()


NO_CHANGE = LazyText("view.no_change")
NO_DEPLOYMENT = LazyText("view.no_deployment")
NO_BENCHMARK = LazyText("view.no_benchmark")


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
    stack: StackView | None = None  # the framework to train in and a route per deployment target answered
    moved: str | None = None  # which evidence moved the winner, and from what to what (None when none did)


def answer_text(qid: str, value: AnswerValue | None, questions: QuestionSet, lang: Lang | None = None) -> str:
    q = questions.get(qid)
    if value is None:
        return t("view.unanswered", lang=lang)
    ids = value if isinstance(value, tuple) else (value,)
    if q is None:
        return ", ".join(ids)
    return ", ".join(q.option(i).label.get(lang) if i in q.option_ids else i for i in ids)


def change_text(cf: Counterfactual, questions: QuestionSet, lang: Lang | None = None) -> str:
    parts = []
    for ch in cf.changes:
        q = questions.get(ch.question)
        label = q.label.get(lang) if q else ch.question
        before = answer_text(ch.question, ch.before, questions, lang)
        after = answer_text(ch.question, ch.after, questions, lang)
        parts.append(t("view.change", lang=lang, question=label, before=before, after=after))
    return "; ".join(parts)


def _why(rec: Recommendation, names: dict[str, str], lang: Lang) -> tuple[WhyItem, ...]:
    return tuple(WhyItem(
        title=entry.title.get(lang),
        deltas=", ".join(f"{names[fw]} {d:+g}" for fw, d in entry.scores.items())
        or t("view.no_score_change", lang=lang),
        rationale=entry.rationale.get(lang),
        when=(entry.when.get(lang) if entry.when else ", ".join(entry.matched)) or t("view.always", lang=lang),
        sources=tuple(cite(e) for e in entry.evidence),
    ) for entry in rec.trace)


def alternative_text(rec: Recommendation, names: dict[str, str], lang: Lang) -> str:
    """'PyTorch, 4.1 points behind.' (plus why a higher-ranked framework was passed over): every view's line."""
    alt = rec.alternative or rec.runner_up
    if alt is None:
        return "-"
    ranked = next(r for r in rec.ranking if r.framework == alt)
    if ranked.vetoed:  # every other framework is ruled out (keeping Keras code): say why, not points behind
        return t("view.alternative_ruled_out", lang=lang, framework=names[alt],
                 reasons="; ".join(v.get(lang) for v in ranked.veto_reasons))
    line = t("view.alternative", lang=lang, framework=names[alt], behind=rec.ranking[0].score - rec.score_of(alt))
    return f"{line} {rec.alternative_note.get(lang)}" if rec.alternative_note else line


def decision_view(rec: Recommendation, questions: QuestionSet, lang: Lang | None = None,
                  deploy: DeployResult | None = None) -> DecisionView:
    """The decision's texts in `lang` (default: this run's language); `confidence` stays an id (high, medium,
    low) that each view words itself."""
    lang = lang or current_lang()
    names = {r.framework: r.label.get(lang) for r in rec.ranking}
    return DecisionView(
        winner=names[rec.winner],
        alternative=alternative_text(rec, names, lang),
        margin=rec.margin,
        confidence=rec.confidence,
        tie_note=t("view.tie_note", lang=lang) if rec.tie_broken else None,
        ruleset=t("view.ruleset", lang=lang, version=rec.ruleset_version, digest=rec.ruleset_digest),
        answered=t("view.answered", lang=lang, answered=rec.certainty.answered, total=rec.certainty.total),
        answers=tuple((q.label.get(lang), answer_text(q.id, rec.answers.get(q.id), questions, lang))
                      for q in questions.questions if q.id in rec.answers or not q.show_if),
        ranking=tuple((i, r.label.get(lang), r.score, r.vetoed) for i, r in enumerate(rec.ranking, 1)),
        why=_why(rec, names, lang),
        changes=tuple(ChangeItem(change_text(cf, questions, lang), names[cf.winner], cf.margin)
                      for cf in rec.counterfactuals),
        measurements=tuple(measurement_line(m, {e.rule_id: e.title.get(lang) for e in rec.trace})
                           for m in rec.measurements),
        deployment=tuple(s.text.get(lang) for s in rec.deployment_path),
        learning=tuple(s.text.get(lang) for s in rec.learning_path),
        deployment_checks=tuple(step_check_lines(s.checks, deploy) for s in rec.deployment_path),
        stack=stack_view(rec, names, lang, deploy),
        moved=moved_text(rec, names, lang),
    )


def moved_text(rec: Recommendation, names: dict[str, str], lang: Lang) -> str | None:
    """'The measurements moved the winner: …': the evidence by id, and the rules that read it."""
    if not rec.moved_by_measurements:
        return None
    used = [m for m in rec.measurements if m.contributed]
    kinds = {"bench": "view.moved.bench", "deploy": "view.moved.deploy"}
    evidence = dict.fromkeys(t(kinds[m.key.split(".")[0]], lang=lang, id=m.result_id or "?") for m in used)
    rules = dict.fromkeys(e.title.get(lang) for e in rec.trace if e.measurement_keys and e.scores)
    return t("view.moved.text", lang=lang, before=names[rec.rules_alone_winner], after=names[rec.winner],
             evidence=", ".join(evidence), rules=", ".join(rules))
