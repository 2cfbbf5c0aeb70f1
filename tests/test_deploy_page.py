"""The Deployment page through AppTest: empty store, and a stored check with a failed row whose error is shown
literally with what it means for a team. Running a real check is tests/test_deploy.py's job."""

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench.schema import MachineInfo
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.deploy.store import DeployStore
from guide.ui.deploy_jobs import deploy_registry

ROOT = Path(__file__).resolve().parent.parent


def open_page(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/deployment.py").run()
    return at


def test_an_empty_store_says_how_to_run_a_check(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path)
    assert not at.exception
    assert any("No deployment check yet" in i.value for i in at.info)


def test_a_stored_check_shows_its_rows_and_what_a_failure_means(monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    rows = [DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True, size_bytes=12_000,
                      latency_ms=0.01, latency_p95_ms=0.02, cpu_ms_per_inference=0.01, max_abs_diff=0.0,
                      dynamic_batch=True, peak_rss_mb=58),
            DeployRow(path="executorch-xnnpack", source="pytorch", runtime="ExecuTorch", ok=False, stage="run",
                      error="RuntimeError: [see](http://example.com) **0x12**", size_bytes=14_000)]
    DeployStore().save(DeployResult(spec=DeploySpec(model="cnn", size="tiny"), rows=rows,
                                    machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)))
    at = open_page(monkeypatch, tmp_path)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["from"]) == ["Keras 3 on TensorFlow", "PyTorch, native"]
    assert list(table["result"]) == ["ok", "failed at run"]
    [warning] = at.warning
    assert "Our export recipe failed here" in warning.value
    assert "\\[see\\]" in warning.value and "\\*\\*0x12\\*\\*" in warning.value  # shown literally, not as a link


def test_the_recommendation_page_offers_the_newest_check_of_the_matched_model_and_pins_it(monkeypatch, tmp_path):
    """A phone team is offered the newest check of its matched model; once taken, the recommendation reads its
    phone-path facts, names the rule that used them, and the link carries the check."""
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    rows = [DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True),
            DeployRow(path="executorch-xnnpack", source="pytorch", runtime="ExecuTorch", ok=False, stage="run",
                      error="RuntimeError: method->execute() failed with error 0x1")]
    check_id = DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="tiny"), rows=rows,
                                               machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)))
    DeployStore().save(DeployResult(spec=DeploySpec(model="cnn", size="tiny"), rows=rows,  # newer, other model
                                    machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"use_case": "mobile_edge", "deployment_target": "mobile", "data_modality": "tabular"})
    at.run()
    at.switch_page("app_pages/recommendation.py").run()
    assert not at.exception
    assert not any("Using deployment check" in c.value for c in at.caption)  # offered, never swapped in
    at.button(key="use_newer_check").click().run()
    assert not at.exception and at.query_params["deploy"] == check_id  # pinned, and in the link
    assert any("Using deployment check" in c.value for c in at.caption)
    table = at.table[0].value  # the measured facts: a static table, so its sentences wrap
    assert "works" in list(table["result"]) and "fails" in list(table["result"])
    assert not any("deployed.pytorch_phone_path_fails" in str(v) for v in table["added to the scores"])
    assert any("our export recipe failed" in str(v) for v in table["counts?"])  # shown, counting nothing
    steps = next(m.value for m in at.markdown if "LiteRT converter (.tflite)" in m.value)  # winner's deployment path
    assert "Checked here\\: litert from Keras 3 on TensorFlow runs this model" in steps  # shown literally
    at.button(key="open_check").click().run()  # opens the Deployment page on the check the lines came from
    assert not at.exception and at.selectbox(key="deploy_check_shown").value == check_id


def test_the_stored_check_draws_size_latency_and_parity_charts(monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    rows = [DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True, size_bytes=12_000,
                      latency_ms=0.01, latency_p95_ms=0.02, max_abs_diff=0.0, tolerance=1e-4),
            DeployRow(path="onnx", source="pytorch", runtime="ONNX Runtime", ok=True, size_bytes=14_000,
                      latency_ms=0.02, latency_p95_ms=0.03, max_abs_diff=3e-7, tolerance=1e-4),
            DeployRow(path="litert", source="keras-torch", runtime="LiteRT", ok=False, tried=False,
                      error="not available with these versions: litert-torch needs pydantic 2.11")]
    DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="tiny"), rows=rows,
                                    machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)))
    at = open_page(monkeypatch, tmp_path)
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    titles = [spec.get("title") or spec["layer"][0].get("title") for spec in specs]
    assert len(specs) == 3 and "What a team ships" in titles[0]
    assert list(at.dataframe[0].value["result"]) == ["ok", "ok", "not tried here"]
    assert not at.warning and "not available with these versions" in at.info[0].value  # said, not a failure


@pytest.mark.slow
def test_a_check_started_on_the_page_survives_a_reload_and_is_stored(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path)
    at.multiselect(key="deploy_targets").set_value(["litert"])
    at.number_input(key="deploy_runs").set_value(10)
    next(b for b in at.button if b.label == "Run the deployment check").click().run()
    assert not at.exception
    reloaded = open_page(monkeypatch, tmp_path)  # a new session: the check belongs to the server
    [job] = deploy_registry().running() or [deploy_registry().get(reloaded.session_state["deploy_follow"])]
    assert job.finished.wait(240) and job.snapshot().status == "done", job.snapshot().error
    reloaded.run()
    table = reloaded.dataframe[0].value
    assert list(table["path"]) == ["litert", "litert"] and list(table["result"]) == ["ok", "not tried here"]
    assert any("stored" in s.value for s in reloaded.success)


@pytest.mark.slow
def test_stop_kills_the_check_and_stores_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    job = deploy_registry().submit(DeploySpec(model="mlp", size="tiny", targets=("savedmodel",), runs=10))
    deadline = time.monotonic() + 60
    while not job.snapshot().step.startswith("exporting") and time.monotonic() < deadline:
        time.sleep(0.1)
    deploy_registry().stop(job.key)
    assert job.finished.wait(30)
    assert job.snapshot().status == "cancelled" and DeployStore().recent() == []


def test_a_shared_link_keeps_its_winner_when_a_newer_check_runs_on_the_server(monkeypatch, tmp_path):
    """The link names its check (deploy=): a check stored later is offered, never used, and a link without
    deploy= uses no check at all."""
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    machine = MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)
    answers = {"use_case": "production", "deployment_target": "cpu_server", "team_skills": "python"}
    from guide.decision.engine import recommend

    plain = recommend({"use_case": "production", "deployment_target": ("cpu_server",), "team_skills": ("python",)})
    tf_faster = [DeployRow(path="http-savedmodel", source="keras-tensorflow", runtime="SavedModel", ok=True,
                           latency_ms=1.0, latency_samples_ms=[1.0, 1.01, 0.99, 1.0, 1.02]),
                 DeployRow(path="http-pt2", source="pytorch", runtime=".pt2", ok=True, latency_ms=3.0,
                           latency_samples_ms=[3.0, 3.02, 2.98, 3.01, 3.0])]
    pinned = DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="small"), rows=tf_faster,
                                             machine=machine))

    def open_link(params):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update(params)
        at.run()
        at.switch_page("app_pages/recommendation.py").run()
        assert not at.exception
        return at

    before = open_link({**answers, "deploy": pinned})
    winner_before = before.title[0].value
    pt_faster = [r.model_copy(update={"latency_ms": 4.0 - r.latency_ms,
                                      "latency_samples_ms": [4.0 - x for x in r.latency_samples_ms]})
                 for r in tf_faster]
    DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="small"), rows=pt_faster, machine=machine))
    after = open_link({**answers, "deploy": pinned})
    assert after.title[0].value == winner_before and after.query_params["deploy"] == pinned
    assert after.button(key="use_newer_check")  # the newer check is offered
    bare = open_link(answers)
    assert plain.ranking[0].label.en in bare.title[0].value
    assert not any("Using deployment check" in c.value for c in bare.caption)

