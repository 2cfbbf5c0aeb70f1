"""A recommendation as a JSON document and as Markdown: the CLI output and the page downloads."""

from __future__ import annotations

from guide.decision.answers import AnswerValue
from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import Recommendation
from guide.evidence.measurements import measurement_line
from guide.evidence.sources import cite
from guide.text import Lang, literal

EXPORT_VERSION = 1


def recommendation_json(rec: Recommendation) -> dict:
    """The CLI contract: ranking (best first), trace, counterfactuals, deployment_path, and the rest."""
    data = rec.model_dump(mode="json")
    data["ranking"] = [
        {"framework": r.framework, "score": r.score, "vetoed": r.vetoed} for r in rec.ranking
    ]
    return {"export_version": EXPORT_VERSION, **data}


def answer_text(qid: str, value: AnswerValue | None, questions: QuestionSet, lang: Lang = "en") -> str:
    q = questions.get(qid)
    if value is None:
        return "(unanswered)" if lang == "en" else "(미응답)"
    ids = value if isinstance(value, tuple) else (value,)
    if q is None:
        return ", ".join(ids)
    return ", ".join(q.option(i).label.get(lang) if i in q.option_ids else i for i in ids)


def change_text(cf, questions: QuestionSet, lang: Lang = "en") -> str:
    parts = []
    for ch in cf.changes:
        q = questions.get(ch.question)
        label = q.label.get(lang) if q else ch.question
        before = answer_text(ch.question, ch.before, questions, lang)
        after = answer_text(ch.question, ch.after, questions, lang)
        parts.append(f"{label} {before} → {after}")
    return "; ".join(parts)


def _fw(rec: Recommendation, fw: str, lang: Lang) -> str:
    return next(r.label.get(lang) for r in rec.ranking if r.framework == fw)


def recommendation_markdown(rec: Recommendation, lang: Lang = "en", questions: QuestionSet | None = None,
                            heading_level: int = 1) -> str:
    questions = questions or load_questions()
    h = "#" * heading_level
    lines = [f"{h} Framework recommendation: {_fw(rec, rec.winner, lang)}", ""]
    lines += [f"The real alternative: {rec.alternative_text(lang)}",
              f"Margin over the next framework {rec.margin:g} points, confidence **{rec.confidence}**."
              + (" The top two tie exactly; the rule set's framework order decided." if rec.tie_broken else ""),
              f"Rule set {rec.ruleset_version} ({rec.ruleset_digest}); "
              f"{rec.certainty.answered} of {rec.certainty.total} questions answered.", ""]
    lines += [f"{h}# Answers", ""]
    lines += [f"- {q.label.get(lang)}: {answer_text(q.id, rec.answers.get(q.id), questions, lang)}"
              for q in questions.questions if q.id in rec.answers or not q.show_if]
    lines += ["", f"{h}# Ranking", "", "| # | Framework | Score |", "|---|---|---|"]
    lines += [f"| {i} | {r.label.get(lang)}{' (vetoed)' if r.vetoed else ''} | {r.score:g} |"
              for i, r in enumerate(rec.ranking, 1)]
    lines += ["", f"{h}# Why", ""] + _why_lines(rec, lang)
    lines += ["", f"{h}# What would change it", ""]
    lines += [f"- {change_text(cf, questions, lang)} ⇒ {_fw(rec, cf.winner, lang)}" for cf in rec.counterfactuals]
    if not rec.counterfactuals:
        lines.append("- No change of one or two answers changes the winner.")
    lines += ["", f"{h}# Measured on this machine", ""] + _measurement_lines(rec)
    lines += ["", f"{h}# Deployment path", ""] + [f"- {s.text.get(lang)}" for s in rec.deployment_path]
    if not rec.deployment_path:
        lines.append("- No deployment target needs a specific path.")
    lines += ["", f"{h}# Learning path", ""] + [f"{i}. {s.text.get(lang)}" for i, s in
                                                 enumerate(rec.learning_path, 1)]
    return "\n".join(lines) + "\n"


def _measurement_lines(rec: Recommendation) -> list[str]:
    if not rec.measurements:
        return ["- No benchmark was given: the recommendation stands on the rules alone."]
    return [f"- {literal(measurement_line(m))}" for m in rec.measurements]  # machine names come from files


def _why_lines(rec: Recommendation, lang: Lang) -> list[str]:
    lines = []
    for t in rec.trace:
        deltas = ", ".join(f"{_fw(rec, fw, lang)} {d:+g}" for fw, d in t.scores.items()) or "no score change"
        sources = "; ".join(f"[{literal(title)}]({url})" if url else literal(title)
                            for title, url in map(cite, t.evidence))
        lines.append(f"- **{t.title.get(lang)}** ({deltas}): {t.rationale.get(lang)} Evidence: {sources}")
    return lines
