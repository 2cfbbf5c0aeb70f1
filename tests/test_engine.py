"""The pure engine: trace sums to scores, vetoes, follow-ups, counterfactuals, certainty."""

import math

import pytest

from guide.decision.engine import evaluate
from guide.decision.rules import load_ruleset
from tests.helpers import QUESTIONS, RULESET, rule, write_rules


def run(answers, ruleset=RULESET):
    return evaluate(answers, ruleset, QUESTIONS)


def test_research_team_gets_pytorch_with_its_reasons():
    rec = run({"use_case": "research", "team_skills": ("python", "pytorch")})
    assert rec.winner == "pytorch"
    fired = [t.rule_id for t in rec.trace]
    assert fired[0] == "baseline.adoption" and "usecase.research" in fired and "team.pytorch" in fired
    assert rec.score_of("pytorch") == pytest.approx(1.0 + 3.0 + 2.0)


def test_trace_sums_to_scores():
    rec = run({"use_case": "production", "deployment_target": ("mobile", "browser"), "priorities": ("energy",)})
    for ranked in rec.ranking:
        total = sum(t.scores.get(ranked.framework, 0.0) for t in rec.trace)
        assert math.isclose(total, ranked.score, abs_tol=1e-9)


def test_hidden_follow_up_answer_does_not_count():
    rec = run({"deployment_target": ("cloud_gpu",), "mobile_platform": "ios"})
    assert "mobile_platform" not in rec.answers
    assert "route.ios" not in [t.rule_id for t in rec.trace]


def test_counterfactuals_really_change_the_winner():
    answers = {"use_case": "production", "deployment_target": ("mobile",)}
    rec = run(answers)
    assert rec.counterfactuals
    for cf in rec.counterfactuals:
        changed = dict(answers)
        for ch in cf.changes:
            if ch.after is None:
                changed.pop(ch.question, None)
            else:
                changed[ch.question] = ch.after
        assert run(changed).winner == cf.winner != rec.winner


def test_partial_answers_say_what_could_still_change_the_winner():
    rec = run({"use_case": "production"})
    assert rec.certainty.answered == 1 and "model_family" in rec.certainty.unanswered
    assert set(rec.certainty.could_change_winner) <= set(rec.certainty.unanswered)
    assert rec.certainty.could_change_winner  # e.g. model_family=llm flips production to PyTorch
    full = run({"use_case": "research", "model_family": "llm", "scale": "single_gpu", "deployment_target": ("none",),
                "team_skills": ("python", "pytorch"), "dev_os": "linux", "priorities": ("prototype_speed",),
                "llm_work": "fine_tune", "decision_scope": "training_only", "existing_code": "none"})
    assert full.certainty.complete and full.certainty.could_change_winner == ()
    assert full.confidence == "high"


def test_deployment_and_learning_paths_follow_the_winner():
    rec = run({"use_case": "mobile_edge", "deployment_target": ("mobile",)})
    assert rec.winner == "tensorflow"
    assert all(step.framework == "tensorflow" for step in rec.deployment_path)
    assert any("LiteRT" in step.text.en for step in rec.deployment_path)
    assert "pytorch" in rec.deployment_by_framework  # the runner-up's path is still there to show
    assert rec.learning_path and rec.learning_path[0].framework == "tensorflow"


def test_veto_ranks_a_framework_last_whatever_its_score(tmp_path):
    rules = [
        rule("base", None, {"pytorch": 5, "tensorflow": 1}),
        rule("no-torch", {"question": "deployment_target", "operator": "includes", "value": "embedded"}, {},
             veto={"pytorch": {"en": "no runtime", "ko": "런타임 없음"}}),
    ]
    ruleset = load_ruleset(write_rules(tmp_path, rules), questions=QUESTIONS)
    assert run({}, ruleset).winner == "pytorch"
    rec = run({"deployment_target": ("embedded",)}, ruleset)
    assert rec.winner == "tensorflow" and rec.ranking[-1].framework == "pytorch"
    assert rec.ranking[-1].vetoed and rec.ranking[-1].veto_reasons[0].en == "no runtime"
    flip_back = [cf for cf in run({}, ruleset).counterfactuals if cf.winner == "tensorflow"]
    assert flip_back and flip_back[0].changes[0].after == ("embedded",)


def test_exact_tie_is_flagged_and_broken_by_framework_order(tmp_path):
    ruleset = load_ruleset(write_rules(tmp_path, [rule("even", None, {"tensorflow": 1, "pytorch": 1})]),
                           questions=QUESTIONS)
    rec = run({}, ruleset)
    assert rec.tie_broken and rec.winner == "pytorch" and rec.confidence == "low"


def test_evaluate_does_not_touch_its_input():
    answers = {"use_case": "research", "team_skills": ("python",)}
    before = dict(answers)
    run(answers)
    assert answers == before


def test_why_keeps_the_not_in_a_condition():
    rec = run({"team_skills": ("mlops",)})
    entry = next(t for t in rec.trace if t.rule_id == "team.no_python")
    assert entry.matched == ("team_skills is answered AND NOT team_skills includes any of python, pytorch, "
                             "tensorflow, jax",)


def test_a_team_that_lists_a_framework_writes_python_already():
    for skills in (("pytorch",), ("tensorflow",), ("jax",), ("pytorch", "mlops")):
        assert "team.no_python" not in {t.rule_id for t in run({"team_skills": skills}).trace}


def test_certainty_is_not_cut_to_the_shown_counterfactuals():
    rec = run({"use_case": "mobile_edge", "model_family": "audio", "scale": "tpu", "team_skills": ("python",)})
    assert {"deployment_target", "priorities"} <= set(rec.certainty.could_change_winner)


def test_mobile_advice_names_the_current_pytorch_routes_with_dated_sources():
    rec = evaluate({"use_case": "mobile_edge", "deployment_target": ("mobile",)}, RULESET, QUESTIONS)
    assert rec.winner == "tensorflow" and rec.margin < 1.0  # LiteRT still leads, by less than before
    pytorch_path = " ".join(s.text.en for s in rec.deployment_by_framework["pytorch"])
    assert "ExecuTorch 1.x" in pytorch_path and "litert-torch" in pytorch_path
    cited = {e.source: e.date for t in rec.trace if t.rule_id == "route.mobile" for e in t.evidence}
    assert cited["doc:executorch-pypi"] >= "2026" and cited["doc:litert-torch"] >= "2026"
    assert "fact:3" not in cited  # the 2024 beta announcement no longer speaks for ExecuTorch


def test_the_baseline_reads_true_when_every_question_is_answered():
    rec = evaluate({"use_case": "research", "model_family": "llm", "scale": "single_gpu",
                    "deployment_target": ("none",), "team_skills": ("python",), "dev_os": "linux",
                    "priorities": ("prototype_speed",), "llm_work": "fine_tune", "decision_scope": "training_only",
                    "existing_code": "none"}, RULESET, QUESTIONS)
    baseline = next(t for t in rec.trace if t.rule_id == "baseline.adoption")
    assert rec.certainty.complete and "nothing else known" not in baseline.rationale.en.lower()


def test_learning_steps_follow_what_the_team_already_knows():
    experts = evaluate({"use_case": "research", "model_family": "llm", "team_skills": ("python", "pytorch")},
                       RULESET, QUESTIONS)
    newcomers = evaluate({"use_case": "research", "model_family": "llm", "team_skills": ("python",)},
                         RULESET, QUESTIONS)
    assert experts.winner == newcomers.winner == "pytorch"
    expert_steps = " ".join(s.text.en for s in experts.learning_path)
    assert "Learn the Basics" not in expert_steps
    assert "PEFT" in expert_steps and "FSDP2" in expert_steps
    assert "Learn the Basics" in " ".join(s.text.en for s in newcomers.learning_path)


def test_a_framework_skill_must_be_a_team_skills_option(tmp_path):
    from guide.errors import DataFileError
    from tests.helpers import shipped_rules_raw

    frameworks = shipped_rules_raw()["frameworks"]
    frameworks[0] = {**frameworks[0], "skill": "pytorh", "expert_learning": {"reserch": []}}
    with pytest.raises(DataFileError) as caught:
        load_ruleset(write_rules(tmp_path, [rule("r", None, {"pytorch": 1})], frameworks=frameworks),
                     questions=QUESTIONS)
    assert "skill 'pytorh' is no team_skills option (did you mean 'pytorch'?)" in str(caught.value)
    assert "expert_learning 'reserch' is no use_case option (did you mean 'research'?)" in str(caught.value)
