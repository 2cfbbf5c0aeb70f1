"""The recommendation as a stack: routes are data, a target moves the framework only through route quality, a
decision that leaves deployment out is moved by no target, and every view shows the stack."""

import html
import json
import subprocess
import sys

import pytest
import yaml

from guide.decision.engine import evaluate
from guide.decision.routes import load_routes
from guide.errors import DataFileError
from guide.reports.html import to_html
from guide.reports.markdown import recommendation_markdown, to_markdown
from guide.reports.model import build_report
from guide.settings import PACKAGE_DATA
from tests.helpers import QUESTIONS, RULESET

TABLE = RULESET.routes


@pytest.mark.parametrize("target", ["mobile", "browser", "embedded", "cpu_server"])
def test_each_target_answered_gets_its_routes_with_maturity_evidence_and_a_check(target):
    rec = evaluate({"use_case": "production", "deployment_target": (target,)}, RULESET, QUESTIONS)
    routes = [r for r in rec.stack.routes if r.target == target]
    assert rec.stack.framework == rec.winner and routes and routes[0].best
    for r in routes:
        assert r.maturity in TABLE.maturity and r.evidence and r.runtime.en and r.via.en
    assert [r.runtime for r in routes] == [r.runtime for r in TABLE.routes_to(target, rec.winner)]
    assert any(r.check for r in routes) or target == "browser"  # TensorFlow.js has no check on this machine


def test_a_target_moves_the_framework_only_by_how_far_behind_its_best_route_is():
    for target in TABLE.targets:
        rule = RULESET.rule(f"route.{target.id}")
        levels = {fw: TABLE.best_level(target.id, fw) for fw in RULESET.framework_ids}
        top = max(levels.values())
        for fw in RULESET.framework_ids:
            assert rule.effects.scores.get(fw, 0.0) == pytest.approx(target.weight * (levels[fw] - top))
    assert RULESET.rule("route.cloud_gpu").effects.scores.get("pytorch", 0.0) == 0.0  # both reach GPUs well


def test_a_decision_that_leaves_deployment_out_is_moved_by_no_target():
    base = {"use_case": "production", "team_skills": ("python",), "model_family": "vision"}
    for scope in ("runtime_fixed", "training_only"):
        without = evaluate({**base, "decision_scope": scope}, RULESET, QUESTIONS)
        targets = ("mobile", "browser", "embedded", "cpu_server")
        shipped = evaluate({**base, "decision_scope": scope, "deployment_target": targets}, RULESET, QUESTIONS)
        assert [(r.framework, r.score) for r in shipped.ranking] == [(r.framework, r.score) for r in without.ranking]
        assert not shipped.stack.moves_ranking and {r.target for r in shipped.stack.routes} >= set(targets)
    moved = evaluate({**base, "deployment_target": ("embedded",)}, RULESET, QUESTIONS)
    assert moved.stack.moves_ranking and "route.embedded" in {t.rule_id for t in moved.trace}


def test_keeping_keras_code_names_keras_and_its_backend():
    rec = evaluate({"existing_code": "keep_keras", "scale": "tpu"}, RULESET, QUESTIONS)
    assert rec.winner == "keras" and rec.stack.backend == "jax"
    assert all(r.vetoed for r in rec.ranking[1:]) and rec.margin >= 0
    gpu = evaluate({"existing_code": "keep_keras", "model_family": "llm", "scale": "single_gpu"}, RULESET, QUESTIONS)
    assert gpu.stack.backend == "torch"


def test_the_cli_json_carries_the_stack(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"deployment_target": ["mobile"], "mobile_platform": "ios"}))
    out = subprocess.run([sys.executable, "-m", "guide", "recommend", "--answers", str(answers), "--format", "json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    for key in ("winner", "runner_up", "margin", "confidence", "ranking", "trace", "counterfactuals"):
        assert key in data
    stack = data["stack"]
    assert stack["framework"] == data["winner"]
    assert {r["target"] for r in stack["routes"]} == {"mobile", "ios"}
    for r in stack["routes"]:
        assert {"target", "runtime", "via", "maturity", "evidence", "check"} <= set(r)


def test_both_reports_show_the_stack_escaped():
    report = build_report({"deployment_target": ("browser", "embedded"), "decision_scope": "runtime_fixed"},
                          lang="en")
    markdown, page = to_markdown(report), to_html(report)
    assert "## Your stack" in markdown and '<section id="stack">' in page
    assert "moved nothing in the ranking" in markdown and "moved nothing in the ranking" in html.unescape(page)
    assert "ONNX Runtime Web" in markdown and "ExecuTorch with the Arm backend" in html.unescape(page)
    ko = recommendation_markdown(report.recommendation, lang="ko")
    assert "## 스택" in ko and "성숙도" in ko


def test_a_broken_routes_file_is_one_line_naming_the_route(tmp_path):
    raw = yaml.safe_load((PACKAGE_DATA / "routes.yaml").read_text(encoding="utf-8"))
    raw["routes"][0]["maturity"] = "establised"
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_routes(path)
    message = str(err.value)
    assert str(path) in message and "route #0 (pytorch → cloud_gpu)" in message
    assert "did you mean 'established'" in message and "\n" not in message
