"""How a team's answers become one team profile, and where the team disagrees. The rules (stated on the pages
and in the About page, from the same catalogue):
- one-choice questions: the majority answer; a tie is kept as a tie and shown, and the option listed first in
  the questionnaire breaks it (a fixed, stated order, never chance);
- several-choice questions: every option at least half of those who answered the question picked
  (share-weighted), the most picked when none reaches half; an option that excludes the others ("none") stays
  only when more picked it than any other kept option; team skills are the exception: the union (one person
  who knows a framework counts), with how many know each;
- a question nobody answered stays unanswered.
Pure functions of the answers and the questions: the engine does the rest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from guide.decision.answers import AnswerSet, parse_answers
from guide.decision.engine import top_framework
from guide.decision.questions import QuestionSet

UNION_QUESTIONS = ("team_skills",)
SHARE_NEEDED = 0.5


@dataclass(frozen=True)
class TeamProfile:
    answers: AnswerSet
    counts: dict[str, dict[str, int]]  # question -> option -> how many picked it
    answered: dict[str, int]  # question -> how many answered it
    ties: dict[str, tuple[str, ...]]  # one-choice questions whose top answers tie


def _count(sets: list[dict], qid: str) -> tuple[Counter, int]:
    counts, answered = Counter(), 0
    for answers in sets:
        value = answers.get(qid)
        if value:
            answered += 1
            counts.update(value if isinstance(value, (list, tuple)) else [value])
    return counts, answered


def _team_value(question, counts: Counter, answered: int):
    ranked = [o for o in question.option_ids if counts[o]]
    if question.kind == "one":
        top = max(counts.values())
        return next(o for o in ranked if counts[o] == top)
    if question.id in UNION_QUESTIONS:
        return ranked
    kept = [o for o in ranked if counts[o] / answered >= SHARE_NEEDED]
    kept = kept or [max(ranked, key=lambda o: counts[o])]  # max keeps the first listed among equals
    return _without_conflict(question, kept, counts)


def _without_conflict(question, kept: list[str], counts: Counter) -> list[str]:
    """An option that excludes the others ("none") stays only when more picked it than any other kept option;
    otherwise it goes (an answer nobody could give is never the team's)."""
    exclusive = [o for o in kept if o in question.exclusive]
    others = [o for o in kept if o not in question.exclusive]
    if not exclusive or not others:
        return kept
    top = max(exclusive, key=lambda o: counts[o])
    return [top] if counts[top] > max(counts[o] for o in others) else others


def team_profile(sets: list[dict], questions: QuestionSet) -> TeamProfile:
    # Each set as the questionnaire reads it today: a session outlives edits of questions.yaml, and an option
    # it no longer has (or a follow-up its own answers hide) must not count.
    sets = [parse_answers(answers, questions)[0].to_json_dict() for answers in sets]
    raw, counts_by_q, answered_by_q, ties = {}, {}, {}, {}
    for q in questions.questions:
        counts, answered = _count(sets, q.id)
        if not answered:
            continue
        counts_by_q[q.id], answered_by_q[q.id] = dict(counts), answered
        raw[q.id] = _team_value(q, counts, answered)
        top = [o for o in q.option_ids if counts[o] == max(counts.values())]
        if q.kind == "one" and len(top) > 1:
            ties[q.id] = tuple(top)
    answers, _ = parse_answers(raw, questions)  # drops follow-ups the team's own answers hide
    return TeamProfile(answers, counts_by_q, answered_by_q, ties)


@dataclass(frozen=True)
class Disagreement:
    """Part of the team answered otherwise, and had the team settled it their way, the winner would change."""

    question: str
    option: str
    change: str  # "other": a one-choice answer some gave; "add"/"drop": an option some picked / some did not
    people: int  # how many answered that way
    answered: int  # how many answered the question
    winner: str  # the team's winner had the team settled it that way


def _alternatives(profile: TeamProfile, q):
    """(option, change, people, team answers settled that way) for each answer part of the team gave."""
    counts, answered, team = profile.counts[q.id], profile.answered[q.id], profile.answers.get(q.id)
    for option in (o for o in q.option_ids if counts.get(o)):
        if q.kind == "one" and option != team:
            yield option, "other", counts[option], profile.answers.with_answer(q.id, option)
        elif q.kind == "several" and counts[option] < answered:  # picked by some, not by all
            chosen = set(team or ())
            if option in chosen and q.id in UNION_QUESTIONS:
                continue  # a skill one person has stays the team's: those without it do not disagree
            change = "drop" if option in chosen else "add"
            people = answered - counts[option] if option in chosen else counts[option]
            yield option, change, people, profile.answers.with_answer(q.id, _toggled(q, chosen, option))


def _toggled(q, chosen: set[str], option: str) -> tuple[str, ...] | None:
    """The team's answer with `option` added or taken out, as one person could give it (adding "none" leaves
    only it; adding another option drops "none")."""
    if option in chosen:
        settled = chosen - {option}
    elif option in q.exclusive:
        settled = {option}
    else:
        settled = (chosen - set(q.exclusive)) | {option}
    return tuple(o for o in q.option_ids if o in settled) or None


def disagreements(profile: TeamProfile, questions: QuestionSet, measurements=()) -> list[Disagreement]:
    """Every answer part of the team gave that, had the whole team settled on it, would change the team's
    recommendation; the most widely held first (where the team is most split)."""
    winner = top_framework(profile.answers, measurements)
    found = []
    for qid in profile.counts:
        q = questions.get(qid)
        if q is None:
            continue
        for option, change, people, settled in _alternatives(profile, q):
            other = top_framework(settled, measurements)
            if other != winner:
                found.append(Disagreement(qid, option, change, people, profile.answered[qid], other))
    return sorted(found, key=lambda d: -d.people / d.answered)
