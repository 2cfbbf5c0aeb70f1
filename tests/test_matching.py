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
