"""The CLI contract: python -m guide recommend / lint-rules, in English and Korean (--lang, GUIDE_LANG)."""

import json
import subprocess
import sys

import pytest

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


HANGUL = "[\uac00-\ud7a3]"


def _ranking(markdown: str) -> list[tuple[str, str]]:
    """(rank, score) of each row of the ranking table: the numbers, whatever the language."""
    return [(cells[1], cells[3]) for line in markdown.splitlines()
            if len(cells := [c.strip() for c in line.split("|")]) == 5 and cells[1].isdigit()]


def test_recommend_text_follows_lang_with_the_same_result(tmp_path, capsys):
    import re

    from guide.decision.rules import load_ruleset

    path = tmp_path / "a.json"
    path.write_text(json.dumps({"use_case": "production", "deployment_target": ["mobile"], "team_skills": ["python"]}))
    assert main(["recommend", "--answers", str(path), "--format", "json"]) == 0
    winner = json.loads(capsys.readouterr().out)["ranking"][0]["framework"]
    texts = {}
    for lang in ("en", "ko"):
        assert main(["recommend", "--answers", str(path), "--lang", lang, "--format", "text"]) == 0
        texts[lang] = capsys.readouterr().out
    en, ko = texts["en"], texts["ko"]
    assert _ranking(ko) == _ranking(en) and _ranking(en)
    label = load_ruleset().framework(winner).label
    assert en.startswith(f"# Framework recommendation: {label.en}") and ko.startswith(f"# 프레임워크 추천: {label.ko}")
    headings = [line for line in ko.splitlines() if line.startswith("#")]
    assert headings and all(re.search(HANGUL, h) for h in headings), headings
    why = ko[ko.index("## 추천 이유"):ko.index("## 결과를 바꿀 수 있는 응답")]
    items = [line for line in why.splitlines() if line.startswith("- ")]
    assert items and all(re.search(HANGUL, line) and "근거:" in line for line in items)
    assert "Evidence:" not in ko and "## Why" not in ko


def test_guide_lang_is_the_default_and_lang_wins(tmp_path, capsys, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text('{"use_case": "research"}')
    monkeypatch.setenv("GUIDE_LANG", "ko_KR.UTF-8")
    assert main(["recommend", "--answers", str(path)]) == 0
    assert "## 추천 이유" in capsys.readouterr().out
    assert main(["recommend", "--answers", str(path), "--lang", "en"]) == 0
    assert "## Why" in capsys.readouterr().out
    from guide.text import current_lang

    assert current_lang() == "en"  # main() gives the caller its language back


@pytest.fixture
def catalogue_copy(tmp_path, monkeypatch):
    """A copy of the text catalogues that the test may break; the shipped ones are reloaded afterwards."""
    import shutil

    import guide.catalogue

    copy = tmp_path / "i18n"
    shutil.copytree(guide.catalogue.CATALOGUE_DIR, copy)
    monkeypatch.setattr(guide.catalogue, "CATALOGUE_DIR", copy)
    guide.catalogue.catalogues.cache_clear()
    yield copy
    monkeypatch.undo()
    guide.catalogue.catalogues.cache_clear()


@pytest.mark.parametrize(("line", "replacement", "expected"), [
    ('sources: "출처"\n', "", "ERROR i18n/ko/about.yaml: 'about.sources' is missing (it is in en)"),
    ('counts: "규칙 {rules}개, 예시 {examples}개"', 'counts: "규칙 {rule}개, 예시 {examples}개"',
     "ERROR i18n/ko/cli.yaml: 'cli.lint.counts' has placeholders ['examples', 'rule'], English has "
     "['examples', 'rules']"),
])
def test_lint_rules_fails_on_a_broken_catalogue(catalogue_copy, capsys, line, replacement, expected):
    file = catalogue_copy / "ko" / expected.split("/")[2].split(":")[0]
    text = file.read_text(encoding="utf-8")
    assert line in text
    file.write_text(text.replace(line, replacement), encoding="utf-8")
    assert main(["lint-rules", "--no-sweep"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert expected in out and [x for x in out if x.startswith("ERROR")] == [expected]
    assert out[-1] == "FAILED: 1 problem(s)"
