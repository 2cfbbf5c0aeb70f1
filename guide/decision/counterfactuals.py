"""The smallest answer changes that would change the top recommendation.

Candidates are single edits (pick another option; add or drop one option of a multi-select). Each is scored
by re-checking only the rules that read the edited question, so the search stays well under a millisecond.
Pairs of edits are tried only when no single edit changes the winner.
"""

from __future__ import annotations

from itertools import combinations

from guide.decision.answers import AnswerValue, is_visible
from guide.decision.compiled import FACT_PREFIXES, CompiledRuleSet, counting_facts, effective_values, rank
from guide.decision.questions import Question
from guide.decision.recommendation import AnswerChange, Counterfactual

MAX_RESULTS = 6

Edit = tuple[str, AnswerValue | None]


def _multi_edits(q: Question, current: tuple[str, ...]) -> list[AnswerValue | None]:
    edits: list[AnswerValue | None] = []
    for opt in q.option_ids:
        if opt in current:
            rest = tuple(o for o in current if o != opt)
            edits.append(rest or None)
        elif opt in q.exclusive:
            edits.append((opt,))
        else:
            kept = {o for o in current if o not in q.exclusive} | {opt}
            edits.append(tuple(o for o in q.option_ids if o in kept))
    return edits


def candidate_edits(values: dict[str, AnswerValue], compiled: CompiledRuleSet) -> list[Edit]:
    edits: list[Edit] = []
    for q in compiled.questions.questions:
        if not is_visible(q, values):
            continue  # a hidden follow-up cannot be changed on its own
        current = values.get(q.id)
        if q.kind == "one":
            edits += [(q.id, opt) for opt in q.option_ids if opt != current]
        else:
            edits += [(q.id, v) for v in _multi_edits(q, current or ())]
    return edits


class _Scorer:
    """Scores edited answer sets by delta from a base evaluation. Measured facts are re-scoped for each edited
    answer set (an edit can bring a fact into its scope or take it out), exactly as a full evaluation does."""

    def __init__(self, values: dict[str, AnswerValue], fired: set[int], scores, vetoes, compiled, counting=()):
        self.values, self.fired, self.compiled = values, fired, compiled
        self.scores, self.vetoes = scores, vetoes
        self.order = compiled.ruleset.framework_ids
        self.counting = counting
        self.base_facts = {k: v for k, v in values.items() if k.startswith(FACT_PREFIXES)}

    def _affected(self, questions: set[str]) -> set[int]:
        touched = set(questions)
        for q in questions:
            touched.update(self.compiled.dependents.get(q, ()))
        return {i for q in touched for i in self.compiled.by_question.get(q, ())}

    def winner_after(self, edits: list[Edit]) -> tuple[str, float]:
        new_values = dict(self.values)
        for qid, value in edits:
            if value is None:
                new_values.pop(qid, None)
            else:
                new_values[qid] = value
        answers = {k: v for k, v in effective_values(new_values, self.compiled.questions).items()
                   if not k.startswith(FACT_PREFIXES)}
        facts = counting_facts(self.counting, answers, self.compiled) if self.counting else self.base_facts
        new_values = {**answers, **facts}
        changed = {k for k in facts.keys() | self.base_facts.keys() if facts.get(k) != self.base_facts.get(k)}
        scores, vetoes = dict(self.scores), dict(self.vetoes)
        for i in self._affected({q for q, _ in edits} | changed):
            cr = self.compiled.rules[i]
            sign = int(cr.fires(new_values)) - int(i in self.fired)
            if sign:
                for fw, delta in cr.scores:
                    scores[fw] += sign * delta
                for fw in cr.vetoes:
                    vetoes[fw] += sign
        ranked = rank(scores, vetoes, self.order)
        ahead = scores[ranked[0]] - scores[ranked[1]]
        return ranked[0], max(ahead, 0.0) if vetoes[ranked[1]] else ahead  # as the engine's margin


def find_counterfactuals(values, fired, scores, vetoes, winner, compiled,
                         counting=()) -> tuple[list[Counterfactual], set[str]]:
    """The smallest winner-changing edits to show (at most MAX_RESULTS), and every question one edit of which
    changes the winner (all of them, not only those shown). `counting`: the measured facts that count, before
    scoping (without them, the facts in `values` are kept as they are)."""
    scorer = _Scorer(values, set(fired), scores, vetoes, compiled, counting)
    edits = candidate_edits(values, compiled)
    found = _flips([[e] for e in edits], scorer, winner, values)
    flipping = {c.changes[0].question for c in found}
    if not found:
        pairs = ([a, b] for a, b in combinations(edits, 2) if a[0] != b[0])
        found = _flips(pairs, scorer, winner, values)
    found.sort(key=lambda c: (len(c.changes), -c.margin))
    return found[:MAX_RESULTS], flipping


def _flips(edit_sets, scorer: _Scorer, winner: str, values) -> list[Counterfactual]:
    out = []
    for edit_set in edit_sets:
        new_winner, margin = scorer.winner_after(edit_set)
        if new_winner != winner:
            changes = tuple(AnswerChange(question=q, before=values.get(q), after=v) for q, v in edit_set)
            out.append(Counterfactual(changes=changes, winner=new_winner, margin=round(margin, 6)))
    return out
