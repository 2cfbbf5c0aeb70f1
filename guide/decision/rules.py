"""The rule set as data: pydantic models for rules.yaml, and a loader that checks every id it names.

A rule is a condition tree (all / any / not over {question, operator, value} leaves), effects (score deltas,
vetoes, deployment and learning suggestions), a one-sentence rationale and dated evidence.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, model_validator

from guide.decision.questions import QuestionSet, load_questions
from guide.decision.rules_check import check_ruleset
from guide.errors import DataFileError
from guide.settings import get_settings
from guide.text import Text
from guide.userfile import read_yaml

FrameworkId = Literal["pytorch", "tensorflow", "keras", "jax"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Leaf(_Frozen):
    """Reads one answer (`question`) or one measured fact (`fact`, e.g. bench.train_speed_winner)."""

    kind: ClassVar[str] = "leaf"  # what guide.decision.conditions.fold dispatches on

    question: str | None = None
    fact: str | None = None
    operator: str
    value: Any = True

    @model_validator(mode="after")
    def _one_source(self) -> Leaf:
        if (self.question is None) == (self.fact is None):
            raise ValueError("a condition reads exactly one of 'question' or 'fact'")
        return self

    @property
    def key(self) -> str:
        return self.question or self.fact


class AllOf(_Frozen):
    kind: ClassVar[str] = "all"
    all: tuple[Condition, ...]


class AnyOf(_Frozen):
    kind: ClassVar[str] = "any"
    any: tuple[Condition, ...] = Field(min_length=1)


class NotOf(_Frozen):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    kind: ClassVar[str] = "not"
    not_: Condition = Field(alias="not")


def _condition_kind(v: Any) -> str | None:
    """Which node a raw mapping from YAML is (a built node knows its own kind)."""
    if not isinstance(v, dict):
        return getattr(v, "kind", None)
    for key, tag in (("all", "all"), ("any", "any"), ("not", "not"), ("not_", "not"), ("question", "leaf"),
                     ("fact", "leaf")):
        if key in v:
            return tag
    return None


Condition = Annotated[
    Annotated[Leaf, Tag("leaf")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(_condition_kind),
]


class Evidence(_Frozen):
    source: str = Field(description="'seed:<section>' for the article, else a document or issue reference")
    claim: str
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$")
    url: str | None = None


class Suggestion(_Frozen):
    framework: FrameworkId
    text: Text
    # The deployment checks that test this step, as (path, source) of a deployment check (guide/deploy/schema.py
    # PATHS; a test checks every pair exists): the recommendation links each step to what was found here.
    checks: tuple[tuple[str, str], ...] = ()


class Effects(_Frozen):
    scores: dict[FrameworkId, float] = {}
    veto: dict[FrameworkId, Text] = {}
    deployment: tuple[Suggestion, ...] = ()
    learning: tuple[Suggestion, ...] = ()


class Rule(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: Text
    when: Condition | None = Field(None, description="omitted: a baseline that always fires")
    effects: Effects
    rationale: Text
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class Framework(_Frozen):
    id: FrameworkId
    label: Text
    summary: Text
    learning: tuple[Text, ...] = Field((), description="first steps, for a team new to this framework")
    skill: str | None = Field(None, description="the team_skills option that means the team already knows it")
    expert_learning: dict[str, tuple[Text, ...]] = Field(
        default_factory=dict, description="next steps for a team that knows it: per use_case option, or 'default'")
    same_stack_as: dict[FrameworkId, Text] = Field(
        default_factory=dict, description="winners for which this framework is no real alternative, and why")


class Confidence(_Frozen):
    high: float = 3.0
    medium: float = 1.0


class FactScope(_Frozen):
    """Which answers a fact measured on one kind of device may speak for; `when` omitted: every answer set."""

    when: Condition | None = None
    outside: Text | None = Field(None, description="why the fact does not count for answers outside `when`")

    @model_validator(mode="after")
    def _reason_given(self) -> FactScope:
        if self.when is not None and self.outside is None:
            raise ValueError("a scope with 'when' needs 'outside': the reason shown where it does not apply")
        return self


DeviceKind = Literal["cpu", "gpu"]


class RuleSet(_Frozen):
    version: str
    frameworks: tuple[Framework, ...] = Field(min_length=2)
    confidence: Confidence = Confidence()
    fact_scopes: dict[str, dict[DeviceKind, FactScope]] = {}
    rules: tuple[Rule, ...]
    source_file: str = ""
    digest: str = ""

    @property
    def framework_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frameworks)

    def framework(self, framework_id: str) -> Framework:
        return next(f for f in self.frameworks if f.id == framework_id)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


for _model in (AllOf, AnyOf, NotOf, FactScope, RuleSet):
    _model.model_rebuild()


def _problems(exc: ValidationError, raw: object) -> list[str]:
    """Pydantic's errors, each prefixed with the rule id it sits in (not just an index)."""
    out = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) > 1 and loc[0] == "rules" and isinstance(loc[1], int) and isinstance(raw, dict):
            rules = raw.get("rules") or []
            rid = rules[loc[1]].get("id", f"#{loc[1]}") if loc[1] < len(rules) else f"#{loc[1]}"
            where = f"rule '{rid}': " + ".".join(str(p) for p in loc[2:])
        out.append(f"{where}: {err['msg']}")
    return out


def parse_ruleset(raw: object, file: str, questions: QuestionSet) -> RuleSet:
    if not isinstance(raw, dict):
        raise DataFileError(file, ["expected a mapping with 'version', 'frameworks' and 'rules'"])
    try:
        ruleset = RuleSet.model_validate({**raw, "source_file": file})
    except ValidationError as exc:
        raise DataFileError(file, _problems(exc, raw)) from None
    problems = check_ruleset(ruleset, questions)
    if problems:
        raise DataFileError(file, problems)
    digest = hashlib.sha256(ruleset.model_dump_json(exclude={"source_file"}).encode()).hexdigest()[:12]
    return ruleset.model_copy(update={"digest": digest})


def load_ruleset(path: Path | None = None, questions: QuestionSet | None = None) -> RuleSet:
    path = Path(path or get_settings().rules_file)
    if questions is not None:
        return parse_ruleset(read_yaml(path), str(path), questions)
    mtime = path.stat().st_mtime if path.exists() else 0
    return _load_cached(str(path), mtime)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: float) -> RuleSet:
    return parse_ruleset(read_yaml(Path(path)), path, load_questions())
