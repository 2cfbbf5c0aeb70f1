"""The condition vocabulary: each operator is registered once, with the question kinds it applies to.

Rules name operators as strings; this registry is the only code behind them (no eval, no code in data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from guide.text import Text

ValueKind = Literal["option", "options", "bool", "number"]
Answer = str | tuple[str, ...] | None


@dataclass(frozen=True)
class Operator:
    name: str
    kinds: frozenset[str]  # what it reads: question kinds "one", "several"; fact kinds "number", "category"
    value_kind: ValueKind
    test: Callable[[Answer, object], bool]
    describe: Text  # how the UI reads it in each language, e.g. "{question} is {value}"


OPERATORS: dict[str, Operator] = {}


def operator(name: str, kinds: set[str], value_kind: ValueKind, describe: Text):
    def register(fn: Callable[[Answer, object], bool]):
        OPERATORS[name] = Operator(name, frozenset(kinds), value_kind, fn, describe)
        return fn

    return register


@operator("is", {"one", "category"}, "option", Text(en="{question} is {value}", ko="{question} = {value}"))
def _is(answer: Answer, value: object) -> bool:
    return answer == value


@operator("in", {"one"}, "options", Text(en="{question} is one of {value}", ko="{question} = {value} 중 하나"))
def _in(answer: Answer, value: object) -> bool:
    return answer is not None and answer in value


@operator("includes", {"several"}, "option", Text(en="{question} includes {value}", ko="{question}에 {value} 포함"))
def _includes(answer: Answer, value: object) -> bool:
    return answer is not None and value in answer


@operator("includes_any", {"several"}, "options",
          Text(en="{question} includes any of {value}", ko="{question}에 {value} 중 하나 이상 포함"))
def _includes_any(answer: Answer, value: object) -> bool:
    return answer is not None and any(v in answer for v in value)


@operator("includes_all", {"several"}, "options",
          Text(en="{question} includes all of {value}", ko="{question}에 {value} 모두 포함"))
def _includes_all(answer: Answer, value: object) -> bool:
    return answer is not None and all(v in answer for v in value)


@operator("answered", {"one", "several"}, "bool", Text(en="{question} is answered", ko="{question} 응답함"))
def _answered(answer: Answer, value: object) -> bool:
    return (answer is not None) == bool(value)


@operator("gt", {"number"}, "number", Text(en="{question} > {value}", ko="{question} > {value}"))
def _gt(answer: Answer, value: object) -> bool:
    return isinstance(answer, int | float) and answer > value


@operator("lt", {"number"}, "number", Text(en="{question} < {value}", ko="{question} < {value}"))
def _lt(answer: Answer, value: object) -> bool:
    return isinstance(answer, int | float) and answer < value
