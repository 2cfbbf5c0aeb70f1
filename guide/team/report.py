"""A team session's outcome, computed once: participants, the team profile, its recommendation, where the team
disagrees and, with the admin token, each participant's top framework. The CLI prints it as plain data (text or
JSON) and exports it; the pages and the team report draw it through guide.reports.team_view."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from guide.decision.answers import parse_answers
from guide.decision.engine import recommend, top_framework
from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import Recommendation
from guide.team.aggregate import Disagreement, TeamProfile, disagreements, team_profile
from guide.team.store import Participant, TeamStore


@dataclass(frozen=True)
class TeamOutcome:
    session: dict
    people: tuple[Participant, ...]
    profile: TeamProfile
    recommendation: Recommendation
    disagreements: tuple[Disagreement, ...]
    tops: tuple[str, ...]  # each participant's top framework, in `people` order; empty without the admin token
    admin: bool


def team_outcome(store: TeamStore, code: str, admin_token: str | None = None,
                 questions: QuestionSet | None = None, for_participants: bool = False) -> TeamOutcome:
    """Admin token given: it must be right (TeamError otherwise), and each participant's top is included.
    `for_participants`: only what participants are shown (no disagreements, no counterfactual search)."""
    session = store.admin(code, admin_token) if admin_token else store.session(code)
    people = tuple(store.participants(session["code"]))
    questions = questions or load_questions()
    profile = team_profile([p.answers for p in people], questions)
    tops = tuple(top_framework(parse_answers(p.answers, questions)[0]) for p in people) if admin_token else ()
    rec = recommend(profile.answers, with_counterfactuals=not for_participants)
    split = () if for_participants else tuple(disagreements(profile, questions))
    return TeamOutcome(session, people, profile, rec, split, tops, bool(admin_token))


def team_summary(store: TeamStore, code: str, admin_token: str | None = None) -> dict:
    o = team_outcome(store, code, admin_token)
    rec = o.recommendation
    summary = {
        "code": o.session["code"], "title": o.session["title"], "closed": o.session["closed"],
        "participants": len(o.people), "counts": o.profile.counts,
        "ties": {q: list(opts) for q, opts in o.profile.ties.items()},
        "team_answers": o.profile.answers.to_json_dict(), "winner": rec.winner,
        "scores": {r.framework: r.score for r in rec.ranking},
        "why": [entry.rule_id for entry in rec.trace],
        "disagreements": [{"question": d.question, "answer": d.option, "change": d.change, "people": d.people,
                           "answered": d.answered, "winner": d.winner} for d in o.disagreements],
    }
    if o.admin:
        summary["individuals"] = [{"name": p.name, "answers": p.answers, "revision": p.revision, "top_framework": top}
                                  for p, top in zip(o.people, o.tops, strict=True)]
    return summary


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A participant's text as a spreadsheet shows it, never as a formula it would run (=HYPERLINK(...))."""
    return "'" + text if text.startswith(FORMULA_START) else text


def export_rows(summary: dict, question_ids: list[str]) -> list[dict]:
    """One CSV row per participant, then one for the team's aggregate: a column per question (option ids, a
    several-choice answer joined by "; "), as a spreadsheet filters them."""
    def answers(values: dict) -> dict:
        return {q: "; ".join(v) if isinstance(v, list) else (v or "") for q in question_ids
                for v in [values.get(q)]}

    rows = [{"participant": _cell(p["name"] or f"#{i}"), "revision": p["revision"],
             "top_framework": p["top_framework"], **answers(p["answers"])}
            for i, p in enumerate(summary.get("individuals", []), 1)]
    return rows + [{"participant": "team (aggregate)", "revision": "", "top_framework": summary["winner"],
                    **answers(summary["team_answers"])}]


def export_text(summary: dict, kind: str) -> str:
    """The export file's text: "json" (the whole summary) or "csv" (export_rows)."""
    if kind == "json":
        return json.dumps(summary, indent=2, ensure_ascii=False, default=str)
    rows = export_rows(summary, list(load_questions().ids))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
