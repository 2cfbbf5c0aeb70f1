"""What the engine returns. The UI, the CLI and the reports explain a recommendation only from these fields."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from guide.decision.facts import MeasuredFact
from guide.decision.rule_parts import Evidence, Suggestion
from guide.text import Text

AnswerValue = str | tuple[str, ...]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class TraceEntry(_Out):
    """One fired rule and exactly what it added: the trace sums to the scores."""

    rule_id: str
    title: Text
    scores: dict[str, float]
    vetoes: dict[str, Text] = {}
    matched: tuple[str, ...] = ()  # the condition in English (the CLI contract); `when` has it in both languages
    when: Text | None = None
    rationale: Text
    evidence: tuple[Evidence, ...]
    measurement_keys: tuple[str, ...] = ()


class RankedFramework(_Out):
    framework: str
    label: Text
    score: float
    vetoed: bool = False
    veto_reasons: tuple[Text, ...] = ()


class PathStep(_Out):
    framework: str
    text: Text
    rule_id: str | None = None
    checks: tuple[tuple[str, str], ...] = ()  # (path, source) of the deployment checks that test this step


class AnswerChange(_Out):
    question: str
    before: AnswerValue | None
    after: AnswerValue | None


class Counterfactual(_Out):
    changes: tuple[AnswerChange, ...]
    winner: str
    margin: float


class Certainty(_Out):
    answered: int
    total: int
    unanswered: tuple[str, ...]
    could_change_winner: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unanswered


class StackRoute(_Out):
    """How the recommended framework reaches one deployment target: runtime, converter, maturity, evidence and
    the deployment check that tries it here ((path, source), or None where no check can)."""

    target: str
    target_label: Text
    runtime: Text
    via: Text
    maturity: str
    maturity_label: Text
    evidence: tuple[Evidence, ...]
    check: tuple[str, str] | None = None
    best: bool = True  # the framework's best route to this target (others follow it, best first)


class Stack(_Out):
    """The recommendation as a stack: the framework to write and train in, and a route per target answered."""

    framework: str
    backend: str | None = None  # for Keras 3: the backend that ranks best for these answers
    routes: tuple[StackRoute, ...] = ()
    no_route: tuple[str, ...] = ()  # targets answered that the framework has no route to
    target_labels: dict[str, Text] = {}  # every target answered, by id
    moves_ranking: bool = True  # False when the decision scope keeps deployment from moving the framework


class Recommendation(_Out):
    answers: dict[str, AnswerValue]
    ranking: tuple[RankedFramework, ...]
    winner: str
    runner_up: str | None
    margin: float
    confidence: Literal["high", "medium", "low"]
    tie_broken: bool
    trace: tuple[TraceEntry, ...]
    deployment_path: tuple[PathStep, ...]
    deployment_by_framework: dict[str, tuple[PathStep, ...]]
    learning_path: tuple[PathStep, ...]
    counterfactuals: tuple[Counterfactual, ...]
    certainty: Certainty
    ruleset_version: str
    ruleset_digest: str
    measurements: tuple[MeasuredFact, ...] = ()
    alternative: str | None = None  # the best-ranked real alternative to the winner (not the same stack)
    alternative_note: Text | None = None  # why a higher-ranked framework was passed over, when one was
    stack: Stack | None = None  # None only for a rule set without a route table
    rules_alone_winner: str | None = None  # the winner without the measurements, when they were given

    @property
    def moved_by_measurements(self) -> bool:
        """Did the measurements change the winner (not just the scores)?"""
        return self.rules_alone_winner is not None and self.rules_alone_winner != self.winner

    @property
    def measured(self) -> bool:
        """Did any measurement (outside its noise) change a score?"""
        return any(m.contributed for m in self.measurements)

    def score_of(self, framework: str) -> float:
        return next(r.score for r in self.ranking if r.framework == framework)


def collect_steps(trace_rules, kind: str) -> dict[str, list[PathStep]]:
    """Deployment or learning suggestions of the fired rules, grouped by framework, in rule order."""
    out: dict[str, list[PathStep]] = {}
    for rule in trace_rules:
        suggestions: tuple[Suggestion, ...] = getattr(rule.effects, kind)
        for s in suggestions:
            out.setdefault(s.framework, []).append(PathStep(framework=s.framework, text=s.text, rule_id=rule.id,
                                                            checks=getattr(s, "checks", ())))
    return out
