"""The pieces a rule is made of: conditions (all / any / not over {question, operator, value} leaves), dated
evidence, suggestions and effects. Shared by rules.yaml (guide.decision.rules) and routes.yaml
(guide.decision.routes), which builds rules of its own from its table."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from guide.text import Text

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


for _model in (AllOf, AnyOf, NotOf):
    _model.model_rebuild()
