"""Every page in Korean: with ?lang=ko each page renders, a scan of every rendered text finds no English beyond
product names (tests/i18n_scan.py) and no text of the English catalogue; the switch and the link keep the
language across pages; the same answers give the same winner and scores in both languages."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench.schema import BenchmarkResult, MachineInfo
from guide.bench.store import ResultStore
from guide.catalogue import catalogues
from guide.decision.answers import parse_answers
from guide.decision.questions import load_questions
from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
from guide.deploy.store import DeployStore
from guide.reports.json_export import recommendation_json
from guide.reports.model import build_report
from tests.i18n_scan import _texts_of, leftovers, open_in_korean

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["questionnaire", "recommendation", "rules", "benchmarks", "claims", "deployment", "about"]
RUNTIME_ERRORS = "RuntimeError: method->execute() failed with error 0x1"  # stored as the runtime said it
ANSWERS = {"use_case": "production", "deployment_target": "cpu_server,mobile", "data_modality": "tabular"}


@pytest.fixture
def stored(monkeypatch, tmp_path):
    """A benchmark and a deployment check with a failed and a not-tried row, so tables, charts and verdicts
    render on every page."""
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    bench = BenchmarkResult.model_validate_json((ROOT / "tests/data/bench_result_mlp_small.json").read_text())
    ResultStore().save(bench)
    rows = [DeployRow(path="litert", source="keras-tensorflow", runtime="LiteRT", ok=True, size_bytes=12_000,
                      latency_ms=0.01, latency_p95_ms=0.02, max_abs_diff=0.0, tolerance=1e-4),
            DeployRow(path="executorch-xnnpack", source="pytorch", runtime="ExecuTorch", ok=False, stage="run",
                      error=RUNTIME_ERRORS, size_bytes=14_000),
            DeployRow(path="coreml", source="pytorch", runtime="Core ML", ok=False, tried=False, stage="run",
                      error="converted; Core ML runs only on macOS, so it was not run here")]
    DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="small"), rows=rows,
                                    machine=MachineInfo(cpu_model="AMD EPYC 7B13", cpu_cores=2, threads=1)))
    return bench


def english_only_texts() -> list[str]:
    """English catalogue texts a Korean page must never show (long enough to be prose, and translated)."""
    en, ko = catalogues()["en"], catalogues()["ko"]
    return [text for key, text in en.items() if text != ko[key] and len(text) >= 16 and "{" not in text]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_korean_without_english(stored, page):
    at = open_in_korean(f"app_pages/{page}.py", {**ANSWERS, "bench": stored.id})
    assert not at.exception, at.exception
    assert leftovers(at, ignore=RUNTIME_ERRORS) == {}
    shown = "\n".join(_texts_of(at))
    assert not [text for text in english_only_texts() if text in shown]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in shown)


def test_the_switch_changes_the_language_and_the_link_keeps_it_across_pages():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert at.query_params["lang"] == "en" and at.sidebar.radio[0].value == "en"
    at.sidebar.radio[0].set_value("ko").run()
    assert at.query_params["lang"] == "ko" and any("\uac00" <= ch <= "\ud7a3" for ch in at.title[0].value)
    at.switch_page("app_pages/about.py").run()
    assert at.query_params["lang"] == "ko" and not at.exception
    at.sidebar.radio[0].set_value("en").run()
    assert at.query_params["lang"] == "en"


def test_a_bad_lang_in_a_link_is_dropped_with_the_other_tampered_parts():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"lang": "fr", "use_case": "research"})
    at.run()
    assert any("'lang'" in w.value and "fr" in w.value for w in at.warning)
    assert at.query_params["lang"] == "en" and at.query_params["use_case"] == "research"


def test_the_same_answers_give_the_same_winner_scores_and_trace_in_both_languages():
    answers, _ = parse_answers({"use_case": "production", "deployment_target": ["cpu_server"]}, load_questions())
    en, ko = (build_report(answers, lang=lang) for lang in ("en", "ko"))
    assert recommendation_json(en.recommendation)["ranking"] == recommendation_json(ko.recommendation)["ranking"]
    assert [t.rule_id for t in en.recommendation.trace] == [t.rule_id for t in ko.recommendation.trace]
    assert json.dumps([t.scores for t in en.recommendation.trace]) == json.dumps(
        [t.scores for t in ko.recommendation.trace])
