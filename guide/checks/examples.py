"""Examples stored next to the rules, and the check that runs them through the engine."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.decision.answers import parse_answers
from guide.decision.engine import evaluate
from guide.decision.facts import MeasuredFact
from guide.decision.questions import QuestionSet
from guide.decision.rules import RuleSet
from guide.errors import AnswerError, DataFileError, suggest
from guide.settings import get_settings
from guide.userfile import read_yaml


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    winner: str | None = None
    winner_in: tuple[str, ...] = ()
    fires: tuple[str, ...] = ()
    not_fires: tuple[str, ...] = ()


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    source: str | None = None
    article_says: str | None = None
    answers: dict[str, str | list[str]] = Field(default_factory=dict)
    lenient: bool = Field(False, description="answers may hold ids the parser drops (tests that path)")
    facts: dict[str, float | str] = Field(default_factory=dict, description="measured facts that count")
    noisy_facts: dict[str, float | str] = Field(default_factory=dict, description="measured facts that do not count")
    expect: Expectation


class ExampleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    examples: tuple[Example, ...]


def load_examples(path: Path | None = None) -> tuple[Example, ...]:
    path = Path(path or get_settings().examples_file)
    try:
        return ExampleFile.model_validate(read_yaml(path)).examples
    except ValidationError as exc:
        raise DataFileError(str(path), [str(e["loc"]) + ": " + e["msg"] for e in exc.errors()]) from None


def example_facts(example: Example) -> list[MeasuredFact]:
    return [MeasuredFact(key=k, value=v, counts=counts, reason="example", detail="example", rows=(),
                         machine="example", date="2026-11")
            for facts, counts in ((example.facts, True), (example.noisy_facts, False)) for k, v in facts.items()]


def check_example(example: Example, ruleset: RuleSet, questions: QuestionSet) -> list[str]:
    """Problems with one example; empty when the engine does what the example says."""
    rule_ids = [r.id for r in ruleset.rules]
    unknown = [r for r in (*example.expect.fires, *example.expect.not_fires) if r not in rule_ids]
    if unknown:
        return [f"example '{example.id}': unknown rule '{r}'{suggest(r, rule_ids)}" for r in unknown]
    try:
        answers, _ = parse_answers(example.answers, questions, strict=not example.lenient)
    except AnswerError as exc:
        return [f"example '{example.id}': {exc}"]
    rec = evaluate(answers, ruleset, questions, with_counterfactuals=False, measurements=example_facts(example))
    fired = {t.rule_id for t in rec.trace}
    ex, problems = example.expect, []
    if ex.winner and rec.winner != ex.winner:
        problems.append(f"winner is {rec.winner}, expected {ex.winner}")
    if ex.winner_in and rec.winner not in ex.winner_in:
        problems.append(f"winner is {rec.winner}, expected one of {list(ex.winner_in)}")
    problems += [f"rule '{r}' did not fire" for r in ex.fires if r not in fired]
    problems += [f"rule '{r}' fired but should not" for r in ex.not_fires if r in fired]
    return [f"example '{example.id}': {p}" for p in problems]


def rules_without_examples(examples: tuple[Example, ...], ruleset: RuleSet) -> list[str]:
    shown = {r for e in examples for r in e.expect.fires}
    return [r.id for r in ruleset.rules if r.id not in shown]
