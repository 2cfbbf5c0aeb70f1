"""The decision report renders from the CLI; the HTML, read by a real parser, has every section."""

import json
from html.parser import HTMLParser
from pathlib import Path

from guide.cli import main
from guide.reports.model import SECTIONS

FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"


class Sections(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.svgs, self.external = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.ids.append(attrs.get("id"))
        if tag == "svg":
            self.svgs += 1
        if tag in ("script", "img", "link") and (attrs.get("src") or attrs.get("href", "")).startswith("http"):
            self.external.append(tag)


def write_answers(tmp_path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"use_case": "production", "deployment_target": ["cpu_server"],
                                "priorities": ["inference_latency"], "scale": "cpu"}))
    return path


def test_html_report_has_every_section_and_inline_charts(tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--answers", str(write_answers(tmp_path)), "--bench", str(FIXTURE),
                 "--out", str(out)]) == 0
    parser = Sections()
    parser.feed(out.read_text(encoding="utf-8"))
    assert parser.ids == list(SECTIONS)
    assert parser.svgs >= 2 and parser.external == []  # self-contained: no network
    text = out.read_text(encoding="utf-8")
    assert "PyTorch, native" in text and "Keras 3 on torch" in text and "AMD EPYC" in text


def test_markdown_report_without_a_benchmark_says_so(tmp_path):
    out = tmp_path / "report.md"
    assert main(["report", "--answers", str(write_answers(tmp_path)), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for heading in ("## Answers", "## Why", "## What would change it", "## Benchmarks", "## Claims",
                    "## Machine and versions"):
        assert heading in text
    assert "stands on the rules alone" in text


def test_report_refuses_an_unknown_format(tmp_path, capsys):
    assert main(["report", "--answers", str(write_answers(tmp_path)), "--out", str(tmp_path / "r.pdf")]) == 2
    assert ".html or .md" in capsys.readouterr().err


def test_the_markdown_report_cites_sources_by_title_not_by_id():
    from guide.evidence.sources import load_sources
    from guide.reports.markdown import to_markdown
    from guide.reports.model import build_report

    text = to_markdown(build_report({"use_case": "mobile_edge", "deployment_target": ("mobile",),
                                     "priorities": ("energy",)}))
    why = text[text.index("## Why"):text.index("## What would change it")]
    assert "seed:" not in why and "fact:" not in why
    assert load_sources()["seed:3"].title in why


def test_page_markdown_and_html_render_the_one_view():
    """The why-list and the counterfactuals are sentences of guide.reports.view, rendered by every view."""
    import html as html_module

    from guide.decision.answers import parse_answers
    from guide.decision.questions import load_questions
    from guide.reports.html import to_html
    from guide.reports.markdown import to_markdown
    from guide.reports.model import build_report

    answers, _ = parse_answers({"use_case": "research", "deployment": ["mobile"]}, load_questions())
    report = build_report(answers)
    view = report.view
    assert view.why and view.changes
    markdown, page_html = to_markdown(report), html_module.unescape(to_html(report))
    for item in view.why:
        assert f"**{item.title}** ({item.deltas}): {item.rationale}" in markdown
        assert f"{item.title} ({item.deltas}): {item.rationale}" in page_html.replace("<strong>", "").replace(
            "</strong>", "")
    for change in view.changes:
        assert f"{change.text} ⇒ {change.winner}" in markdown
        assert change.text in page_html


def test_guide_lang_writes_the_report_in_korean(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_LANG", "ko")
    out, md = tmp_path / "r.html", tmp_path / "r.md"
    for path in (out, md):
        assert main(["report", "--answers", str(write_answers(tmp_path)), "--out", str(path)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "Noto Sans CJK KR" in page
    for heading in ("응답", "추천", "추천 이유", "결과를 바꿀 수 있는 응답", "벤치마크", "머신과 버전"):
        assert f"<h2>{heading}</h2>" in page and f"## {heading}" in md.read_text(encoding="utf-8")
    parser = Sections()
    parser.feed(page)
    assert parser.ids == list(SECTIONS)  # the section ids stay the same in every language
    assert main(["report", "--answers", str(write_answers(tmp_path)), "--out", str(out), "--lang", "en"]) == 0
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


def test_a_report_keeps_its_language_when_rendered_elsewhere():
    """The page builds the report in the reader's language; the download renders it later in another thread,
    whose language is the default (English): the report must still come out in the reader's language."""
    from concurrent.futures import ThreadPoolExecutor

    from guide.evidence.sources import load_sources
    from guide.reports.html import to_html
    from guide.reports.markdown import to_markdown
    from guide.reports.model import build_report

    report = build_report({"use_case": "mobile_edge", "deployment_target": ("mobile",), "priorities": ("energy",)},
                          lang="ko")
    with ThreadPoolExecutor(1) as pool:
        markdown, page = pool.submit(to_markdown, report).result(), pool.submit(to_html, report).result()
    assert markdown.startswith("# 프레임워크 추천:") and '<html lang="ko">' in page
    assert load_sources()["seed:3"].titles.ko in markdown  # the why-list cites sources by their Korean title
    assert to_markdown(build_report({"use_case": "research"})).startswith("# Framework recommendation:")


def test_a_report_names_one_run_throughout(monkeypatch, tmp_path):
    """Claims are judged on the report's own benchmark, never on a newer one stored beside it; the heading says
    how the repeats ran."""
    from guide.bench.schema import BenchmarkResult
    from guide.bench.store import ResultStore
    from guide.reports.markdown import to_markdown
    from guide.reports.model import build_report

    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path))
    pinned = BenchmarkResult.model_validate_json(FIXTURE.read_text())
    newer = pinned.model_copy(update={"id": "a-newer-run"})
    ResultStore().save(pinned)
    ResultStore().save(newer)
    report = build_report({"use_case": "production", "deployment_target": ["cpu_server"]}, pinned, lang="en")
    seen = {o.result_id for v in report.verdicts for o in v.observations}
    assert seen and seen <= {pinned.id}
    markdown = to_markdown(report)
    assert pinned.id in markdown and "a-newer-run" not in markdown
    assert f"Judged on this report's own run only ({pinned.id})" in markdown
    assert "alternating" not in markdown or pinned.spec.thorough
