"""Cross-checks pydantic cannot do: every question, option and operator a rule names must exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guide.decision.conditions import iter_leaves
from guide.decision.facts import FACTS
from guide.decision.operators import OPERATORS
from guide.decision.questions import QuestionSet
from guide.errors import suggest

if TYPE_CHECKING:
    from guide.decision.rule_parts import Leaf
    from guide.decision.rules import RuleSet


def check_fact_leaf(leaf: Leaf) -> list[str]:
    fact = FACTS.get(leaf.fact)
    if fact is None:
        return [f"unknown measured fact '{leaf.fact}'{suggest(leaf.fact, FACTS)}"]
    op = OPERATORS.get(leaf.operator)
    if op is None or fact.kind not in op.kinds:
        fits = [name for name, o in OPERATORS.items() if fact.kind in o.kinds]
        return [f"operator '{leaf.operator}' does not apply to fact '{leaf.fact}' ({fact.kind}); use one of {fits}"]
    if fact.kind == "number":
        ok = isinstance(leaf.value, int | float) and not isinstance(leaf.value, bool)
        return [] if ok else [f"fact '{leaf.fact}' is compared with a number"]
    if leaf.value not in fact.categories:
        return [f"fact '{leaf.fact}' has no value '{leaf.value}'{suggest(str(leaf.value), fact.categories)}"]
    return []


def check_leaf(leaf: Leaf, questions: QuestionSet) -> list[str]:
    if leaf.fact is not None:
        return check_fact_leaf(leaf)
    q = questions.get(leaf.question)
    if q is None:
        return [f"unknown question '{leaf.question}'{suggest(leaf.question, questions.ids)}"]
    op = OPERATORS.get(leaf.operator)
    if op is None:
        return [f"unknown operator '{leaf.operator}'{suggest(leaf.operator, OPERATORS)}"]
    if q.kind not in op.kinds:
        fits = [name for name, o in OPERATORS.items() if q.kind in o.kinds]
        return [f"operator '{op.name}' does not apply to '{q.id}' (kind {q.kind}); use one of {fits}"]
    if op.value_kind == "bool":
        return [] if isinstance(leaf.value, bool) else [f"operator '{op.name}' takes true or false"]
    values = [leaf.value] if op.value_kind == "option" else leaf.value
    if not isinstance(values, list) or (op.value_kind == "options" and not values):
        return [f"operator '{op.name}' takes a list of option ids for '{q.id}'"]
    return [
        f"question '{q.id}' has no option '{v}'{suggest(str(v), q.option_ids)}"
        for v in values
        if v not in q.option_ids
    ]


def check_fact_scopes(ruleset: RuleSet, questions: QuestionSet) -> list[str]:
    """Every fact has a scope per device; scopes read answers only; a rule reading a fact looks at the questions
    its scope depends on, so the rule's own condition says where the measurement applies."""
    problems = [f"fact_scopes: unknown fact '{key}'{suggest(key, FACTS)}" for key in ruleset.fact_scopes
                if key not in FACTS]
    for key in FACTS:
        missing = [d for d in ("cpu", "gpu") if d not in ruleset.fact_scopes.get(key, {})]
        problems += [f"fact_scopes: '{key}' has no scope for {d} measurements" for d in missing]
    scope_questions: dict[str, set[str]] = {}
    for key, by_device in ruleset.fact_scopes.items():
        for device, scope in by_device.items():
            for leaf in iter_leaves(scope.when):
                if leaf.fact is not None:
                    problems.append(f"fact_scopes: '{key}' ({device}) reads a fact; a scope reads answers only")
                    continue
                problems += [f"fact_scopes: '{key}' ({device}): {p}" for p in check_leaf(leaf, questions)]
                scope_questions.setdefault(key, set()).add(leaf.question)
    for rule in ruleset.rules:
        leaves = list(iter_leaves(rule.when))
        looked_at = {leaf.question for leaf in leaves if leaf.question}
        for fact in sorted({leaf.fact for leaf in leaves if leaf.fact}):
            problems += [f"rule '{rule.id}': reads '{fact}' but never looks at '{q}', which that fact's scope "
                         "depends on" for q in sorted(scope_questions.get(fact, set()) - looked_at)]
    return problems


def check_learning(ruleset: RuleSet, questions: QuestionSet) -> list[str]:
    """A framework's skill is a team_skills option; its expert steps are keyed by use_case options."""
    skills, uses = questions.get("team_skills"), questions.get("use_case")
    problems = []
    for fw in ruleset.frameworks:
        if fw.skill is not None and (skills is None or fw.skill not in skills.option_ids):
            known = skills.option_ids if skills else ()
            problems.append(f"framework '{fw.id}': skill '{fw.skill}' is no team_skills option"
                            f"{suggest(fw.skill, known)}")
        keys = ("default", *(uses.option_ids if uses else ()))
        problems += [f"framework '{fw.id}': expert_learning '{k}' is no use_case option{suggest(k, keys)}"
                     for k in fw.expert_learning if k not in keys]
    return problems


def check_ruleset(ruleset: RuleSet, questions: QuestionSet) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for rule in ruleset.rules:
        if rule.id in seen:
            problems.append(f"rule '{rule.id}': id used twice")
        seen.add(rule.id)
        problems += [f"rule '{rule.id}': {p}" for leaf in iter_leaves(rule.when) for p in check_leaf(leaf, questions)]
        effects = rule.effects
        if not (effects.scores or effects.veto or effects.deployment or effects.learning):
            problems.append(f"rule '{rule.id}': has no effect")
    problems += check_fact_scopes(ruleset, questions) + check_learning(ruleset, questions)
    missing = [f for f in ("pytorch", "tensorflow") if f not in ruleset.framework_ids]
    problems += [f"frameworks: '{f}' must be listed" for f in missing]
    return problems
