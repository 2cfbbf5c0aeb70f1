"""One end-to-end test in a real browser: headless Debian Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM),
                       reason="Debian chromium is not installed (.ci/run installs it)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy: " + proc.stderr.read().decode()[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)


def test_answer_in_the_browser_and_see_the_recommendation(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # fresh temporary profile
        page = browser.new_page()
        # A shared link is the fresh server's very first request: app.py must still route it (sections, titles).
        page.goto(f"{server}/recommendation?use_case=research&model_family=llm")
        page.wait_for_selector("h1:has-text('Recommendation: PyTorch')", timeout=30_000)
        wait_idle(page)
        nav = page.inner_text("[data-testid='stSidebarNav']")
        assert "Decide" in nav and "Questionnaire" in nav and "app" not in nav.split()
        page.goto(server)
        wait_idle(page)
        page.get_by_text("Research & prototyping", exact=True).click()  # answers from the link were kept
        wait_idle(page)
        page.get_by_text("Language models / Transformers", exact=True).click()
        wait_idle(page)
        page.wait_for_url("**use_case=research**", timeout=30_000)  # the answers live in the URL
        # After each click wait for what it must show: "idle" alone can be seen before the rerun even starts.
        page.get_by_role("button", name="Next →").click()
        page.get_by_role("heading", name="Where it will run").wait_for(timeout=30_000)
        wait_idle(page)
        page.get_by_role("button", name="Next →").click()
        page.get_by_role("heading", name="Your team and priorities").wait_for(timeout=30_000)
        wait_idle(page)
        page.get_by_role("button", name="See the recommendation →").click()
        page.wait_for_selector("h1:has-text('Recommendation: PyTorch')", timeout=30_000)
        wait_idle(page)
        body = page.inner_text("body")
        assert "Research & prototyping" in body and "What would change it" in body
        page.screenshot(path=str(Path(tempfile.gettempdir()) / "guide-recommendation.png"), full_page=True)
        browser.close()
