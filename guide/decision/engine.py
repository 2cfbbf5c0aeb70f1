"""The rule engine: evaluate(answers, ruleset) -> Recommendation. Pure: no I/O, no globals, no clock.

Every score comes from a fired rule, and every fired rule is in the trace with exactly what it added, so
the "why" the UI shows is the computation itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from guide.decision.answers import AnswerSet, AnswerValue, is_visible
from guide.decision.compiled import compile_ruleset, effective_values, fired_indexes, in_scope, rank, totals
from guide.decision.conditions import condition_texts, iter_leaves
from guide.decision.counterfactuals import find_counterfactuals
from guide.decision.facts import MeasuredFact
from guide.decision.questions import QuestionSet, load_questions
from guide.decision.recommendation import (
    Certainty,
    PathStep,
    RankedFramework,
    Recommendation,
    TraceEntry,
    collect_steps,
)
from guide.decision.rules import RuleSet, load_ruleset
from guide.decision.stack import build_stack
from guide.text import Text

# Why a fact does not count for these answers, when the rule set gives no reason of its own: said, like the
# evidence layer's reasons, in this run's language (Text.get).
OUTSIDE_SCOPE = Text(en="outside its scope", ko="이 답변에 해당하는 범위 밖")
NO_SCOPE = Text(en="no scope is declared for {device} measurements", ko="{device} 측정값의 범위가 정의되어 있지 않음")


def _trace_entry(rule, values) -> TraceEntry:
    leaves = list(iter_leaves(rule.when))
    when = condition_texts(rule.when)
    return TraceEntry(
        rule_id=rule.id, title=rule.title, scores=dict(rule.effects.scores), vetoes=dict(rule.effects.veto),
        matched=(when.en,), when=when, rationale=rule.rationale,
        evidence=rule.evidence,
        measurement_keys=tuple(dict.fromkeys(leaf.fact for leaf in leaves if leaf.fact and leaf.fact in values)),
    )


def _scoped(measurements: Sequence[MeasuredFact], answers, compiled) -> tuple[MeasuredFact, ...]:
    """Facts outside their scope for these answers (a CPU latency for a phone-only team) do not count; the
    reason comes from the rule set's fact_scopes, so rules never see a fact that cannot speak for the team."""
    out = []
    for m in measurements:
        inside = in_scope(m, answers, compiled)
        if m.counts and inside is False:
            outside = compiled.ruleset.fact_scopes[m.key][m.device].outside
            m = m.model_copy(update={"counts": False, "reason": (outside or OUTSIDE_SCOPE).get()})
        elif m.counts and inside is None:
            m = m.model_copy(update={"counts": False, "reason": NO_SCOPE.get().format(device=m.device)})
        out.append(m)
    return tuple(out)


def _with_contributions(measurements, trace: tuple[TraceEntry, ...]) -> tuple[MeasuredFact, ...]:
    """Each measured fact with the points the rules that read it added (empty when it does not count)."""
    out = []
    for m in measurements:
        used = {t.rule_id: dict(t.scores) for t in trace if m.key in t.measurement_keys} if m.counts else {}
        out.append(m.model_copy(update={"contributed": used}))
    return tuple(out)


def _confidence(margin: float, runner_up_vetoed: bool, ruleset: RuleSet) -> str:
    if runner_up_vetoed or margin >= ruleset.confidence.high:
        return "high"
    return "medium" if margin >= ruleset.confidence.medium else "low"


def _alternative(ranking: tuple[RankedFramework, ...], ruleset: RuleSet) -> tuple[str | None, Text | None]:
    """The best-ranked framework that is a real alternative to the winner: Keras 3 on the TensorFlow backend is
    TensorFlow's own API, so for a TensorFlow winner it is passed over, with the reason."""
    winner, note = ranking[0].framework, None
    for r in ranking[1:]:
        if r.vetoed:
            break  # ranked last: nothing after a ruled-out framework is a real alternative either
        same = ruleset.framework(r.framework).same_stack_as.get(winner)
        if same is None:
            return r.framework, note
        note = note or same
    return None, note


def _first_steps(framework, values) -> tuple[Text, ...]:
    """Beginner steps only for a team that does not know the framework yet; a team that does gets the ecosystem
    steps that matter for its use case (Transformers/PEFT and FSDP2 for PyTorch research, say)."""
    skills = values.get("team_skills") or ()
    if framework.skill is None or framework.skill not in skills or not framework.expert_learning:
        return framework.learning
    steps = framework.expert_learning
    return steps.get(values.get("use_case"), steps.get("default", framework.learning))


def _certainty(values, questions: QuestionSet, flipping: set[str]) -> Certainty:
    visible = [q.id for q in questions.questions if is_visible(q, values)]
    unanswered = tuple(q for q in visible if q not in values)
    return Certainty(
        answered=len(visible) - len(unanswered), total=len(visible), unanswered=unanswered,
        could_change_winner=tuple(q for q in unanswered if q in flipping),
    )


def _ranking(scores, vetoes, ruleset: RuleSet, fired_rules) -> tuple[RankedFramework, ...]:
    order = rank(scores, vetoes, ruleset.framework_ids)
    reasons = {fw: tuple(r.effects.veto[fw] for r in fired_rules if fw in r.effects.veto) for fw in order}
    return tuple(
        RankedFramework(
            framework=fw, label=ruleset.framework(fw).label, score=round(scores[fw], 9),
            vetoed=vetoes[fw] > 0, veto_reasons=reasons[fw],
        )
        for fw in order
    )


def evaluate(answers: AnswerSet | Mapping[str, AnswerValue], ruleset: RuleSet, questions: QuestionSet,
             with_counterfactuals: bool = True, measurements: Sequence[MeasuredFact] = ()) -> Recommendation:
    """Answers (and optionally measured facts) in, recommendation out. A fact that does not count, or does not
    speak for these answers, is read by no rule."""
    raw = answers.values if isinstance(answers, AnswerSet) else answers
    compiled = compile_ruleset(ruleset, questions)
    answered = effective_values(raw, questions)
    raw_facts, measurements = tuple(measurements), _scoped(measurements, answered, compiled)
    facts = {m.key: m.value for m in measurements if m.counts}
    values = {**answered, **facts}
    fired = fired_indexes(values, compiled)
    scores, vetoes = totals(fired, compiled)
    fired_rules = [compiled.rules[i].rule for i in fired]
    ranking = _ranking(scores, vetoes, ruleset, fired_rules)
    winner, runner = ranking[0], ranking[1]
    # A ruled-out runner-up can hold more points than the winner (keeping Keras code rules the others out): the
    # winner is then ahead by the veto, not by points, and the margin in points is 0.
    margin = round(max(winner.score - runner.score, 0.0) if runner.vetoed else winner.score - runner.score, 9)
    counting = tuple(m for m in raw_facts if m.counts)  # re-scoped for each edited answer set
    flips, flipping = find_counterfactuals(values, fired, scores, vetoes, winner.framework, compiled, counting) \
        if with_counterfactuals else ([], set())
    deployment = collect_steps(fired_rules, "deployment")
    learning = collect_steps(fired_rules, "learning")
    base = [PathStep(framework=winner.framework, text=t) for t in _first_steps(ruleset.framework(winner.framework),
                                                                               values)]
    trace = tuple(_trace_entry(r, values) for r in fired_rules)
    alternative, alternative_note = _alternative(ranking, ruleset)
    return Recommendation(
        answers={k: v for k, v in values.items() if k not in facts}, ranking=ranking,
        winner=winner.framework, runner_up=runner.framework,
        margin=margin, confidence=_confidence(margin, runner.vetoed and not winner.vetoed, ruleset),
        tie_broken=margin == 0 and not runner.vetoed,
        trace=trace, measurements=_with_contributions(measurements, trace),
        deployment_path=tuple(deployment.get(winner.framework, ())),
        deployment_by_framework={fw: tuple(steps) for fw, steps in deployment.items()},
        learning_path=tuple(learning.get(winner.framework, [])) + tuple(base),
        counterfactuals=tuple(flips),
        certainty=_certainty(values, questions, flipping),
        ruleset_version=ruleset.version, ruleset_digest=ruleset.digest,
        alternative=alternative, alternative_note=alternative_note,
        stack=build_stack(ruleset.routes, compiled.targets, values, ranking) if ruleset.routes else None,
        rules_alone_winner=_rules_alone_winner(answered, compiled) if facts else None,
    )


def _rules_alone_winner(answered, compiled) -> str:
    """The winner the answers give without any measurement: what the page and the report compare against to say
    that the evidence moved the winner, and from what."""
    scores, vetoes = totals(fired_indexes(answered, compiled), compiled)
    return rank(scores, vetoes, compiled.ruleset.framework_ids)[0]


def recommend(answers: AnswerSet | Mapping[str, AnswerValue], measurements: Sequence[MeasuredFact] = (),
              with_counterfactuals: bool = True) -> Recommendation:
    """evaluate() with the shipped questions and rules."""
    questions = load_questions()
    return evaluate(answers, load_ruleset(), questions, with_counterfactuals=with_counterfactuals,
                    measurements=measurements)


def top_framework(answers: AnswerSet | Mapping[str, AnswerValue], measurements: Sequence[MeasuredFact] = ()) -> str:
    """Only the winner (no counterfactual search): what a team dashboard asks of every participant and of every
    way the team could settle a question, many times a refresh."""
    return recommend(answers, measurements, with_counterfactuals=False).winner
