"""Property tests over random answer sets, including partial ones."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.decision.answers import parse_answers
from guide.decision.engine import evaluate
from tests.helpers import QUESTIONS, RULESET


def answer_for(q):
    if q.kind == "one":
        return st.sampled_from(q.option_ids)
    return st.lists(st.sampled_from(q.option_ids), min_size=1, unique=True)


answer_sets = st.fixed_dictionaries(
    {}, optional={q.id: answer_for(q) for q in QUESTIONS.questions}
).map(lambda raw: parse_answers(raw, QUESTIONS)[0])


@settings(max_examples=150, deadline=None)
@given(answer_sets)
def test_ranking_is_complete_finite_and_explained(answers):
    rec = evaluate(answers, RULESET, QUESTIONS)
    assert sorted(r.framework for r in rec.ranking) == sorted(RULESET.framework_ids)
    assert rec.winner == rec.ranking[0].framework
    for r in rec.ranking:
        assert math.isfinite(r.score)
        assert math.isclose(sum(t.scores.get(r.framework, 0.0) for t in rec.trace), r.score, abs_tol=1e-9)
    scores = [r.score for r in rec.ranking if not r.vetoed]
    assert scores == sorted(scores, reverse=True)
    assert rec.margin >= 0


@settings(max_examples=60, deadline=None)
@given(answer_sets)
def test_every_counterfactual_checks_out_by_full_evaluation(answers):
    rec = evaluate(answers, RULESET, QUESTIONS)
    for cf in rec.counterfactuals:
        changed = dict(rec.answers)
        for ch in cf.changes:
            changed.pop(ch.question, None) if ch.after is None else changed.__setitem__(ch.question, ch.after)
        assert evaluate(changed, RULESET, QUESTIONS, with_counterfactuals=False).winner == cf.winner
        assert cf.winner != rec.winner


@settings(max_examples=40, deadline=None)
@given(answer_sets)
def test_could_change_winner_lists_every_open_question_that_can(answers):
    """Brute force: an unanswered question belongs in the list iff some single answer to it flips the winner."""
    from guide.decision.compiled import compile_ruleset
    from guide.decision.counterfactuals import candidate_edits

    rec = evaluate(answers, RULESET, QUESTIONS)
    expected = set()
    for qid, value in candidate_edits(dict(rec.answers), compile_ruleset(RULESET, QUESTIONS)):
        if qid in rec.certainty.unanswered:
            changed = {**rec.answers, qid: value}
            if evaluate(changed, RULESET, QUESTIONS, with_counterfactuals=False).winner != rec.winner:
                expected.add(qid)
    assert set(rec.certainty.could_change_winner) == expected


def _fact(key, value, device):
    from guide.decision.facts import MeasuredFact

    return MeasuredFact(key=key, value=value, counts=True, reason="drawn", detail="drawn", rows=(),
                        machine="drawn", date="2026-12", device=device)


def fact_for(key):
    from guide.decision.facts import FACTS

    kind = FACTS[key]
    values = st.sampled_from(kind.categories) if kind.kind == "category" else st.floats(0.5, 4.0)
    return st.tuples(values, st.sampled_from(["cpu", "gpu"])).map(lambda vd: _fact(key, *vd))


def _facts():
    from guide.decision.facts import FACTS

    return st.fixed_dictionaries({}, optional={k: fact_for(k) for k in FACTS}).map(lambda d: tuple(d.values()))


@settings(max_examples=80, deadline=None)
@given(answer_sets, _facts())
def test_counterfactuals_with_counting_facts_check_out_by_full_evaluation(answers, facts):
    """Counting facts of every kind (benchmarks and deployment checks, CPU and GPU) are re-scoped for each edited
    answer set exactly as a full evaluation scopes them."""
    rec = evaluate(answers, RULESET, QUESTIONS, measurements=facts)
    for cf in rec.counterfactuals:
        changed = dict(rec.answers)
        for ch in cf.changes:
            changed.pop(ch.question, None) if ch.after is None else changed.__setitem__(ch.question, ch.after)
        full = evaluate(changed, RULESET, QUESTIONS, with_counterfactuals=False, measurements=facts)
        assert full.winner == cf.winner != rec.winner
        assert math.isclose(full.margin, cf.margin, abs_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(answer_sets, _facts())
def test_open_questions_with_counting_facts_match_a_brute_force(answers, facts):
    from guide.decision.compiled import compile_ruleset
    from guide.decision.counterfactuals import candidate_edits

    rec = evaluate(answers, RULESET, QUESTIONS, measurements=facts)
    expected = set()
    for qid, value in candidate_edits(dict(rec.answers), compile_ruleset(RULESET, QUESTIONS)):
        if qid in rec.certainty.unanswered:
            changed = {**rec.answers, qid: value}
            if evaluate(changed, RULESET, QUESTIONS, with_counterfactuals=False,
                        measurements=facts).winner != rec.winner:
                expected.add(qid)
    assert set(rec.certainty.could_change_winner) == expected
