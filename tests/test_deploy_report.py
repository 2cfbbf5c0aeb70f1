"""What a deployment check found, where a team reads its recommendation: each step of the deployment path
names its checks (a failed path with what ran instead), and the decision report gains a deployment section;
the page, Markdown, HTML and the CLI all show the same lines."""

import html
import json
import subprocess
import sys

from guide.decision.answers import parse_answers
from guide.decision.questions import load_questions
from guide.decision.rules import load_ruleset
from guide.deploy.schema import PATHS
from guide.reports.html import to_html
from guide.reports.markdown import to_markdown
from guide.reports.model import build_report
from guide.settings import REPO_ROOT
from guide.text import literal
from tests.test_deploy_facts import check

PHONE_TEAM = {"use_case": "mobile_edge", "deployment_target": ["mobile"]}


def phone_report(pytorch_ok: bool):
    answers, _ = parse_answers(PHONE_TEAM, load_questions())
    return build_report(answers, deployment=check(pytorch_ok))


def test_every_step_names_deployment_paths_that_exist():
    pairs = {(p.id, p.source) for p in PATHS}
    for rule in load_ruleset().rules:
        for step in rule.effects.deployment:
            unknown = [c for c in step.checks if tuple(c) not in pairs]
            assert not unknown, f"{rule.id}: {unknown} is not a deployment path (guide/deploy/schema.py PATHS)"


def test_a_failed_phone_path_shows_what_ran_instead_and_the_winner_step_links_its_check():
    report = phone_report(pytorch_ok=False)
    assert report.recommendation.winner == "tensorflow"
    view = report.view
    found = dict(zip(view.deployment, view.deployment_checks, strict=True))
    litert_step = next(lines for step, lines in found.items() if "LiteRT converter (.tflite)" in step)
    assert litert_step[0].startswith("Checked here: litert from Keras 3 on TensorFlow runs this model")
    pytorch_steps = report.recommendation.deployment_by_framework["pytorch"]
    failed = next(s for s in pytorch_steps if ("executorch-xnnpack", "pytorch") in s.checks)
    from guide.reports.deploy_steps import step_check_lines

    [line] = step_check_lines(failed.checks, report.deployment)
    assert "executorch-xnnpack from PyTorch, native failed at run: RuntimeError: method->execute() failed" in line
    assert line.endswith("Ran instead, to the same kind of target: litert from Keras 3 on TensorFlow.")


def test_both_reports_carry_the_deployment_section_and_the_step_lines():
    report = phone_report(pytorch_ok=False)
    markdown, page = to_markdown(report), html.unescape(to_html(report))
    step_line = report.view.deployment_checks[0][0]
    assert literal(step_line).replace("\\:", ":") in markdown and step_line in page
    assert "\\:" not in markdown  # a Markdown file needs no escaped colons (the page's Streamlit does)
    for text in (markdown, page):
        assert "Deployment checks" in text and "Our export recipe failed here" in text
    assert '<section id="deployment-checks">' in to_html(report)
    assert "deploy.phone_path_pytorch" in json.dumps([m.key for m in report.recommendation.measurements])


def test_the_report_cli_takes_a_deploy_check(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(PHONE_TEAM))
    (tmp_path / "d.json").write_text(check(pytorch_ok=False).model_dump_json())
    (tmp_path / "bad.json").write_bytes("{\"rows\": [".encode("utf-16"))
    base = [sys.executable, "-m", "guide", "report", "--answers", str(tmp_path / "a.json")]
    done = subprocess.run([*base, "--deploy", str(tmp_path / "d.json"), "--out", str(tmp_path / "r.md")],
                          capture_output=True, text=True, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert "## Deployment checks" in (tmp_path / "r.md").read_text() and "Failed here" not in done.stdout
    bad = subprocess.run([*base, "--deploy", str(tmp_path / "bad.json"), "--out", str(tmp_path / "r2.md")],
                         capture_output=True, text=True, cwd=REPO_ROOT)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and not (tmp_path / "r2.md").exists()
