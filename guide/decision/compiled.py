"""Rules compiled once into closures, so scoring an answer set is a loop of cheap calls.

Scoring is a pure function of (answers, compiled rules); the engine and the counterfactual search share it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from guide.decision.answers import AnswerValue, is_visible
from guide.decision.conditions import fold, iter_leaves
from guide.decision.facts import FACTS
from guide.decision.operators import OPERATORS
from guide.decision.questions import QuestionSet
from guide.decision.rule_parts import Rule
from guide.decision.rules import RuleSet

Values = Mapping[str, AnswerValue]
Predicate = Callable[[Values], bool]


def _compile_leaf(leaf) -> Predicate:
    test, key = OPERATORS[leaf.operator].test, leaf.key
    value = tuple(leaf.value) if isinstance(leaf.value, list) else leaf.value
    return lambda values: test(values.get(key), value)


def compile_condition(cond) -> Predicate:
    """A condition as one closure over an answer mapping, built by the one tree walk."""
    return fold(cond, leaf=_compile_leaf,
                all_=lambda parts: lambda values: all(p(values) for p in parts),
                any_=lambda parts: lambda values: any(p(values) for p in parts),
                not_=lambda inner: lambda values: not inner(values),
                always=lambda: lambda _values: True)


@dataclass(frozen=True)
class CompiledRule:
    index: int
    rule: Rule
    fires: Predicate
    questions: frozenset[str]
    scores: tuple[tuple[str, float], ...]
    vetoes: tuple[str, ...]


@dataclass(frozen=True)
class CompiledRuleSet:
    ruleset: RuleSet
    questions: QuestionSet
    rules: tuple[CompiledRule, ...]
    by_question: dict[str, tuple[int, ...]]
    dependents: dict[str, tuple[str, ...]]  # question → follow-ups whose visibility depends on it
    scopes: dict[tuple[str, str], Predicate]  # (fact, device) → do the answers fall inside its scope?
    targets: tuple[tuple[object, Predicate], ...] = ()  # (route target, is it answered?) for the stack


_CACHE: dict[tuple[int, int], CompiledRuleSet] = {}


def compile_ruleset(ruleset: RuleSet, questions: QuestionSet) -> CompiledRuleSet:
    """Compiled once per (ruleset, questions) object pair; the entry keeps both alive, so ids stay unique."""
    key = (id(ruleset), id(questions))
    if key not in _CACHE:
        if len(_CACHE) >= 32:
            _CACHE.clear()
        _CACHE[key] = _compile(ruleset, questions)
    return _CACHE[key]


def _compile(ruleset: RuleSet, questions: QuestionSet) -> CompiledRuleSet:
    rules = tuple(
        CompiledRule(
            index=i,
            rule=r,
            fires=compile_condition(r.when),
            questions=frozenset(leaf.key for leaf in iter_leaves(r.when)),
            scores=tuple(r.effects.scores.items()),
            vetoes=tuple(r.effects.veto),
        )
        for i, r in enumerate(ruleset.rules)
    )
    by_question: dict[str, list[int]] = {}
    for cr in rules:
        for q in cr.questions:
            by_question.setdefault(q, []).append(cr.index)
    dependents: dict[str, list[str]] = {}
    for q in questions.questions:
        if q.show_if:
            dependents.setdefault(q.show_if.question, []).append(q.id)
    scopes = {(fact, device): compile_condition(scope.when)
              for fact, by_device in ruleset.fact_scopes.items() for device, scope in by_device.items()}
    targets = tuple((t, compile_condition(t.when)) for t in ruleset.routes.targets) if ruleset.routes else ()
    return CompiledRuleSet(
        ruleset, questions, rules,
        {k: tuple(v) for k, v in by_question.items()},
        {k: tuple(v) for k, v in dependents.items()},
        scopes, targets,
    )


# Measured facts sit beside the answers under these prefixes (benchmarks, deployment checks): every one of them
# passes through when answers are cleaned, so a re-scored edit keeps every counting fact.
FACT_PREFIXES = tuple(sorted({key.split(".")[0] + "." for key in FACTS}))


def effective_values(values: Values, questions: QuestionSet) -> dict[str, AnswerValue]:
    """Answers to hidden follow-up questions do not count; measured facts pass through."""
    return {k: v for k, v in values.items()
            if k.startswith(FACT_PREFIXES) or ((q := questions.get(k)) is not None and is_visible(q, values))}


def in_scope(fact, answers: Values, compiled: CompiledRuleSet) -> bool | None:
    """Does a measured fact speak for these answers? None where the rule set declares no scope for its device."""
    inside = compiled.scopes.get((fact.key, fact.device))
    return None if inside is None else inside(answers)


def counting_facts(measurements, answers: Values, compiled: CompiledRuleSet) -> dict[str, AnswerValue]:
    """The facts the rules may read for these answers: those that count and fall inside their scope."""
    return {m.key: m.value for m in measurements if m.counts and in_scope(m, answers, compiled)}


def fired_indexes(values: Values, compiled: CompiledRuleSet) -> list[int]:
    return [cr.index for cr in compiled.rules if cr.fires(values)]


def totals(fired: list[int], compiled: CompiledRuleSet) -> tuple[dict[str, float], dict[str, int]]:
    """Score per framework and veto count per framework for a set of fired rules."""
    scores = dict.fromkeys(compiled.ruleset.framework_ids, 0.0)
    vetoes = dict.fromkeys(compiled.ruleset.framework_ids, 0)
    for i in fired:
        cr = compiled.rules[i]
        for fw, delta in cr.scores:
            scores[fw] += delta
        for fw in cr.vetoes:
            vetoes[fw] += 1
    return scores, vetoes


def rank(scores: Mapping[str, float], vetoes: Mapping[str, int], order: tuple[str, ...]) -> list[str]:
    """Vetoed frameworks last; then by score; exact ties keep the rule set's framework order."""
    return sorted(order, key=lambda fw: (vetoes[fw] > 0, -round(scores[fw], 9), order.index(fw)))
