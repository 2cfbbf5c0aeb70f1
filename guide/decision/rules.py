"""The rule set as data: pydantic models for rules.yaml, and a loader that checks every id it names.

A rule is a condition tree (all / any / not over {question, operator, value} leaves), effects (score deltas,
vetoes, deployment and learning suggestions), a one-sentence rationale and dated evidence.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from guide.decision.questions import QuestionSet, load_questions
from guide.decision.routes import RouteTable, load_routes, route_rules
from guide.decision.rule_parts import Condition, FrameworkId, Rule, _Frozen
from guide.decision.rules_check import check_ruleset
from guide.errors import DataFileError
from guide.settings import get_settings
from guide.text import Text
from guide.userfile import read_yaml


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
    # The route table (routes.yaml, named by the rules file's `routes:`); its targets are among `rules` as
    # generated rules (route.<target>), and the stack reads it.
    routes: RouteTable | None = None
    source_file: str = ""
    digest: str = ""

    @property
    def framework_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frameworks)

    def framework(self, framework_id: str) -> Framework:
        return next(f for f in self.frameworks if f.id == framework_id)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


for _model in (FactScope, RuleSet):
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


def _with_routes(raw: dict, file: str) -> dict:
    """`routes: routes.yaml` (a file beside the rules) → the loaded table, to be turned into rules."""
    name = raw.get("routes")
    if name is None:
        return raw
    if not isinstance(name, str):
        raise DataFileError(file, ["routes: expected the name of a routes file beside this one"])
    return {**raw, "routes": load_routes(Path(file).parent / name)}


def parse_ruleset(raw: object, file: str, questions: QuestionSet) -> RuleSet:
    if not isinstance(raw, dict):
        raise DataFileError(file, ["expected a mapping with 'version', 'frameworks' and 'rules'"])
    raw = _with_routes(raw, file)
    try:
        ruleset = RuleSet.model_validate({**raw, "source_file": file})
    except ValidationError as exc:
        raise DataFileError(file, _problems(exc, raw)) from None
    if ruleset.routes is not None:
        labels = {f.id: f.label for f in ruleset.frameworks}
        ruleset = ruleset.model_copy(update={"rules": ruleset.rules + route_rules(ruleset.routes, labels)})
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
