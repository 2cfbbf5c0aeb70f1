"""One judgement per number: the Recommendation page, the Markdown and HTML reports and the CLI show the same
verdict, with the same reason, for every measured fact of one stored result (the HTML report once called a
latency gap 'beyond noise' in its claims and 'within noise' beside its benchmarks)."""

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench.schema import BenchmarkResult
from guide.bench.store import ResultStore
from guide.evidence.claims import observation_text
from guide.evidence.measurements import fact_label, verdict_text
from guide.reports.html import to_html
from guide.reports.markdown import to_markdown
from guide.reports.model import build_report
from guide.text import literal

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "bench_result_mlp_small.json"
ANSWERS = {"use_case": "production", "deployment_target": ["cpu_server", "mobile"], "mobile_platform": "android",
           "scale": "cpu", "priorities": ["inference_latency", "energy"]}


@pytest.fixture(scope="module")
def stored():
    result = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    store = ResultStore()
    if store.get(result.id) is None:
        store.save(result)
    return result


def page_verdicts(result_id: str) -> dict[str, str]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in ANSWERS.items():
        at.query_params[key] = ",".join(value) if isinstance(value, list) else value
    at.query_params["bench"] = result_id
    at.run()
    at.switch_page("app_pages/recommendation.py").run()
    assert not at.exception, at.exception
    table = next(df.value for df in at.table if "counts?" in df.value.columns)
    return dict(zip(table["measured"], table["counts?"], strict=True))


def cli_json(tmp_path: Path) -> dict:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "guide", "recommend", "--answers", str(answers), "--bench",
                           str(FIXTURE), "--format", "json"], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout)


def test_page_reports_and_cli_show_one_verdict_per_fact(stored, tmp_path):
    report = build_report({k: tuple(v) if isinstance(v, list) else v for k, v in ANSWERS.items()}, stored)
    facts = report.recommendation.measurements
    assert any(f.counts for f in facts) and any(not f.counts for f in facts)  # both kinds are compared
    markdown, page = to_markdown(report), html.unescape(to_html(report))
    on_page = page_verdicts(stored.id)
    from_cli = {m["key"]: m for m in cli_json(tmp_path)["measurements"]}
    for fact in facts:
        verdict = verdict_text(fact)
        # The Markdown file escapes brackets (never ':', which only Streamlit reads as syntax)
        assert in_file(verdict) in markdown and verdict in page, fact.key
        assert on_page[fact_label(fact.key)] == verdict
        cli = from_cli[fact.key]
        assert (cli["counts"], cli["noisy"], cli["reason"]) == (fact.counts, not fact.counts, fact.reason)
    for verdict in report.verdicts:  # the claims section uses the same comparisons, in both reports
        for o in verdict.observations:
            assert in_file(observation_text(o)) in markdown and observation_text(o) in page


def test_a_claim_and_the_fact_on_the_same_rows_share_one_comparison(stored):
    """The training-speed claim and the training-speed fact compare the same native rows: one comparison, so
    the same reason, the same 'counts', and a claim that agrees exactly when the fact names PyTorch."""
    report = build_report({"deployment_target": ("cpu_server",)}, stored)
    speed = next(f for f in report.recommendation.measurements if f.key == "bench.train_speed_winner")
    claim = next(v for v in report.verdicts if v.claim.id == "small-models-train-faster-on-pytorch")
    [observed] = [o for o in claim.observations if o.size == stored.spec.size]
    assert observed.comparison.reason == speed.comparison.reason and observed.comparison.counts == speed.counts
    assert observed.agrees == ((speed.value == "pytorch") if speed.counts else None)


def in_file(text: str) -> str:
    """How a Markdown report file writes a text: literal(), without the colon escapes meant for Streamlit."""
    return literal(text).replace("\\:", ":")

