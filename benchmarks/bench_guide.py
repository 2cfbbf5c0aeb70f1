"""Decision-guide performance: engine evaluation time, the lint sweep, each page's first render in a real
browser, and the Streamlit server's resident memory after every page ran.

    .venv/bin/python benchmarks/bench_guide.py [--evals 2000] [--no-browser]

Targets (issue 2): engine median < 1 ms; Streamlit RSS < 300 MB (holds only while no framework is imported).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.checks.sweep import sweep  # noqa: E402
from guide.decision.answers import parse_answers  # noqa: E402
from guide.decision.engine import evaluate  # noqa: E402
from guide.decision.questions import load_questions  # noqa: E402
from guide.decision.rules import load_ruleset  # noqa: E402

PAGES = ["", "recommendation", "rules", "about", "benchmarks", "claims"]


def random_answers(rng: random.Random, questions):
    raw = {}
    for q in questions.questions:
        if rng.random() < 0.8:
            raw[q.id] = rng.choice(q.option_ids) if q.kind == "one" else rng.sample(q.option_ids, rng.randint(1, 3))
    return parse_answers(raw, questions)[0]


def bench_engine(n: int) -> None:
    questions, ruleset = load_questions(), load_ruleset()
    rng = random.Random(0)
    samples = [random_answers(rng, questions) for _ in range(n)]
    evaluate(samples[0], ruleset, questions)  # compile once
    times = []
    for answers in samples:
        start = time.perf_counter()
        evaluate(answers, ruleset, questions)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"engine evaluate (with counterfactuals), {n} random answer sets: median {statistics.median(times):.3f} ms,"
          f" p95 {times[int(0.95 * n)]:.3f} ms, max {times[-1]:.3f} ms  (target: median < 1 ms)")


def bench_sweep() -> None:
    report = sweep(load_ruleset(), load_questions())
    print(f"lint sweep: {report.total:,} answer sets in {report.seconds:.1f} s, {report.ties} exact ties")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_browser() -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
                             "--server.fileWatcherType", "none"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        print(f"streamlit server RSS before any page: {rss_mb(proc.pid):.0f} MB")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            page = browser.new_page()
            for name in PAGES:
                start = time.perf_counter()
                page.goto(f"{url}/{name}?use_case=production&deployment_target=mobile")
                page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
                page.wait_for_selector("h1", timeout=60_000)
                print(f"first render /{name or '(questionnaire)'}: {(time.perf_counter() - start) * 1000:.0f} ms")
            browser.close()
        rss = rss_mb(proc.pid)
        verdict = "OK" if rss < 300 else "OVER TARGET"
        print(f"streamlit server RSS after every page ran: {rss:.0f} MB (target < 300 MB: {verdict})")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evals", type=int, default=2000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-sweep", action="store_true")
    args = parser.parse_args()
    bench_engine(args.evals)
    if not args.no_sweep:
        bench_sweep()
    if not args.no_browser:
        bench_browser()


if __name__ == "__main__":
    main()
