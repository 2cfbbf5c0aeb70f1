"""`python -m guide.bench.worker.web`: run an exported ONNX model with onnxruntime-web (WASM backend) in real
headless Chromium, as a team shipping the model to the browser would. The model, its external weights and the
onnxruntime-web files are served from a localhost-only HTTP server; the timing runs inside the page.

Job on stdin and the one "ran" line on stdout: as guide.bench.worker.runtime. onnxruntime-web comes from the npm
project beside this file (installed by `make`, never fetched at run time); GUIDE_ORT_WEB_DIR points elsewhere.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from guide.bench.worker.runtime import run_job, summary

NPM_PROJECT = Path(__file__).resolve().parent / "ort_web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Chromium coarsens performance.now() (100 us measured without cross-origin isolation): a sample times enough
# back-to-back inferences to span this many timer steps, so rounding moves it by at most 1/20.
TIMER_STEPS_PER_SAMPLE = 20
RSS_EVERY_S = 0.05
WARM_UP_MS = 150


def dist_dir() -> Path:
    return Path(os.environ.get("GUIDE_ORT_WEB_DIR", NPM_PROJECT / "node_modules" / "onnxruntime-web" / "dist"))


def missing(dist: Path) -> str | None:
    """Why the browser path cannot start here, with the fix; None when everything is installed."""
    if not (dist / "ort.wasm.min.mjs").is_file():
        return (f"onnxruntime-web is not installed ({dist} has no ort.wasm.min.mjs): run `make test` or "
                f"`npm ci --ignore-scripts --prefix {NPM_PROJECT}` (needs node and npm)")
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` (.ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run `make test` (it is in requirements.txt)"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # Explicit types: the WASM binary must be application/wasm for streaming compilation.
    extensions_map = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".html": "text/html", "": "application/octet-stream"}

    def log_message(self, *args) -> None:  # stdout carries the result line; the access log is noise
        pass


@contextlib.contextmanager
def served(artifact: Path, dist: Path) -> Iterator[tuple[str, list[dict]]]:
    """The harness page's URL on 127.0.0.1 (a free port), and the model's external-data files for the session."""
    with tempfile.TemporaryDirectory(prefix="guide-ort-web-") as folder:
        root = Path(folder)
        shutil.copy(NPM_PROJECT / "harness.html", root)
        (root / "ort").symlink_to(dist.resolve(), target_is_directory=True)
        companions = [f for f in artifact.parent.glob(artifact.name + "*") if f.is_file()]
        for file in companions:
            shutil.copy(file, root / file.name)
        external = [{"path": f.name, "data": f.name} for f in companions if f.name != artifact.name]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/harness.html", external
        finally:
            server.shutdown()
            server.server_close()


class BrowserTree:
    """Chromium's processes (every descendant of this worker but Playwright's node driver), read from /proc."""

    def __init__(self) -> None:
        self.pids: list[int] = []
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()

    def refresh(self) -> None:
        """Find the processes again: Chromium starts helpers (network, storage) when it needs them."""
        parent: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if entry.name.isdigit():
                    parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        found, todo = [], [os.getpid()]
        while todo:
            of = todo.pop()
            children = [pid for pid, ppid in parent.items() if ppid == of]
            todo += children
            found += [pid for pid in children if not _comm(pid).startswith("node")]  # "node-MainThread"
        self.pids = found

    def cpu_s(self) -> float:
        """CPU seconds of every thread of the tree so far: schedstat counts in ns (stat's ticks are 10 ms)."""
        total = 0
        for pid in self.pids:
            with contextlib.suppress(OSError):
                for task in Path(f"/proc/{pid}/task").iterdir():
                    with contextlib.suppress(OSError, ValueError):
                        total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9

    def settle(self, limit_s: float = 5.0, window_s: float = 0.2) -> None:
        """Wait (at most limit_s) until the tree is nearly idle: Chromium's start-up work (~0.4 core-seconds in
        its first second, measured here) would otherwise count as CPU time of the first timed tenths."""
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            start = self.cpu_s()
            time.sleep(window_s)
            if self.cpu_s() - start < 0.05 * window_s:
                return

    def rss_mb(self) -> float:
        """Summed VmRSS: pages shared between Chromium's processes count once per process (an upper bound)."""
        total = 0
        for pid in self.pids:
            with contextlib.suppress(OSError, ValueError, StopIteration):
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
                total += int(next(line for line in lines if line.startswith("VmRSS:")).split()[1])
        self.peak_rss_mb = max(self.peak_rss_mb, total / 1024)
        return total / 1024

    @contextlib.contextmanager
    def sampling(self) -> Iterator[BrowserTree]:
        """Peak RSS is sampled every RSS_EVERY_S (a short peak between samples is missed)."""

        def sample() -> None:
            while not self._stop.wait(RSS_EVERY_S):
                self.rss_mb()

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self.rss_mb()


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def per_sample(page, x1: list, dims: list[int]) -> int:
    """Inferences per latency sample: enough to span TIMER_STEPS_PER_SAMPLE steps of the page's coarse clock.
    With more than one, a sample is a mean over back-to-back calls, so the p95 understates a single call's tail."""
    step = page.evaluate("harness.resolution()")
    # Warm-up for WARM_UP_MS, twice: V8 first runs WASM from its baseline compiler and recompiles hot functions
    # optimised in the background, so the first calls are slower (several times, here) and would mislead the estimate.
    page.evaluate("([d, s, ms]) => harness.warm(d, s, ms)", [x1, dims, WARM_UP_MS])
    per_call = WARM_UP_MS / page.evaluate("([d, s, ms]) => harness.warm(d, s, ms)", [x1, dims, WARM_UP_MS])
    return max(1, math.ceil(TIMER_STEPS_PER_SAMPLE * step / per_call))


def timed(page, tree: BrowserTree, x1: np.ndarray, runs: int) -> dict:
    """`runs` samples timed in the page, one page call per tenth, so the tree's CPU time is read per tenth: each
    call is outside the in-page timing, but its CPU cost (~1 ms measured here) counts in its tenth."""
    data, dims = x1.ravel().tolist(), list(x1.shape)
    k = per_sample(page, data, dims)
    print(f"onnx-web: {k} inference(s) per latency sample", file=sys.stderr)
    tree.refresh()
    tree.settle()
    times, cpu, chunk = [], [], max(1, runs // 10)
    for first in range(0, runs, chunk):
        n = min(chunk, runs - first)
        tree.refresh()
        cpu_start = tree.cpu_s()
        times += page.evaluate("([d, s, n, k]) => harness.timed(d, s, n, k)", [data, dims, n, k])
        cpu.append((tree.cpu_s() - cpu_start) * 1000 / (n * k))
    return summary(times, cpu)


def predict(page, x: np.ndarray) -> np.ndarray:
    out = page.evaluate("([d, s]) => harness.run(d, s)", [x.ravel().tolist(), list(x.shape)])
    return np.asarray(out["data"], dtype=np.float32).reshape(out["dims"])


def _dynamic_batch(page, x: np.ndarray) -> bool:
    try:
        return predict(page, x).shape[0] == x.shape[0]
    except Exception:  # noqa: BLE001 - a model that rejects another batch size is the finding itself
        return False


def measure(page, tree: BrowserTree, job: dict, out: dict, url: str, external: list[dict]) -> None:
    """Load the page and the session, time, compare: `out` filled stage by stage."""
    io = np.load(job["io"])
    x, reference = io["x"].astype(np.float32), io["reference"]
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.harnessReady === true")
    out["runtime_import_s"] += time.perf_counter() - start  # browser launch + page load with onnxruntime-web
    tree.refresh()  # the page may have moved to a renderer process of its own (site isolation)
    loaded = page.evaluate("([m, e]) => harness.load(m, e)", [Path(job["artifact"]).name, external])
    out["versions"]["onnxruntime-web"] = loaded["version"]
    out.update({"load_s": loaded["load_ms"] / 1000, "stage": "run"})
    out.update(timed(page, tree, x[:1], job["runs"]))
    diff = max(float(np.max(np.abs(predict(page, x[i:i + 1]) - reference[i:i + 1]))) for i in range(len(x)))
    out.update({"dynamic_batch": _dynamic_batch(page, x), "max_abs_diff": diff, "stage": "parity"})
    if not diff <= job["tolerance"]:
        raise AssertionError(f"outputs differ from the Keras model's by {diff:.3g} (tolerance {job['tolerance']:g})")
    out.update({"ok": True, "stage": None})


def check(job: dict, out: dict) -> None:
    """Fill `out` stage by stage, so a failure keeps what was measured before it and names its stage."""
    out.update({"stage": "load", "versions": {}})
    if (problem := missing(dist_dir())) is not None:
        raise RuntimeError(problem)
    from playwright.sync_api import sync_playwright

    timeout_ms = job["timeout_s"] * 1000
    with served(Path(job["artifact"]), dist_dir()) as (url, external), sync_playwright() as pw:
        start = time.perf_counter()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=timeout_ms)
        out["runtime_import_s"] = time.perf_counter() - start
        try:
            out["versions"]["chromium"] = browser.version
            page = browser.new_page()
            page.set_default_timeout(timeout_ms)
            tree = BrowserTree()
            tree.refresh()
            with tree.sampling():
                try:
                    measure(page, tree, job, out, url, external)
                finally:
                    out["peak_rss_mb"] = tree.peak_rss_mb
        finally:
            browser.close()


def main() -> int:
    return run_job(check, own_rss=False)  # the peak RSS is the browser's (check measures it), not this process's


if __name__ == "__main__":
    sys.exit(main())
