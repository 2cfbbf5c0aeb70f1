"""The benchmark matched to the answers."""

import pytest

from guide.evidence.matching import matched_benchmark


@pytest.mark.parametrize(("family", "model"), [("llm", "transformer"), ("vision", "cnn"), ("tabular", "mlp"),
                                               (None, "mlp")])
def test_model_family_picks_the_model(family, model):
    answers = {"model_family": family} if family else {}
    assert matched_benchmark(answers).spec.model == model


def test_targets_and_priorities_pick_the_focus_and_native_rows_are_in():
    m = matched_benchmark({"deployment_target": ("mobile",), "priorities": ("energy", "prototype_speed"),
                           "scale": "single_gpu"})
    assert m.focus == ("infer_latency", "cpu_per_inference", "startup", "throughput")
    assert m.spec.native and m.spec.backends == ["torch", "tensorflow"]


def test_quick_is_tiny():
    assert matched_benchmark({}, quick=True).spec.size == "tiny"
    assert matched_benchmark({}).focus == ("throughput",)


def test_every_id_the_matching_names_exists_in_the_questions(monkeypatch):
    from guide.decision.questions import load_questions
    from guide.evidence import matching

    assert matching.unknown_ids(load_questions()) == []
    monkeypatch.setitem(matching.FOCUS_WHEN, "startup", (("priorities", ("prototyping",)),))
    assert matching.unknown_ids(load_questions()) == ["'priorities' has no option 'prototyping'"]


def test_the_matched_deployment_check_follows_the_family_and_the_targets():
    from guide.deploy.schema import PATH_IDS
    from guide.evidence.matching import matched_deploy_spec

    phone = matched_deploy_spec({"model_family": "vision", "deployment_target": ("mobile",)})
    assert phone.model == "cnn" and set(phone.targets) == {"litert", "litert-int8", "executorch-xnnpack", "coreml"}
    serving = matched_deploy_spec({"deployment_target": ("cpu_server",)})
    assert serving.model == "mlp" and {"http-pt2", "http-savedmodel"} <= set(serving.targets)  # the serving fact
    assert matched_deploy_spec({}).targets == PATH_IDS == matched_deploy_spec({"deployment_target": ("none",)}).targets


def test_the_deployment_page_opens_on_the_matched_check(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from guide.settings import REPO_ROOT

    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"model_family": "vision", "deployment_target": "mobile"})
    at.run()
    at.switch_page("app_pages/deployment.py").run()
    assert not at.exception
    assert at.selectbox(key="deploy_model").value == "cnn" and at.selectbox(key="deploy_size").value == "small"
    assert "executorch-xnnpack" in at.multiselect(key="deploy_targets").value
