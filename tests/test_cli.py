"""The CLI contract: python -m guide recommend / lint-rules."""

import json
import subprocess
import sys

from guide.cli import main


def test_recommend_json_contract(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"use_case": "research", "team_skills": ["python", "pytorch"]}))
    assert main(["recommend", "--answers", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ranking"][0] == {"framework": "pytorch", "score": 6.0, "vetoed": False}
    assert [r["score"] for r in out["ranking"]] == sorted((r["score"] for r in out["ranking"]), reverse=True)
    assert {"trace", "counterfactuals", "deployment_path", "certainty"} <= out.keys()
    assert out["trace"][0]["rule_id"] == "baseline.adoption"


def test_recommend_text_in_korean(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text('{"use_case": "learning"}')
    assert main(["recommend", "--answers", str(path), "--lang", "ko"]) == 0
    assert "AI 기초 학습" in capsys.readouterr().out


def test_bad_answers_exit_non_zero_with_one_line(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"use_case": "reserch"}')
    out = subprocess.run([sys.executable, "-m", "guide", "recommend", "--answers", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "did you mean 'research'" in out.stderr


def test_missing_answers_file(tmp_path, capsys):
    assert main(["recommend", "--answers", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_lint_rules_on_a_broken_file(tmp_path, capsys):
    path = tmp_path / "rules.yaml"
    path.write_text("version: x\nframeworks: []\nrules: []\n")
    assert main(["lint-rules", str(path), "--no-sweep"]) == 1
    assert "ERROR" in capsys.readouterr().out


def test_recommend_with_a_benchmark_lists_every_measurement(tmp_path, capsys):
    from pathlib import Path

    fixture = Path(__file__).parent / "data" / "bench_result_mlp_small.json"
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"use_case": "production", "deployment_target": ["cpu_server"], "scale": "cpu",
                                "priorities": ["inference_latency"]}))
    assert main(["recommend", "--answers", str(path), "--bench", str(fixture), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["measurements"]
    for m in out["measurements"]:
        assert {"key", "value", "machine", "date", "noisy", "contributed"} <= m.keys()
    used = [t for t in out["trace"] if t["measurement_keys"]]
    assert used and all(k in {m["key"] for m in out["measurements"]} for t in used for k in t["measurement_keys"])


def test_recommend_with_a_broken_benchmark_file(tmp_path, capsys):
    answers, bench = tmp_path / "a.json", tmp_path / "b.json"
    answers.write_text("{}")
    bench.write_text('{"schema_version": 99, "rows": []}')
    assert main(["recommend", "--answers", str(answers), "--bench", str(bench)]) == 2
    assert "schema_version" in capsys.readouterr().err
