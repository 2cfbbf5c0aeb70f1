"""AppTest: every page runs; a questionnaire flow; shared links; uploads; no framework in the UI process."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.decision.engine import recommend

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py"))
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
TIMEOUT = 60


def app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_page(page: str, **params) -> AppTest:
    at = app(**params)
    at.run()
    at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info",
                                  "success", "error") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title, f"{page} shows no title"


def test_questionnaire_flow_reaches_an_explained_recommendation():
    at = app()
    at.run()
    at.radio(key="q_use_case").set_value("research").run()
    at.radio(key="q_model_family").set_value("llm").run()
    at.button(key="step_next").click().run()
    at.pills(key="q_deployment_target").set_value(["none"]).run()
    at.button(key="step_next").click().run()
    at.pills(key="q_team_skills").set_value(["python", "pytorch"]).run()
    at.button(key="step_back").click().run()
    assert at.pills(key="q_deployment_target").value == ["none"]  # back keeps answers
    at.button(key="step_next").click().run()
    at.button(key="see_recommendation").click().run()
    assert not at.exception
    assert at.title[0].value == "Recommendation: PyTorch"
    body = texts(at)
    for reason in ("Research & prototyping", "Language models", "Team knows PyTorch"):
        assert reason in body
    assert at.query_params["use_case"] == "research"


def test_shared_link_restores_the_same_recommendation():
    params = {"use_case": "production", "deployment_target": "mobile,browser", "team_skills": "python,mlops"}
    expected = recommend({"use_case": "production", "deployment_target": ("mobile", "browser"),
                          "team_skills": ("python", "mlops")})
    at = open_page("app_pages/recommendation.py", **params)
    assert not at.exception
    cards = [m.value for m in at.markdown if m.value.startswith("**")]
    winner = cards[0].strip("*")
    assert winner == expected.ranking[0].label.en == "TensorFlow"
    alternative = next(r for r in expected.ranking if r.framework == expected.alternative)
    assert cards[1].strip("*") == alternative.label.en  # Keras 3 is passed over for a TensorFlow winner


def test_tampered_link_keeps_good_answers_and_says_what_was_dropped():
    at = open_page("app_pages/recommendation.py", use_case="reserch", scale="tpu", evil="<script>")
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "did you mean 'research'" in warning and "unknown question 'evil'" in warning
    assert at.query_params.get("scale") == "tpu" and "use_case" not in at.query_params
    assert at.title[0].value == "Recommendation: JAX"


def test_a_crafted_link_cannot_put_a_link_inside_the_warning():
    at = open_page("app_pages/recommendation.py", use_case="[Re-login here](https://ev.il/x)", scale="tpu")
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "[Re-login here](https://ev.il/x)" not in warning
    # shown literally: brackets escaped, and a word joiner keeps GFM from linking the bare URL
    assert "\\[Re-login here\\](https\\:\u2060//ev.il/x)" in warning
    assert at.query_params.get("scale") == "tpu"


def test_a_one_answer_question_given_twice_says_so():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["use_case"] = ["research", "production"]
    at.query_params["scale"] = "cpu"
    at.run()
    warning = " ".join(w.value for w in at.warning)
    assert "takes one answer, but 2 were given" in warning and "did you mean" not in warning
    assert "use_case" not in at.query_params and at.query_params["scale"] == "cpu"


def test_a_tampered_benchmark_id_is_dropped_from_the_link():
    at = open_page("app_pages/recommendation.py", use_case="research", bench="../../etc/passwd")
    assert not at.exception
    assert "is not a benchmark or deployment-check id" in " ".join(w.value for w in at.warning)
    assert "bench" not in at.query_params and at.query_params["use_case"] == "research"


def test_a_tensorflow_winner_shows_a_real_alternative_not_keras_on_tensorflow():
    params = {"use_case": "production", "deployment_target": "browser", "team_skills": "tensorflow"}
    at = open_page("app_pages/recommendation.py", **params)
    cards = [m.value.strip("*") for m in at.markdown if m.value.startswith("**")]
    assert cards[:2] == ["TensorFlow", "PyTorch"]
    assert any("same stack, not an alternative" in c.value for c in at.caption)


def test_applying_a_counterfactual_changes_the_winner():
    at = open_page("app_pages/recommendation.py", use_case="production", deployment_target="mobile")
    before = at.title[0].value
    at.button(key="apply_cf_0").click().run()
    assert not at.exception and at.title[0].value != before
    assert any(i.value.startswith("Applied:") for i in at.info)
    at.button(key="undo_cf").click().run()
    assert at.title[0].value == before and at.query_params["deployment_target"] == "mobile"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{not json", "could not be read"), (b'{"use_case": "quantum"}', "unknown option 'quantum'"),
     (b" " * 1_100_000, "at most 1,048,576 bytes (1 MB)"), (b"", "the file is empty"),
     ('{"use_case": "research", "note": "팀"}'.encode("cp949"), "the file is not UTF-8"),
     ('{"use_case": "research"}'.encode("utf-16"), "the file is UTF-16, not UTF-8")],
)
def test_bad_uploads_give_a_message_and_keep_answers(content, message):
    at = open_page("app_pages/recommendation.py", scale="tpu")
    at.file_uploader(key="recommendation_upload").set_value(("answers.json", content, "application/json")).run()
    assert not at.exception
    assert message in texts(at)
    assert at.query_params.get("scale") == "tpu"


def test_good_upload_replaces_answers():
    at = open_page("app_pages/questionnaire.py")
    data = json.dumps({"use_case": "mobile_edge", "deployment_target": ["embedded"]}).encode()
    at.file_uploader(key="questionnaire_upload").set_value(("a.json", data, "application/json")).run()
    assert not at.exception and "Loaded 2 answers" in texts(at)
    assert at.query_params["use_case"] == "mobile_edge"


def test_what_if_moves_the_ranking():
    at = open_page("app_pages/rules.py", use_case="research")
    at.selectbox(key="whatif_question").set_value("use_case").run()
    at.selectbox(key="whatif_value_use_case").set_value("mobile_edge").run()
    assert not at.exception and "The winner would change" in texts(at)
    at.text_input(key="rule_search").set_value("litert").run()
    assert "rules shown" in texts(at)


def test_repeated_url_keys_are_all_kept():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["deployment_target"] = ["mobile", "browser"]
    at.run()
    assert at.query_params["deployment_target"] == "mobile,browser"


def test_upload_refreshes_the_questionnaire_widgets():
    at = open_page("app_pages/questionnaire.py", use_case="research")
    data = json.dumps({"use_case": "learning"}).encode()
    at.file_uploader(key="questionnaire_upload").set_value(("a.json", data, "application/json")).run()
    assert at.radio(key="q_use_case").value == "learning"


def test_shared_link_carries_the_benchmark_in_use():
    from guide.bench.store import ResultStore

    stored = ResultStore().import_json(Path(__file__).parent / "data" / "bench_result_mlp_small.json")
    at = open_page("app_pages/recommendation.py", use_case="production", deployment_target="cpu_server",
                   bench=stored.id)
    assert not at.exception
    assert any(f"Using benchmark {stored.id}" in c.value for c in at.caption)
    assert at.query_params["bench"] == stored.id and at.query_params["use_case"] == "production"
    assert not any("unknown question 'bench'" in w.value for w in at.warning)


def test_link_to_a_benchmark_not_stored_here_says_so():
    at = open_page("app_pages/recommendation.py", use_case="research", bench="nosuchrun123")
    assert not at.exception
    assert any("not stored on this machine" in w.value for w in at.warning)
    assert at.title[0].value == "Recommendation: PyTorch"

