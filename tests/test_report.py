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
