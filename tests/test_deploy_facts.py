"""A deployment check enters the recommendation as facts: only whether each phone path works, and only for
teams that ship to phones. The trace names the fact and the check."""

import json
import subprocess
import sys

from guide.bench.schema import MachineInfo
from guide.decision.answers import parse_answers
from guide.decision.engine import recommend
from guide.decision.questions import load_questions
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.evidence.deployment import facts_from_deployment
from guide.settings import REPO_ROOT


def check(pytorch_ok: bool) -> DeployResult:
    rows = [DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True),
            DeployRow(path="executorch-xnnpack", source="pytorch", runtime="ExecuTorch", ok=pytorch_ok,
                      stage=None if pytorch_ok else "run",
                      error=None if pytorch_ok else "RuntimeError: method->execute() failed with error 0x1")]
    return DeployResult(spec=DeploySpec(model="cnn", size="tiny"), rows=rows,
                        machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1))


def rec_for(answers: dict, result: DeployResult):
    parsed, _ = parse_answers(answers, load_questions())
    return recommend(parsed, measurements=tuple(facts_from_deployment(result)))


def test_a_failed_phone_path_is_our_recipe_failing_and_counts_against_no_framework():
    rec = rec_for({"use_case": "mobile_edge", "deployment_target": ["mobile"]}, check(pytorch_ok=False))
    fact = next(m for m in rec.measurements if m.key == "deploy.phone_path_pytorch")
    assert fact.value == "fails" and "error 0x1" in fact.detail
    assert not fact.counts and "our export recipe failed" in fact.reason and not fact.contributed
    assert "deployed.pytorch_phone_path_fails" not in {t.rule_id for t in rec.trace}


DOCUMENTED = """limitations:
  - {path: executorch-xnnpack, source: pytorch, stage: run, error_contains: "error 0x1", models: [cnn],
     says: {en: "the delegate rejects this operator", ko: "델리게이트가 이 연산자를 거부합니다"},
     cited: "https://example.org/executorch/issues/1", date: "2026-11"}
"""


def documented_limitation(monkeypatch, tmp_path):
    path = tmp_path / "limitations.yaml"
    path.write_text(DOCUMENTED, encoding="utf-8")
    monkeypatch.setattr("guide.deploy.limitations.LIMITATIONS_FILE", path)


def test_a_documented_limitation_counts_for_a_phone_team_and_the_trace_names_it(monkeypatch, tmp_path):
    documented_limitation(monkeypatch, tmp_path)
    rec = rec_for({"use_case": "mobile_edge", "deployment_target": ["mobile"]}, check(pytorch_ok=False))
    entry = next(t for t in rec.trace if t.rule_id == "deployed.pytorch_phone_path_fails")
    assert "deploy.phone_path_pytorch" in entry.measurement_keys and entry.scores["pytorch"] < 0
    fact = next(m for m in rec.measurements if m.key == "deploy.phone_path_pytorch")
    assert fact.counts and "the delegate rejects this operator" in fact.reason
    other_model = check(pytorch_ok=False).model_copy(update={"spec": DeploySpec(model="mlp", size="tiny")})
    assert not next(m for m in facts_from_deployment(other_model) if m.key == "deploy.phone_path_pytorch").counts


def test_it_says_nothing_to_a_server_team():
    rec = rec_for({"use_case": "production", "deployment_target": ["cpu_server"]}, check(pytorch_ok=False))
    assert all(t.rule_id != "deployed.pytorch_phone_path_fails" for t in rec.trace)


def test_working_paths_on_both_sides_change_nothing():
    answers = {"use_case": "mobile_edge", "deployment_target": ["mobile"]}
    assert not any(t.rule_id.startswith("deployed.") for t in rec_for(answers, check(pytorch_ok=True)).trace)


def test_the_cli_reads_a_deploy_check_file(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"use_case": "mobile_edge", "deployment_target": ["mobile"]}))
    (tmp_path / "d.json").write_text(check(pytorch_ok=False).model_dump_json())
    (tmp_path / "bad.json").write_text('{"rows": "nope"}')
    base = [sys.executable, "-m", "guide", "recommend", "--answers", str(tmp_path / "a.json"), "--format", "json"]
    done = subprocess.run([*base, "--deploy", str(tmp_path / "d.json")], capture_output=True, text=True, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "deployed.pytorch_phone_path_fails" not in [t["rule_id"] for t in out["trace"]]  # our recipe failed
    listed = {m["key"]: m for m in out["measurements"]}  # every deployment fact, counting or not, with why
    assert not listed["deploy.phone_path_pytorch"]["counts"] and listed["deploy.phone_path_pytorch"]["reason"]
    assert listed["deploy.phone_path_tensorflow"]["counts"]
    bad = subprocess.run([*base, "--deploy", str(tmp_path / "bad.json")], capture_output=True, text=True, cwd=REPO_ROOT)
    assert bad.returncode == 2 and "is not a deploy-check result" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def served(tf_ms: float, torch_ms: float) -> DeployResult:
    """A check with both frameworks' own models served over HTTP, request latencies around the given values."""
    def row(path: str, source: str, centre: float) -> DeployRow:
        return DeployRow(path=path, source=source, runtime="Starlette on uvicorn", ok=True, latency_ms=centre,
                         latency_samples_ms=[centre * (1 + 0.02 * ((i % 5) - 2)) for i in range(200)])
    return DeployResult(spec=DeploySpec(model="mlp", size="small"), rows=[
        row("http-savedmodel", "keras-tensorflow", tf_ms), row("http-pt2", "pytorch", torch_ms)],
        machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1))


def test_faster_http_serving_counts_for_a_cpu_serving_team_only_and_only_beyond_the_noise():
    server = {"use_case": "production", "deployment_target": ["cpu_server"]}
    rec = rec_for(server, served(tf_ms=1.6, torch_ms=0.9))
    fact = next(m for m in rec.measurements if m.key == "deploy.serving_latency_winner")
    assert (fact.value, fact.counts) == ("pytorch", True) and "served over HTTP" in fact.detail
    assert any(t.rule_id == "served.pytorch_answers_faster" for t in rec.trace)
    phone = rec_for({"use_case": "mobile_edge", "deployment_target": ["mobile"]}, served(tf_ms=1.6, torch_ms=0.9))
    assert not any(t.rule_id.startswith("served.") for t in phone.trace)
    close = rec_for(server, served(tf_ms=1.0, torch_ms=0.98))
    assert not next(m for m in close.measurements if m.key == "deploy.serving_latency_winner").counts
    assert not any(t.rule_id.startswith("served.") for t in close.trace)
