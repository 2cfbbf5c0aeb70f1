"""The questionnaire as data: pydantic models for questions.yaml and its loader."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.decision.operators import OPERATORS
from guide.errors import DataFileError, suggest
from guide.settings import get_settings
from guide.text import Text
from guide.userfile import read_yaml


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text
    help: Text


class ShowIf(BaseModel):
    """A follow-up question appears only when another answer includes / is a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    question: str
    operator: Literal["is", "includes"]
    value: str

    def holds(self, parent_answer: object) -> bool:
        """Does the parent's answer show the follow-up? The one test the engine and the sweep both use."""
        if self.operator == "includes" and isinstance(parent_answer, str):
            parent_answer = (parent_answer,)
        return OPERATORS[self.operator].test(parent_answer, self.value)


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: str
    kind: Literal["one", "several"]
    label: Text
    help: Text
    options: tuple[Option, ...] = Field(min_length=2)
    exclusive: tuple[str, ...] = ()
    show_if: ShowIf | None = None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: Text


class QuestionSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def in_group(self, group_id: str) -> list[Question]:
        return [q for q in self.questions if q.group == group_id]


def _cross_check(qs: QuestionSet) -> list[str]:
    """What pydantic cannot see: ids that must exist elsewhere in the file."""
    problems: list[str] = []
    group_ids = [g.id for g in qs.groups]
    seen: set[str] = set()
    for q in qs.questions:
        if q.id in seen:
            problems.append(f"question '{q.id}' is defined twice")
        seen.add(q.id)
        if q.group not in group_ids:
            problems.append(f"question '{q.id}': unknown group '{q.group}'{suggest(q.group, group_ids)}")
        if len(set(q.option_ids)) != len(q.option_ids):
            problems.append(f"question '{q.id}': duplicate option ids")
        for ex in q.exclusive:
            if ex not in q.option_ids:
                problems.append(f"question '{q.id}': exclusive option '{ex}'{suggest(ex, q.option_ids)}")
        if q.show_if:
            parent = qs.get(q.show_if.question)
            if parent is None:
                bad = q.show_if.question
                problems.append(f"question '{q.id}': show_if names unknown question '{bad}'{suggest(bad, seen)}")
            elif q.show_if.value not in parent.option_ids:
                bad = q.show_if.value
                problems.append(f"question '{q.id}': show_if value '{bad}'{suggest(bad, parent.option_ids)}")
            elif parent.show_if is not None:
                problems.append(f"question '{q.id}': follows '{parent.id}', itself a follow-up (one level only)")
            elif (q.show_if.operator == "is") != (parent.kind == "one"):
                fit = "is" if parent.kind == "one" else "includes"
                problems.append(f"question '{q.id}': show_if on '{parent.id}' ({parent.kind}) must use '{fit}'")
    return problems


def parse_questions(raw: object, file: str) -> QuestionSet:
    try:
        qs = QuestionSet.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(file, _pydantic_problems(exc)) from None
    problems = _cross_check(qs)
    if problems:
        raise DataFileError(file, problems)
    return qs


def _pydantic_problems(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]


def load_questions(path: Path | None = None) -> QuestionSet:
    path = Path(path or get_settings().questions_file)
    return _load_questions_cached(str(path), path.stat().st_mtime if path.exists() else 0)


@lru_cache(maxsize=8)
def _load_questions_cached(path: str, _mtime: float) -> QuestionSet:
    return parse_questions(read_yaml(Path(path)), path)
