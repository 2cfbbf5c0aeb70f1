"""Deployment rows are judged like benchmark rows: one busy rule, figures that can be compared, files that say
what they are, and stored checks that a newer version wrote do not take a page down."""

import json
import subprocess
import sys

import numpy as np
import pytest
from pydantic import ValidationError

from guide.bench.cpu import is_busy
from guide.bench.schema import MachineInfo
from guide.deploy.runner import with_noise_note
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.deploy.store import DeployStore
from guide.evidence.deployment import serving_fact
from guide.settings import REPO_ROOT


def served(tf_ms: float, torch_ms: float, load: float | None = None, cores: int = 2) -> DeployResult:
    def row(path: str, source: str, centre: float) -> DeployRow:
        return DeployRow(path=path, source=source, runtime="Starlette on uvicorn", ok=True, latency_ms=centre,
                         latency_samples_ms=[centre * (1 + 0.02 * ((i % 5) - 2)) for i in range(200)],
                         other_load_cores=load)
    return DeployResult(spec=DeploySpec(model="mlp", size="small", threads=1), rows=[
        row("http-savedmodel", "keras-tensorflow", tf_ms), row("http-pt2", "pytorch", torch_ms)],
        machine=MachineInfo(cpu_model="Test CPU", cpu_cores=cores, threads=1))


def test_the_one_busy_rule_leaves_the_free_cores_to_others():
    assert not is_busy(0.6, free_cores=1, margin_cores=0.25)  # the browser on the other core
    assert is_busy(1.8, free_cores=1, margin_cores=0.25)
    assert is_busy(0.6, free_cores=0, margin_cores=0.25)  # the run's own core was shared
    assert not is_busy(None, free_cores=0, margin_cores=0.25)


def test_a_check_on_a_busy_machine_is_flagged_and_moves_nothing():
    quiet = serving_fact(served(tf_ms=9.34, torch_ms=2.62))
    assert quiet.counts and quiet.value == "pytorch"
    busy = serving_fact(served(tf_ms=9.34, torch_ms=2.62, load=1.8))
    assert not busy.counts and "1.8 cores busy" in busy.reason and "does not count" in busy.reason
    beside = serving_fact(served(tf_ms=9.34, torch_ms=2.62, load=0.6))  # another core in use: no disturbance
    assert beside.counts


def test_rows_say_when_they_were_timed_on_a_busy_machine():
    row = served(1.0, 1.0, load=1.8).rows[0]
    noted = with_noise_note(row, threads=1)
    assert noted.noisy and "1.8 cores busy" in noted.noise_note
    assert not with_noise_note(served(1.0, 1.0, load=0.1).rows[0], threads=1).noisy


@pytest.mark.parametrize("bad", [{"latency_ms": -1.0}, {"latency_samples_ms": [1.0, float("nan")]},
                                 {"cpu_samples_ms": [float("inf")]}, {"other_load_cores": -0.5}])
def test_negative_or_non_finite_figures_are_refused(bad):
    with pytest.raises(ValidationError):
        DeployRow(path="onnx", source="pytorch", runtime="ONNX Runtime", ok=True, **bad)


def test_a_file_with_a_negative_figure_is_one_line_and_exit_2(tmp_path):
    check = json.loads(served(1.0, 2.0).model_dump_json())
    check["rows"][0]["latency_samples_ms"][3] = -0.5
    (tmp_path / "d.json").write_text(json.dumps(check))
    (tmp_path / "a.json").write_text(json.dumps({"deployment_target": ["cpu_server"]}))
    out = subprocess.run([sys.executable, "-m", "guide", "recommend", "--answers", str(tmp_path / "a.json"),
                          "--deploy", str(tmp_path / "d.json")], capture_output=True, text=True, cwd=REPO_ROOT)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "is not a deploy-check result" in out.stderr


def test_zero_samples_from_a_coarse_timer_load_and_are_never_compared():
    zeros = served(1.0, 2.0)
    zeros.rows[1].latency_samples_ms = [0.0] * 50  # onnx-web in Chromium, before it batched its samples
    fact = serving_fact(DeployResult.model_validate_json(zeros.model_dump_json()))
    assert not fact.counts and fact.reason.startswith("not compared")


def test_a_stored_check_this_version_cannot_read_is_passed_over(monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    store = DeployStore()
    kept = store.save(served(1.0, 2.0))
    newer = served(1.0, 2.0)
    store.save(newer)
    from sqlalchemy import update

    from guide.store.tables import deploy_results

    body = json.loads(newer.model_dump_json())
    body["rows"][0]["a_field_from_a_newer_version"] = 1
    with store.engine.begin() as conn:
        conn.execute(update(deploy_results).where(deploy_results.c.id == newer.id).values(body=json.dumps(body)))
    assert [c.id for c in store.recent()] == [kept] and store.get(newer.id) is None


def test_timed_runs_say_how_busy_the_machine_was():
    from guide.bench.worker.runtime import timed_runs

    out = timed_runs(lambda x: x * 2, np.ones((1, 8), dtype=np.float32), runs=200)
    assert out["other_load_cores"] is None or out["other_load_cores"] >= 0
    assert len(out["latency_samples_ms"]) == 200


def test_the_deployment_table_says_which_rows_ran_on_a_busy_machine_in_the_readers_language():
    from guide.reports.deploy_table import busy_lines
    from guide.text import use_lang

    busy = served(1.0, 2.0, load=1.8)
    assert len(busy_lines(busy)) == 2 and "1.8 cores busy" in busy_lines(busy)[0]
    assert busy_lines(served(1.0, 2.0, load=0.5)) == []
    use_lang("ko")
    try:
        assert "1.8개 분량" in busy_lines(busy)[0]
    finally:
        use_lang("en")
