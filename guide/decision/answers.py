"""Answers: the boundary model, and the one place that parses them from a URL, an upload or a file.

Parsing is lenient by default: a bad value is reported and dropped, every good answer is kept. The CLI asks
for strict parsing, where any problem is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict

from guide.decision.questions import Question, QuestionSet
from guide.errors import AnswerError, suggest
from guide.userfile import UserFileError, decode_text, load_json

AnswerValue = str | tuple[str, ...]
MULTI_SEPARATOR = ","
MAX_PROBLEMS = 20  # a hostile link or file must not turn into thousands of warnings
MAX_ECHO = 40  # characters of a bad value repeated back to the user


def _echo(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + "…"


class AnswerSet(BaseModel):
    """Question id → option id (kind 'one') or tuple of option ids (kind 'several'). Absent = unanswered."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    values: dict[str, AnswerValue] = {}

    def get(self, question_id: str) -> AnswerValue | None:
        return self.values.get(question_id)

    def to_json_dict(self) -> dict[str, str | list[str]]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()}

    def to_query_params(self) -> dict[str, str]:
        return {k: MULTI_SEPARATOR.join(v) if isinstance(v, tuple) else v for k, v in self.values.items()}

    def share_query(self) -> str:
        """The part of a link that reproduces these answers ('' when there are none)."""
        return "?" + urlencode(self.to_query_params(), safe=MULTI_SEPARATOR) if self.values else ""

    def with_answer(self, question_id: str, value: AnswerValue | None) -> AnswerSet:
        values = dict(self.values)
        if value is None or value == ():
            values.pop(question_id, None)
        else:
            values[question_id] = value
        return AnswerSet(values=values)


def is_visible(question: Question, values: Mapping[str, AnswerValue]) -> bool:
    """A follow-up question counts only while its parent answer shows it."""
    cond = question.show_if
    return cond is None or cond.holds(values.get(cond.question))


def _clean_one(q: Question, raw: object, problems: list[str]) -> AnswerValue | None:
    if raw == "" or raw is None:
        return None  # an empty value (e.g. ?use_case=) means unanswered
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            shown = ", ".join(f"'{_echo(v)}'" for v in raw[:5])
            problems.append(f"'{q.id}' takes one answer, but {len(raw)} were given ({shown}); it was left out")
            return None
        raw = raw[0]
    if not isinstance(raw, str) or raw not in q.option_ids:
        problems.append(f"'{q.id}': unknown option '{_echo(raw)}'{suggest(_echo(raw), q.option_ids)}")
        return None
    return raw


def _clean_several(q: Question, raw: object, problems: list[str]) -> AnswerValue | None:
    items = [raw] if isinstance(raw, str) else raw
    if isinstance(items, list | tuple) and all(isinstance(i, str) for i in items):
        items = [part for i in items for part in i.split(MULTI_SEPARATOR) if part]  # ?a=x,y&a=z: x, y, z
    if not isinstance(items, list | tuple):
        problems.append(f"'{q.id}' takes a list of options")
        return None
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in q.option_ids:
            problems.append(f"'{q.id}': unknown option '{_echo(item)}'{suggest(_echo(item), q.option_ids)}")
        elif item not in chosen:
            chosen.append(item)
    exclusive = [c for c in chosen if c in q.exclusive]
    if exclusive and len(chosen) > 1:
        problems.append(f"'{q.id}': '{exclusive[0]}' cannot be combined with other options; it was dropped")
        chosen = [c for c in chosen if c not in q.exclusive]
    ordered = tuple(o for o in q.option_ids if o in chosen)  # canonical order: same answers, same URL
    return ordered or None


def parse_answers(
    raw: Mapping[str, object], questions: QuestionSet, strict: bool = False
) -> tuple[AnswerSet, list[str]]:
    """Validate raw answers; returns the clean AnswerSet and the problems found (raises if strict)."""
    problems: list[str] = []
    values: dict[str, AnswerValue] = {}
    for key, raw_value in raw.items():
        q = questions.get(str(key))
        if q is None:
            problems.append(f"unknown question '{_echo(key)}'{suggest(_echo(key), questions.ids)}")
            continue
        clean = (_clean_one if q.kind == "one" else _clean_several)(q, raw_value, problems)
        if clean is not None:
            values[q.id] = clean
    for q in questions.questions:
        if q.id in values and not is_visible(q, values):
            cond = q.show_if
            problems.append(f"'{q.id}' only applies when {cond.question} {cond.operator} {cond.value}; dropped")
            del values[q.id]
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + [f"… and {len(problems) - MAX_PROBLEMS} more problems"]
    if strict and problems:
        raise AnswerError(problems)
    return AnswerSet(values=values), problems


def parse_answers_json(text: str | bytes, questions: QuestionSet, strict: bool = False, name: str = "the file"):
    """Answers from a JSON document: an object of question id → option id or list of option ids. Bytes are
    decoded as a user's file (UTF-8 or UTF-16 with a BOM; anything else is refused with how to fix it)."""
    try:
        raw = load_json(decode_text(text, name) if isinstance(text, bytes) else text, name)
    except UserFileError as exc:
        raise AnswerError([str(exc)]) from None
    if isinstance(raw, dict) and isinstance(raw.get("answers"), dict):
        raw = raw["answers"]  # a downloaded recommendation file carries its answers under "answers"
    if not isinstance(raw, dict):
        raise AnswerError(["expected a JSON object mapping question ids to answers"])
    return parse_answers(raw, questions, strict=strict)
