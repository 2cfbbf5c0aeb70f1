"""Documented decisions (decisions.yaml) run through the engine: how often the guide picks what each
organisation chose, overall, per framework chosen, per period, on the part kept aside and per confidence, with
every miss and why. Machine-independent: answers and rules in, a table out (`python -m guide decisions`).

Two answer modes: every answer the source supports ("all"), and only the questions and options the guide had
before the 2026-12 questions were added ("today"), the contract that a team answering only those is served by
the new structure alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.decision.answers import parse_answers
from guide.decision.engine import evaluate
from guide.decision.questions import QuestionSet
from guide.decision.recommendation import Recommendation
from guide.decision.rule_parts import FrameworkId
from guide.decision.rules import RuleSet
from guide.errors import AnswerError, DataFileError
from guide.settings import PACKAGE_DATA
from guide.userfile import read_yaml

Mode = Literal["all", "today"]
PERIOD_SPLIT = "2022"  # "before 2022" and "since 2022": the issue found the guide worse on recent decisions


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    organisation: str
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$")
    source: str = Field(pattern=r"^https://")
    note: str | None = None
    chose: FrameworkId
    reasons: str
    answers: dict[str, str | list[str]] = {}

    @cached_property
    def held_out(self) -> bool:
        """The third kept aside, fixed by the id's hash so nobody picks it."""
        return int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 3 == 0

    @property
    def period(self) -> str:
        return "before-2022" if self.date[:4] < PERIOD_SPLIT else "since-2022"


class AddedLater(BaseModel):
    """The questions and options added in 2026-12: what 'today's questions alone' leaves out."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    questions: tuple[str, ...] = ()
    options: dict[str, tuple[str, ...]] = {}


class DecisionFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    added_later: AddedLater = AddedLater()
    decisions: tuple[Decision, ...] = Field(min_length=1)


def load_decisions(path: Path | None = None) -> DecisionFile:
    path = Path(path or PACKAGE_DATA / "decisions.yaml")
    raw = read_yaml(path)
    try:
        loaded = DecisionFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            loc = list(err["loc"])
            if len(loc) > 1 and loc[0] == "decisions" and isinstance(loc[1], int):
                item = (raw.get("decisions") or [{}])[loc[1]] if isinstance(raw, dict) else {}
                loc[1] = f"'{item.get('id', loc[1]) if isinstance(item, dict) else loc[1]}'"
            problems.append(f"{'.'.join(str(p) for p in loc)}: {err['msg']}")
        raise DataFileError(str(path), problems) from None
    ids = [d.id for d in loaded.decisions]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DataFileError(str(path), [f"decision '{i}' is listed twice" for i in twice])
    return loaded


def today_only(answers: dict, added: AddedLater) -> dict:
    """The answers without the questions and options added later (a several-choice answer keeps the rest)."""
    out = {}
    for qid, value in answers.items():
        if qid in added.questions:
            continue
        dropped = added.options.get(qid, ())
        if isinstance(value, list):
            kept = [v for v in value if v not in dropped]
            if kept:
                out[qid] = kept
        elif value not in dropped:
            out[qid] = value
    return out


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    mode: Mode
    rec: Recommendation

    @property
    def agrees(self) -> bool:
        return self.rec.winner == self.decision.chose


def run_decisions(ruleset: RuleSet, questions: QuestionSet, mode: Mode = "all",
                  path: Path | None = None) -> list[Outcome]:
    file = load_decisions(path)
    outcomes = []
    for d in file.decisions:
        raw = d.answers if mode == "all" else today_only(d.answers, file.added_later)
        try:
            answers, _ = parse_answers(raw, questions, strict=True)
        except AnswerError as exc:  # its problems already carry a "did you mean"
            raise DataFileError(str(path or PACKAGE_DATA / "decisions.yaml"),
                                [f"decision '{d.id}': {exc}"]) from None
        outcomes.append(Outcome(d, mode, evaluate(answers, ruleset, questions, with_counterfactuals=False)))
    return outcomes


@dataclass
class Tally:
    agree: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.agree += ok
        self.total += 1

    @property
    def share(self) -> float:
        return self.agree / self.total if self.total else 0.0

    def text(self) -> str:
        return f"{self.agree}/{self.total} ({self.share:.0%})" if self.total else "-"


@dataclass
class Agreement:
    overall: Tally = field(default_factory=Tally)
    by_chosen: dict[str, Tally] = field(default_factory=dict)
    by_period: dict[str, Tally] = field(default_factory=dict)
    by_part: dict[str, Tally] = field(default_factory=dict)  # "used" while changing rules, "held-out"
    by_confidence: dict[str, Tally] = field(default_factory=dict)


def agreement(outcomes: list[Outcome]) -> Agreement:
    out = Agreement()
    for o in outcomes:
        d = o.decision
        out.overall.add(o.agrees)
        for table, key in ((out.by_chosen, d.chose), (out.by_period, d.period),
                           (out.by_part, "held-out" if d.held_out else "used"),
                           (out.by_confidence, o.rec.confidence)):
            table.setdefault(key, Tally()).add(o.agrees)
    return out
