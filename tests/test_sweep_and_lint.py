"""The vectorised sweep agrees with the engine, and lint finds dead rules, ties and failing examples."""

import json
import subprocess
import sys

import numpy as np
import pytest

from guide.checks.lint import lint_rules
from guide.checks.sweep import SCALE, VETOED, _Grid, build_axes, question_values, score_grid
from guide.decision.engine import evaluate
from tests.helpers import QUESTIONS, RULESET, rule, write_rules


def test_multi_select_values_respect_exclusive_options():
    q = QUESTIONS.get("deployment_target")
    values = question_values(q)
    assert values[0] is None and ("none",) in values
    assert not any("none" in v and len(v) > 1 for v in values[1:])
    assert len(values) == 1 + (2 ** 5 - 1) + 1


@pytest.mark.parametrize("seed", range(4))
def test_sweep_scores_match_the_engine_on_a_random_slice(seed):
    rng = np.random.default_rng(seed)
    axes = build_axes(QUESTIONS)
    free = set(rng.choice(len(axes), size=3, replace=False).tolist())
    fixed = {i: int(rng.integers(len(a.values))) for i, a in enumerate(axes) if i not in free}
    grid = _Grid(axes, fixed)
    scores, valid, _ = score_grid(RULESET, grid)
    for flat in rng.choice(int(np.prod(grid.shape)), size=40, replace=False):
        idx = np.unravel_index(int(flat), grid.shape)
        if not valid[idx]:
            continue
        answers = {axes[i].question.id: grid.axis_values(i)[j] for i, j in enumerate(idx)
                   if grid.axis_values(i)[j] is not None}
        rec = evaluate(answers, RULESET, QUESTIONS, with_counterfactuals=False)
        vetoed = {r.framework for r in rec.ranking if r.vetoed}  # the sweep scores a ruled-out framework VETOED
        for fw in RULESET.framework_ids:
            assert scores[fw][idx] == (VETOED if fw in vetoed else round(rec.score_of(fw) * SCALE))


def test_lint_finds_a_dead_rule_a_tie_and_a_missing_example(tmp_path):
    never = {"all": [{"question": "use_case", "operator": "is", "value": "research"},
                     {"question": "use_case", "operator": "is", "value": "production"}]}
    rules = [rule("base", None, {"pytorch": 1}),
             rule("tie", {"question": "scale", "operator": "is", "value": "tpu"}, {"jax": 1}),
             rule("dead", never, {"tensorflow": 5})]
    examples = tmp_path / "examples.yaml"
    examples.write_text("examples:\n  - {id: e, answers: {}, expect: {winner: pytorch, fires: [base]}}\n")
    report = lint_rules(write_rules(tmp_path, rules), examples)
    text = "\n".join(report.errors)
    assert "rule 'dead' can never fire" in text
    assert "exact tie" in text and report.sweep.ties > 0 and report.sweep.tie_examples[0]["scale"] == "tpu"
    assert "rule 'tie' has no example" in text
    assert report.sweep.total == 83_607_552  # the core grid, every answer set of it


def test_lint_reports_schema_errors_instead_of_crashing(tmp_path):
    report = lint_rules(write_rules(tmp_path, [rule("x", {"question": "nope", "operator": "is", "value": 1}, {})]))
    assert not report.ok and "unknown question 'nope'" in report.errors[0]


@pytest.mark.slow
def test_shipped_rules_pass_lint_over_the_full_space():
    out = subprocess.run([sys.executable, "-m", "guide", "lint-rules", "--format", "json"],
                         capture_output=True, text=True, timeout=600)
    report = json.loads(out.stdout)
    assert out.returncode == 0, report["errors"]
    assert report["sweep"]["answer_sets"] == 83_607_552 and report["sweep"]["ties"] == 0
    assert report["sweep"]["sampled_answer_sets"] == 2_000_000 and report["sweep"]["sample_ties"] == 0
    # only rules that read measurements may be silent over the answer space (it holds no benchmark); article
    # priors guarded by `not: {fact: ...}` read a fact too, yet still fire when nothing is measured
    silent, measured = set(report["sweep"]["never_fires"]), set(report["measurement_rules"])
    assert silent and silent <= measured
    assert {"prio.energy", "prio.inference_latency", "scale.small_fast"} <= measured - silent
    assert report["sweep"]["seconds"] > 0
    assert len(RULESET.rules) == report["rules"]


def test_the_sample_beyond_the_core_scores_as_the_engine_does():
    from guide.checks.sweep import _Sample

    draw = _Sample(build_axes(QUESTIONS), 300, seed=7)
    assert draw.valid().all()  # follow-ups their parent hides are drawn unanswered, never rejected
    scores = {fw: np.zeros(300, dtype=np.int64) for fw in RULESET.framework_ids}
    for r in RULESET.rules:
        mask = np.broadcast_to(draw.condition(r.when), (300,))
        for fw, delta in r.effects.scores.items():
            scores[fw][mask] += round(delta * SCALE)
    for row in range(0, 300, 7):
        rec = evaluate(draw.decode(row), RULESET, QUESTIONS, with_counterfactuals=False)
        for fw in RULESET.framework_ids:
            assert scores[fw][row] == round(rec.score_of(fw) * SCALE)


def test_a_rule_that_reads_only_new_questions_is_seen_to_fire():
    from guide.checks.sweep import can_fire

    keep = RULESET.rule("direction.keep_keras")  # reads existing_code, left out of the exhaustive core
    assert can_fire(keep, QUESTIONS)
    from guide.decision.rule_parts import AllOf, Leaf

    both = AllOf(all=(Leaf(question="existing_code", operator="is", value="keep_keras"),
                      Leaf(question="existing_code", operator="is", value="none")))
    assert not can_fire(keep.model_copy(update={"when": both}), QUESTIONS)
    hidden = AllOf(all=(Leaf(question="llm_work", operator="is", value="pretrain"),
                        Leaf(question="model_family", operator="is", value="vision")))
    assert not can_fire(keep.model_copy(update={"when": hidden}), QUESTIONS)  # a follow-up its parent hides
