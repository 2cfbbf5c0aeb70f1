"""A team session as texts, built once from guide.team.report.TeamOutcome: the dashboard, the projector view and
the team report (Markdown, HTML) render these and word nothing of their own. Names, titles and answers come from
participants: the renderers show them literally."""

from __future__ import annotations

from dataclasses import dataclass

from guide.decision.questions import QuestionSet, load_questions
from guide.reports.view import DecisionView, answer_text, decision_view
from guide.team.aggregate import SHARE_NEEDED, Disagreement
from guide.team.report import TeamOutcome
from guide.text import Lang, current_lang, t

RULE_KEYS = ("one", "several", "skills", "unanswered")


@dataclass(frozen=True)
class Distribution:
    """How the team answered one question: every option with its count, in the questionnaire's order."""

    question: str
    counts: tuple[tuple[str, int], ...]  # (option label, how many picked it)
    answered: int
    team_answer: str
    chosen: tuple[str, ...]  # the labels of the team's answer, marked in the chart
    tie: str | None  # the tied answers of a one-choice question, worded


@dataclass(frozen=True)
class TeamView:
    code: str
    title: str
    closed: bool
    participants: int
    distributions: tuple[Distribution, ...]
    decision: DecisionView
    disagreements: tuple[str, ...]
    individuals: tuple[tuple[str, str, int], ...]  # (name or "#n", top framework, revision): admin only
    tops: tuple[tuple[str, int], ...]  # (framework, how many participants have it first): admin only


def aggregation_rules(lang: Lang | None = None) -> tuple[str, ...]:
    """How answers become the team's, in words: the page, the About page and the report show these."""
    return tuple(t(f"team.rules.{key}", lang=lang, share=f"{SHARE_NEEDED:.0%}") for key in RULE_KEYS)


def _distribution(q, o: TeamOutcome, questions: QuestionSet, lang: Lang) -> Distribution:
    counts = o.profile.counts.get(q.id, {})
    tie = o.profile.ties.get(q.id)
    team = o.profile.answers.get(q.id)
    team_ids = team if isinstance(team, tuple) else (team,)
    return Distribution(
        question=q.label.get(lang),
        counts=tuple((opt.label.get(lang), counts.get(opt.id, 0)) for opt in q.options),
        answered=o.profile.answered.get(q.id, 0),
        team_answer=answer_text(q.id, team, questions, lang) if team is not None or not q.show_if
        else t("team.report.follow_up_hidden", lang=lang),  # the team's own answers do not ask it
        chosen=tuple(opt.label.get(lang) for opt in q.options if opt.id in team_ids),
        tie=answer_text(q.id, tie, questions, lang) if tie else None)


def _disagreement(d: Disagreement, names: dict[str, str], questions: QuestionSet, lang: Lang) -> str:
    q = questions.get(d.question)
    return t(f"team.disagreement.{d.change}", lang=lang, question=q.label.get(lang) if q else d.question,
             answer=answer_text(d.question, d.option, questions, lang), people=d.people, answered=d.answered,
             winner=names.get(d.winner, d.winner))


def team_view(o: TeamOutcome, lang: Lang | None = None, questions: QuestionSet | None = None) -> TeamView:
    lang = lang or current_lang()
    questions = questions or load_questions()
    rec = o.recommendation
    names = {r.framework: r.label.get(lang) for r in rec.ranking}
    individuals = tuple((p.name or f"#{i}", names.get(top, top), p.revision)
                        for i, (p, top) in enumerate(zip(o.people, o.tops, strict=True), 1)) if o.admin else ()
    tops = tuple((names[f], n) for f in names if (n := o.tops.count(f)))
    return TeamView(
        code=o.session["code"], title=o.session["title"] or "", closed=bool(o.session["closed"]),
        participants=len(o.people),
        distributions=tuple(_distribution(q, o, questions, lang) for q in questions.questions
                            if q.id in o.profile.answered),
        decision=decision_view(rec, questions, lang),
        disagreements=tuple(_disagreement(d, names, questions, lang) for d in o.disagreements),
        individuals=individuals, tops=tops)
