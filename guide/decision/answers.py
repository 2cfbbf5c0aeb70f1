"""Answers: the boundary model, and the one place that parses them from a URL, an upload or a file.

Parsing is lenient by default: a bad value is reported and dropped, every good answer is kept. The CLI asks
for strict parsing, where any problem is an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from functools import partial
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict

from guide.decision.questions import Question, QuestionSet
from guide.errors import AnswerError
from guide.text import Lang, Text
from guide.userfile import UserFileError, decode_text, load_json

AnswerValue = str | tuple[str, ...]
MULTI_SEPARATOR = ","
MAX_PROBLEMS = 20  # a hostile link or file must not turn into thousands of warnings
MAX_ECHO = 40  # characters of a bad value repeated back to the user

# What each problem says, in both languages: the UI asks for its own, the CLI and the example checks read English.
SAYS = {
    "one_answer": Text(en="'{question}' takes one answer, but {count} were given ({shown}); it was left out",
                       ko="'{question}'에는 답을 하나만 줄 수 있는데 {count}개가 주어져서 ({shown}) 제외했습니다"),
    "unknown_option": Text(en="'{question}': unknown option '{value}'{hint}",
                           ko="'{question}': 알 수 없는 선택지 '{value}'{hint}"),
    "needs_list": Text(en="'{question}' takes a list of options", ko="'{question}'에는 선택지 목록을 주어야 합니다"),
    "exclusive": Text(en="'{question}': '{option}' cannot be combined with other options; it was dropped",
                      ko="'{question}': '{option}'은(는) 다른 선택지와 함께 고를 수 없어 제외했습니다"),
    "unknown_question": Text(en="unknown question '{key}'{hint}", ko="알 수 없는 질문 '{key}'{hint}"),
    "hidden": Text(en="'{question}' only applies when {parent} {operator} {value}; dropped",
                   ko="'{question}'은(는) {parent} {operator} {value}일 때만 해당되어 제외했습니다"),
    "more": Text(en="… and {count} more problems", ko="… 외 문제 {count}개"),
    "hint": Text(en=" (did you mean '{match}'?)", ko=" ('{match}'의 오타인가요?)"),
    "not_object": Text(en="expected a JSON object mapping question ids to answers",
                       ko="질문 ID마다 답을 적은 JSON 객체여야 합니다"),
}
Say = Callable[..., str]


def _say(lang: Lang, which: str, /, **values: object) -> str:
    return SAYS[which].get(lang).format(**values)


def _hint(say: Say, bad: str, known) -> str:
    """guide.errors.suggest in the problem's language: the closest known id, when one is close."""
    match = difflib.get_close_matches(bad, [str(k) for k in known], n=1, cutoff=0.5)
    return say("hint", match=match[0]) if match else ""


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


def _clean_one(q: Question, raw: object, problems: list[str], say: Say) -> AnswerValue | None:
    if raw == "" or raw is None:
        return None  # an empty value (e.g. ?use_case=) means unanswered
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            shown = ", ".join(f"'{_echo(v)}'" for v in raw[:5])
            problems.append(say("one_answer", question=q.id, count=len(raw), shown=shown))
            return None
        raw = raw[0]
    if not isinstance(raw, str) or raw not in q.option_ids:
        bad = _echo(raw)
        problems.append(say("unknown_option", question=q.id, value=bad, hint=_hint(say, bad, q.option_ids)))
        return None
    return raw


def _clean_several(q: Question, raw: object, problems: list[str], say: Say) -> AnswerValue | None:
    items = [raw] if isinstance(raw, str) else raw
    if isinstance(items, list | tuple) and all(isinstance(i, str) for i in items):
        items = [part for i in items for part in i.split(MULTI_SEPARATOR) if part]  # ?a=x,y&a=z: x, y, z
    if not isinstance(items, list | tuple):
        problems.append(say("needs_list", question=q.id))
        return None
    chosen: list[str] = []
    for item in items:
        if not isinstance(item, str) or item not in q.option_ids:
            bad = _echo(item)
            problems.append(say("unknown_option", question=q.id, value=bad, hint=_hint(say, bad, q.option_ids)))
        elif item not in chosen:
            chosen.append(item)
    exclusive = [c for c in chosen if c in q.exclusive]
    if exclusive and len(chosen) > 1:
        problems.append(say("exclusive", question=q.id, option=exclusive[0]))
        chosen = [c for c in chosen if c not in q.exclusive]
    ordered = tuple(o for o in q.option_ids if o in chosen)  # canonical order: same answers, same URL
    return ordered or None


def parse_answers(
    raw: Mapping[str, object], questions: QuestionSet, strict: bool = False, lang: Lang = "en"
) -> tuple[AnswerSet, list[str]]:
    """Validate raw answers; returns the clean AnswerSet and the problems found, said in `lang` (raises if
    strict)."""
    say = partial(_say, lang)
    problems: list[str] = []
    values: dict[str, AnswerValue] = {}
    for key, raw_value in raw.items():
        q = questions.get(str(key))
        if q is None:
            bad = _echo(key)
            problems.append(say("unknown_question", key=bad, hint=_hint(say, bad, questions.ids)))
            continue
        clean = (_clean_one if q.kind == "one" else _clean_several)(q, raw_value, problems, say)
        if clean is not None:
            values[q.id] = clean
    for q in questions.questions:
        if q.id in values and not is_visible(q, values):
            cond = q.show_if
            problems.append(say("hidden", question=q.id, parent=cond.question, operator=cond.operator,
                                value=cond.value))
            del values[q.id]
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + [say("more", count=len(problems) - MAX_PROBLEMS)]
    if strict and problems:
        raise AnswerError(problems)
    return AnswerSet(values=values), problems


def parse_answers_json(text: str | bytes, questions: QuestionSet, strict: bool = False, name: str = "the file",
                       lang: Lang = "en"):
    """Answers from a JSON document: an object of question id → option id or list of option ids. Bytes are
    decoded as a user's file (UTF-8 or UTF-16 with a BOM; anything else is refused with how to fix it)."""
    try:
        raw = load_json(decode_text(text, name) if isinstance(text, bytes) else text, name)
    except UserFileError as exc:
        raise AnswerError([str(exc)]) from None
    if isinstance(raw, dict) and isinstance(raw.get("answers"), dict):
        raw = raw["answers"]  # a downloaded recommendation file carries its answers under "answers"
    if not isinstance(raw, dict):
        raise AnswerError([_say(lang, "not_object")])
    return parse_answers(raw, questions, strict=strict, lang=lang)
