"""A team session as plain data: participants, per-question counts, the team profile, its recommendation with
the why-list, where the team disagrees; with the admin token, each participant's answers and top framework.
The CLI prints it (text or JSON) and exports it; the pages will draw it."""

from __future__ import annotations

import json

from guide.decision.answers import parse_answers
from guide.decision.engine import recommend
from guide.decision.questions import load_questions
from guide.team.aggregate import disagreements, team_profile
from guide.team.store import TeamStore


def team_summary(store: TeamStore, code: str, admin_token: str | None = None) -> dict:
    """Admin token given: it must be right (TeamError otherwise), and individuals are included."""
    session = store.admin(code, admin_token) if admin_token else store.session(code)
    people = store.participants(session["code"])
    questions = load_questions()
    profile = team_profile([p.answers for p in people], questions)
    rec = recommend(profile.answers)
    summary = {
        "code": session["code"], "title": session["title"], "closed": session["closed"],
        "participants": len(people), "counts": profile.counts, "ties": {q: list(o) for q, o in profile.ties.items()},
        "team_answers": profile.answers.to_json_dict(), "winner": rec.winner,
        "scores": {r.framework: r.score for r in rec.ranking},
        "why": [entry.rule_id for entry in rec.trace],
        "disagreements": [{"question": q, "answer": a, "winner": w} for q, a, w in disagreements(profile, questions)],
    }
    if admin_token:
        summary["individuals"] = [{"name": p.name, "answers": p.answers, "revision": p.revision,
                                   "top_framework": recommend(parse_answers(p.answers, questions)[0]).winner}
                                  for p in people]
    return summary


def export_rows(summary: dict) -> list[dict]:
    """One CSV row per participant, then one for the team's aggregate."""
    rows = [{"participant": p["name"] or f"#{i}", "answers": json.dumps(p["answers"], ensure_ascii=False),
             "top_framework": p["top_framework"]} for i, p in enumerate(summary.get("individuals", []), 1)]
    return rows + [{"participant": "team (aggregate)", "answers": json.dumps(summary["team_answers"]),
                    "top_framework": summary["winner"]}]
