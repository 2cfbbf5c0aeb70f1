"""Sweep the answer space with numpy: which rules can never fire, and where two frameworks tie exactly.

Each question is one axis of a grid (every option, or every allowed subset for multi-selects, plus
"unanswered"). A condition becomes a boolean array over the axes it reads, so a rule's contribution is
added to every answer set in one operation. Scores are kept as integers (thousandths) so ties are exact.

The whole space (4,777,574,400 answer sets since the 2026-12 questions) no longer fits in a minute, so it is
covered in three parts: whether a rule can fire is decided exactly, over the questions that rule reads (and
their parents); ties are counted exhaustively over the questionnaire as it was before the 2026-12 questions
(those unanswered, the options added then left out: 83.6 M answer sets, sliced along two axes to bound memory),
and on a seeded uniform sample of the whole space beyond it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations

import numpy as np

from guide.decision.answers import AnswerValue
from guide.decision.conditions import fold, iter_leaves
from guide.decision.operators import OPERATORS
from guide.decision.questions import Question, QuestionSet
from guide.decision.rules import RuleSet

SAMPLES = 2_000_000  # answer sets drawn from the whole space beyond the exhaustive core (seeded)
SAMPLE_SEED = 20261205
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
    exhaustive: int = 0  # answer sets of the core grid, every one scored
    sampled: int = 0  # valid answer sets drawn from the whole space beyond it
    sample_ties: int = 0
    can_fire: dict[str, bool] = field(default_factory=dict)  # exact, over the questions each rule reads

    def never_fires(self) -> list[str]:
        if self.can_fire:
            return [rid for rid, ok in self.can_fire.items() if not ok]
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


def core_axes(questions: QuestionSet, added_questions=(), added_options=None) -> list[Axis]:
    """The grid of the questionnaire without what was added later: those questions unanswered only, and no
    answer that uses an option added later."""
    added_options = added_options or {}
    axes = []
    for axis in build_axes(questions):
        qid = axis.question.id
        dropped = set(added_options.get(qid, ()))
        values = (None,) if qid in added_questions else tuple(
            v for v in axis.values if v is None or not dropped & set(v if isinstance(v, tuple) else (v,)))
        axes.append(Axis(axis.question, values))
    return axes


def sweep(ruleset: RuleSet, questions: QuestionSet, max_tie_examples: int = 5, added_questions=(),
          added_options=None, samples: int = SAMPLES) -> SweepReport:
    """Exhaustive over the core grid (everything, when nothing is named as added later), exact on which rules
    can fire, and `samples` seeded answer sets drawn from the whole space when the core is not all of it."""
    start = time.perf_counter()
    axes = core_axes(questions, added_questions, added_options)
    report = SweepReport(fire_counts=dict.fromkeys((r.id for r in ruleset.rules), 0),
                         winner_counts=dict.fromkeys(ruleset.framework_ids, 0))
    for k0 in range(len(axes[0].values)):  # slices along the first two axes keep arrays cache-sized
        for k1 in range(len(axes[1].values)):
            _sweep_slice(ruleset, _Grid(axes, {0: k0, 1: k1}), report, max_tie_examples)
    report.exhaustive = report.total
    if added_questions or added_options:
        sample_space(ruleset, build_axes(questions), report, samples, max_tie_examples)
    report.can_fire = {r.id: can_fire(r, questions) for r in ruleset.rules}
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


def can_fire(rule, questions: QuestionSet) -> bool:
    """Exact: is there a valid answer set where the rule's condition holds? Decided over only the questions the
    rule reads and the parents that show them, where every other answer cannot matter."""
    read = {leaf.question for leaf in iter_leaves(rule.when) if leaf.question}
    parents = {questions.get(q).show_if.question for q in read if questions.get(q).show_if}
    axes = [a for a in build_axes(questions) if a.question.id in read | parents] or build_axes(questions)[:1]
    grid = _Grid(axes)
    return bool((np.broadcast_to(grid.condition(rule.when), grid.shape) & np.broadcast_to(grid.valid(),
                                                                                          grid.shape)).any())


class _Sample:
    """`n` answer sets drawn uniformly per question (each option or allowed subset, or unanswered): conditions
    become boolean vectors over the draws, through the same fold as the grid."""

    def __init__(self, axes: list[Axis], n: int, seed: int):
        rng = np.random.default_rng(seed)
        self.axes, self.n = axes, n
        self.pos = {a.question.id: i for i, a in enumerate(axes)}
        self.idx = [rng.integers(len(a.values), size=n) for a in axes]
        for i, axis in enumerate(axes):  # a follow-up its parent hides is unanswered (values[0] is None)
            if (cond := axis.question.show_if) is not None:
                parent = self.pos[cond.question]
                shown = self._table(parent, [cond.holds(v) for v in axes[parent].values])
                self.idx[i] = np.where(shown, self.idx[i], 0)

    def _table(self, i: int, flags: list[bool]) -> np.ndarray:
        return np.array(flags, dtype=bool)[self.idx[i]]

    def leaf(self, leaf) -> np.ndarray:
        if leaf.fact is not None:
            return np.zeros(self.n, dtype=bool)
        i, test = self.pos[leaf.question], OPERATORS[leaf.operator].test
        value = tuple(leaf.value) if isinstance(leaf.value, list) else leaf.value
        return self._table(i, [test(v, value) for v in self.axes[i].values])

    def condition(self, cond) -> np.ndarray:
        every = np.ones(self.n, dtype=bool)
        return fold(cond, leaf=self.leaf, all_=lambda parts: reduce(np.logical_and, parts, every),
                    any_=lambda parts: reduce(np.logical_or, parts), not_=np.logical_not, always=lambda: every)

    def valid(self) -> np.ndarray:
        mask = np.ones(self.n, dtype=bool)
        for i, axis in enumerate(self.axes):
            if (cond := axis.question.show_if) is not None:
                parent = self.pos[cond.question]
                shown = self._table(parent, [cond.holds(v) for v in self.axes[parent].values])
                mask &= shown | self._table(i, [v is None for v in axis.values])
        return mask

    def decode(self, row: int) -> dict[str, AnswerValue]:
        values = {a.question.id: a.values[self.idx[i][row]] for i, a in enumerate(self.axes)}
        return {k: v for k, v in values.items() if v is not None}


def sample_space(ruleset: RuleSet, axes: list[Axis], report: SweepReport, n: int, max_tie_examples: int) -> None:
    draw = _Sample(axes, n, SAMPLE_SEED)
    valid = draw.valid()
    scores = {fw: np.zeros(n, dtype=np.int32) for fw in ruleset.framework_ids}
    vetoed = {fw: np.zeros(n, dtype=bool) for fw in ruleset.framework_ids}
    for rule in ruleset.rules:
        mask = np.broadcast_to(draw.condition(rule.when), (n,))
        report.fire_counts[rule.id] += int((mask & valid).sum())
        for fw, delta in rule.effects.scores.items():
            scores[fw][mask] += np.int32(round(delta * SCALE))
        for fw in rule.effects.veto:
            vetoed[fw] |= mask
    for fw in ruleset.framework_ids:
        scores[fw][vetoed[fw]] = VETOED
    stacked = np.stack([scores[fw] for fw in ruleset.framework_ids])
    top2 = -np.partition(-stacked, 1, axis=0)[:2]
    tied = (top2[0] == top2[1]) & (top2[1] != VETOED) & valid
    report.sampled, report.sample_ties = int(valid.sum()), int(tied.sum())
    report.ties += report.sample_ties
    for row in np.flatnonzero(tied)[: max(0, max_tie_examples - len(report.tie_examples))]:
        report.tie_examples.append(draw.decode(int(row)))
