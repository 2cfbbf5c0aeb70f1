"""Routes as data: (framework, deployment target) → the runtimes that carry a model trained in that framework to
that target, with maturity, dated evidence and the deployment check that tries each one here.

A target moves the training framework only through route quality: each target becomes one rule whose scores
are `weight × (levels of the framework's best route − levels of the best framework's best route)`, so a target
every framework reaches equally well adds nothing, and a decision scope of "training only" or "runtime fixed"
keeps the rule from firing at all. The stack (guide.decision.stack) reads the same table.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field, ValidationError

from guide.decision.rule_parts import (
    AllOf,
    Condition,
    Effects,
    Evidence,
    FrameworkId,
    Leaf,
    NotOf,
    Rule,
    Suggestion,
    _Frozen,
)
from guide.errors import DataFileError, first_problem, suggest
from guide.text import Text
from guide.userfile import read_yaml

# The answers that keep deployment from moving the training framework (the question is optional: unanswered,
# a decision covers training and deployment).
SCOPE_QUESTION = "decision_scope"
SCOPES_WITHOUT_DEPLOYMENT = ("training_only", "runtime_fixed")


class Maturity(_Frozen):
    level: int = Field(ge=1, le=9)
    label: Text
    means: Text


class RouteTarget(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text
    when: Condition
    weight: float = Field(gt=0, description="points a framework loses per maturity level its best route is behind")


class Route(_Frozen):
    framework: FrameworkId
    target: str
    runtime: Text
    via: Text
    maturity: str
    check: tuple[str, str] | None = Field(None, description="(path, source) of the deployment check that tries it")
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class RouteTable(_Frozen):
    version: str
    maturity: dict[str, Maturity]
    targets: tuple[RouteTarget, ...]
    routes: tuple[Route, ...]

    def level(self, route: Route) -> int:
        return self.maturity[route.maturity].level

    def routes_to(self, target: str, framework: str) -> tuple[Route, ...]:
        """A framework's routes to a target, best first."""
        return tuple(sorted((r for r in self.routes if r.target == target and r.framework == framework),
                            key=lambda r: -self.level(r)))

    def best_level(self, target: str, framework: str) -> int:
        """0 where the framework has no route to the target."""
        return max((self.level(r) for r in self.routes_to(target, framework)), default=0)

    @cached_property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.targets)


def _cross_check(table: RouteTable) -> list[str]:
    problems = []
    for i, route in enumerate(table.routes):
        where = f"route #{i} ({route.framework} → {route.target})"
        if route.target not in table.target_ids:
            problems.append(f"{where}: unknown target '{route.target}'{suggest(route.target, table.target_ids)}")
        if route.maturity not in table.maturity:
            problems.append(f"{where}: unknown maturity '{route.maturity}'{suggest(route.maturity, table.maturity)}")
    return problems


def load_routes(path: Path) -> RouteTable:
    raw = read_yaml(path)
    try:
        table = RouteTable.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(str(path), [first_problem(exc)]) from None
    problems = _cross_check(table)
    if problems:
        raise DataFileError(str(path), problems)
    return table


RATIONALE = Text(
    en="How a model trained in each framework reaches {target}: {routes}. {effect}",
    ko="각 프레임워크로 학습한 모델이 {target}에 닿는 경로: {routes}. {effect}")
EVEN = Text(en="Every framework reaches it equally well, so this target moves no framework.",
            ko="모든 프레임워크가 똑같이 잘 닿으므로 이 대상은 어떤 프레임워크도 움직이지 않습니다.")
UNEVEN = Text(en="A framework loses {weight:g} points for each maturity level its best route is behind the best one.",
              ko="가장 좋은 경로보다 성숙도가 한 단계 낮을 때마다 {weight:g}점을 잃습니다.")
NO_ROUTE = Text(en="no route", ko="경로 없음")
TITLE = Text(en="Routes to {target}", ko="{target}까지의 경로")


def _route_summary(table: RouteTable, target: RouteTarget, labels: dict[str, Text], lang: str) -> str:
    parts = []
    for fw, label in labels.items():
        best = table.routes_to(target.id, fw)
        said = (f"{best[0].runtime.get(lang)} ({table.maturity[best[0].maturity].label.get(lang)})" if best
                else NO_ROUTE.get(lang))
        parts.append(f"{label.get(lang)}: {said}")
    return "; ".join(parts)


def _both(template: Text, **values: object) -> Text:
    return Text(en=template.en.format(**values), ko=template.ko.format(**values))


def route_text(route: Route) -> Text:
    """'converter → runtime', the one line a deployment step and the stack say about a route."""
    return Text(en=f"{route.via.en} → {route.runtime.en}", ko=f"{route.via.ko} → {route.runtime.ko}에서 실행")


def target_rule(table: RouteTable, target: RouteTarget, labels: dict[str, Text]) -> Rule:
    """The rule one target becomes: fires when the target is answered and the decision covers deployment."""
    levels = {fw: table.best_level(target.id, fw) for fw in labels}
    top = max(levels.values())
    scores = {fw: round(target.weight * (level - top), 6) for fw, level in levels.items() if level != top}
    effect = _both(UNEVEN, weight=target.weight) if scores else EVEN
    rationale = Text(**{lang: RATIONALE.get(lang).format(
        target=target.label.get(lang), routes=_route_summary(table, target, labels, lang),
        effect=effect.get(lang)) for lang in ("en", "ko")})
    steps = tuple(Suggestion(framework=r.framework, text=route_text(r), checks=(r.check,) if r.check else ())
                  for fw in labels for r in table.routes_to(target.id, fw)[:1])
    cited = [e for r in table.routes if r.target == target.id for e in r.evidence]
    evidence = tuple({e.source: e for e in reversed(cited)}[key] for key in dict.fromkeys(e.source for e in cited))
    scope = Leaf(question=SCOPE_QUESTION, operator="in", value=list(SCOPES_WITHOUT_DEPLOYMENT))
    return Rule(id=f"route.{target.id}", title=Text(**{lang: TITLE.get(lang).format(target=target.label.get(lang))
                                                         for lang in ("en", "ko")}),
                when=AllOf(all=(target.when, NotOf(not_=scope))),
                effects=Effects(scores=scores, deployment=steps), rationale=rationale, evidence=evidence)


def route_rules(table: RouteTable, labels: dict[str, Text]) -> tuple[Rule, ...]:
    """One rule per target, over the frameworks of the rule set (`labels`: framework id → its name)."""
    return tuple(target_rule(table, target, labels) for target in table.targets)
