"""Sweep the whole answer space at once with numpy broadcasting.

Each question is one axis of a grid (every option, or every allowed subset for multi-selects, plus
"unanswered"). A condition becomes a boolean array over the axes it reads, so a rule's contribution is
added to every answer set in one operation. Scores are kept as integers (thousandths) so ties are exact.
The grid is processed in slices along the first two axes to bound memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations

import numpy as np

from guide.decision.answers import AnswerValue
from guide.decision.conditions import fold
from guide.decision.operators import OPERATORS
from guide.decision.questions import Question, QuestionSet
from guide.decision.rules import RuleSet

SCALE = 1000  # scores are summed as integer thousandths: exact ties, no float drift
VETOED = np.iinfo(np.int32).min // 4


@dataclass(frozen=True)
class Axis:
    question: Question
    values: tuple[AnswerValue | None, ...]


def question_values(q: Question) -> tuple[AnswerValue | None, ...]:
    if q.kind == "one":
        return (None, *q.option_ids)
    free = [o for o in q.option_ids if o not in q.exclusive]
    subsets = [c for n in range(1, len(free) + 1) for c in combinations(free, n)]
    return (None, *subsets, *((e,) for e in q.exclusive))


def build_axes(questions: QuestionSet) -> list[Axis]:
    return [Axis(q, question_values(q)) for q in questions.questions]


@dataclass
class SweepReport:
    total: int = 0
    seconds: float = 0.0
    fire_counts: dict[str, int] = field(default_factory=dict)
    winner_counts: dict[str, int] = field(default_factory=dict)
    ties: int = 0
    tie_examples: list[dict[str, AnswerValue]] = field(default_factory=list)

    def never_fires(self) -> list[str]:
        return [rid for rid, n in self.fire_counts.items() if n == 0]


class _Grid:
    """Boolean arrays over a grid of axes; one axis may be narrowed to a slice."""

    def __init__(self, axes: list[Axis], fixed: dict[int, int] | None = None):
        self.axes, self.fixed = axes, fixed or {}
        self.pos = {a.question.id: i for i, a in enumerate(axes)}

    def axis_values(self, i: int) -> tuple:
        vals = self.axes[i].values
        return (vals[self.fixed[i]],) if i in self.fixed else vals

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(self.axis_values(i)) for i in range(len(self.axes)))

    def _along(self, i: int, flags: list[bool]) -> np.ndarray:
        shape = [1] * len(self.axes)
        shape[i] = len(flags)
        return np.array(flags, dtype=bool).reshape(shape)

    def leaf(self, leaf) -> np.ndarray:
        if leaf.fact is not None:  # the answer space has no measurements: a fact leaf never holds here
            return np.zeros([1] * len(self.axes), dtype=bool)
        i, test = self.pos[leaf.question], OPERATORS[leaf.operator].test
        value = tuple(leaf.value) if isinstance(leaf.value, list) else leaf.value
        return self._along(i, [test(v, value) for v in self.axis_values(i)])

    def condition(self, cond) -> np.ndarray:
        return fold(cond, leaf=self.leaf, all_=lambda parts: reduce(np.logical_and, parts, self._everywhere()),
                    any_=lambda parts: reduce(np.logical_or, parts), not_=np.logical_not, always=self._everywhere)

    def _everywhere(self) -> np.ndarray:
        return np.ones([1] * len(self.axes), dtype=bool)

    def valid(self) -> np.ndarray:
        """An answered follow-up is only valid where its parent shows it (else it duplicates 'unanswered')."""
        mask = self._everywhere()
        for i, axis in enumerate(self.axes):
            cond = axis.question.show_if
            if cond is None:
                continue
            parent = self.pos[cond.question]
            shown = self._along(parent, [cond.holds(v) for v in self.axis_values(parent)])
            unanswered = self._along(i, [v is None for v in self.axis_values(i)])
            mask = mask & (shown | unanswered)
        return mask


def score_grid(ruleset: RuleSet, grid: _Grid):
    """Integer scores (thousandths) per framework over the grid, the validity mask and each rule's mask."""
    shape, valid = grid.shape, np.broadcast_to(grid.valid(), grid.shape)
    scores = {fw: np.zeros(shape, dtype=np.int32) for fw in ruleset.framework_ids}
    vetoed = {fw: np.zeros(shape, dtype=bool) for fw in ruleset.framework_ids}
    masks = {}
    for rule in ruleset.rules:
        mask = grid.condition(rule.when)
        masks[rule.id] = mask
        for fw, delta in rule.effects.scores.items():
            np.add(scores[fw], np.int32(round(delta * SCALE)), out=scores[fw], where=np.broadcast_to(mask, shape))
        for fw in rule.effects.veto:
            vetoed[fw] |= mask
    for fw in ruleset.framework_ids:
        scores[fw][vetoed[fw]] = VETOED
    return scores, valid, masks


def _decode(grid: _Grid, flat_index: int) -> dict[str, AnswerValue]:
    idx = np.unravel_index(flat_index, grid.shape)
    out = {}
    for i, j in enumerate(idx):
        value = grid.axis_values(i)[j]
        if value is not None:
            out[grid.axes[i].question.id] = value
    return out


def sweep(ruleset: RuleSet, questions: QuestionSet, max_tie_examples: int = 5) -> SweepReport:
    start, axes = time.perf_counter(), build_axes(questions)
    report = SweepReport(fire_counts=dict.fromkeys((r.id for r in ruleset.rules), 0),
                         winner_counts=dict.fromkeys(ruleset.framework_ids, 0))
    for k0 in range(len(axes[0].values)):  # slices along the first two axes keep arrays cache-sized
        for k1 in range(len(axes[1].values)):
            _sweep_slice(ruleset, _Grid(axes, {0: k0, 1: k1}), report, max_tie_examples)
    report.seconds = time.perf_counter() - start
    return report


def _sweep_slice(ruleset: RuleSet, grid: _Grid, report: SweepReport, max_tie_examples: int) -> None:
    scores, valid, masks = score_grid(ruleset, grid)
    report.total += int(valid.sum())
    for rid, mask in masks.items():
        report.fire_counts[rid] += int((np.broadcast_to(mask, grid.shape) & valid).sum())
    stacked = np.stack([scores[fw] for fw in ruleset.framework_ids])
    winner = np.argmax(stacked, axis=0)  # first max: the framework order breaks ties, as in the engine
    for i, fw in enumerate(ruleset.framework_ids):
        report.winner_counts[fw] += int(((winner == i) & valid).sum())
    top2 = -np.partition(-stacked, 1, axis=0)[:2]
    tied = (top2[0] == top2[1]) & (top2[1] != VETOED) & valid
    report.ties += int(tied.sum())
    for flat in np.flatnonzero(tied)[: max(0, max_tie_examples - len(report.tie_examples))]:
        report.tie_examples.append(_decode(grid, int(flat)))
