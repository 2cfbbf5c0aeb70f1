"""Korean in a real browser: a shared ?lang=ko link opens in Korean, the sidebar switch goes to English and
back (a screenshot of each is kept under the test's tmp dir), Hangul is drawn with a real font (not tofu
boxes), and the HTML report in Korean draws Hangul in its SVG charts."""

import re
from html.parser import HTMLParser

import pytest

from guide.decision.answers import parse_answers
from guide.decision.questions import load_questions
from guide.reports.html import to_html
from guide.reports.model import build_report
from tests.test_browser import page, server, wait_idle  # noqa: F401 - the fixtures of the browser tests
from tests.test_browser import pytestmark as browser_marks

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Draws one character on a canvas and returns its pixels: Hangul drawn by a real font differs from the box a
# browser draws for a character no font has (U+0378 is unassigned, so it is always that box).
GLYPH_PIXELS = """ch => { const c = document.createElement('canvas'); c.width = c.height = 40;
  const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32);
  return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); }"""

pytestmark = browser_marks  # the browser mark, and the skip where Chromium is missing


def hangul_has_a_font(page) -> bool:  # noqa: F811
    return page.evaluate(GLYPH_PIXELS, "한") != page.evaluate(GLYPH_PIXELS, "\u0378")


def switch_to(page, name: str, lang: str) -> None:  # noqa: F811
    page.locator("[data-testid='stSidebar']").get_by_text(name, exact=True).click()
    page.wait_for_url(f"**lang={lang}**", timeout=30_000)
    wait_idle(page)


def test_a_shared_korean_link_opens_in_korean_and_switches_to_english_and_back(server, page, tmp_path):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{server.url}/recommendation?lang=ko&use_case=research&model_family=llm")
    page.wait_for_selector("h1:has-text('추천 결과: PyTorch')", timeout=30_000)
    wait_idle(page)
    body = page.inner_text("body")
    assert len(HANGUL.findall(body)) > 200 and "What would change it" not in body
    assert hangul_has_a_font(page), "no font draws Hangul: install fonts-noto-cjk"
    shared = page.inner_text("[data-testid='stCode']")  # a whole link someone can paste and open
    assert shared.startswith(f"{server.url}/recommendation?") and "lang=ko" in shared
    page.screenshot(path=str(tmp_path / "recommendation-ko.png"), full_page=True)
    switch_to(page, "English", "en")
    page.wait_for_selector("h1:has-text('Recommendation: PyTorch')", timeout=30_000)
    assert "What would change it" in page.inner_text("body") and "use_case=research" in page.url
    page.screenshot(path=str(tmp_path / "recommendation-en.png"), full_page=True)
    switch_to(page, "한국어", "ko")
    page.wait_for_selector("h1:has-text('추천 결과: PyTorch')", timeout=30_000)
    page.screenshot(path=str(tmp_path / "recommendation-ko-again.png"), full_page=True)
    assert all((tmp_path / f).stat().st_size > 10_000 for f in
               ("recommendation-ko.png", "recommendation-en.png", "recommendation-ko-again.png"))


class SvgText(HTMLParser):
    """The text nodes inside <svg> elements."""

    def __init__(self):
        super().__init__()
        self.depth, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "svg"

    def handle_endtag(self, tag):
        self.depth -= tag == "svg"

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(data.strip())


@pytest.mark.slow
def test_the_korean_html_report_draws_hangul_in_its_charts(page, tmp_path):  # noqa: F811
    answers, _ = parse_answers({"use_case": "production", "deployment_target": ["cpu_server"]}, load_questions())
    report = to_html(build_report(answers, lang="ko"))
    parser = SvgText()
    parser.feed(report)
    assert any(HANGUL.search(text) for text in parser.texts), parser.texts[:20]
    assert '<html lang="ko">' in report
    (tmp_path / "report-ko.html").write_text(report, encoding="utf-8")
    page.goto((tmp_path / "report-ko.html").as_uri())
    assert hangul_has_a_font(page)
    page.screenshot(path=str(tmp_path / "report-ko.png"), full_page=True)
