"""Does a page's rerun grow with history? The Recommendation and Claims pages rerun with 200 stored benchmark
results and 20 stored deployment checks (README: Measured). Run: .venv/bin/python benchmarks/page_history.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fill(results: int, checks: int) -> None:
    from guide.bench.schema import BenchmarkResult, MachineInfo
    from guide.bench.store import ResultStore
    from guide.deploy.schema import DeployResult, DeployRow, DeploySpec
    from guide.deploy.store import DeployStore

    base = BenchmarkResult.model_validate_json((ROOT / "tests/data/bench_result_mlp_small.json").read_text())
    store = ResultStore()
    for i in range(results):
        store.save(base.model_copy(update={"id": f"history-{i:03d}"}))
    rows = [DeployRow(path=p, source=s, runtime="r", ok=True, latency_ms=1.0 + i / 10,
                      latency_samples_ms=[1.0 + i / 10 + j / 1000 for j in range(200)])
            for i, (p, s) in enumerate((("http-savedmodel", "keras-tensorflow"), ("http-pt2", "pytorch")))]
    for _ in range(checks):
        DeployStore().save(DeployResult(spec=DeploySpec(model="mlp", size="small"), rows=rows,
                                        machine=MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=1)))


def reruns(page: str, params: dict, times: int = 8) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page(page).run()
    out = []
    for _ in range(times):
        start = time.perf_counter()
        at.run()
        out.append(time.perf_counter() - start)
    assert not at.exception, at.exception
    return out


def main() -> int:
    os.environ["GUIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="guide-history-")
    fill(200, 20)
    params = {"use_case": "production", "deployment_target": "cpu_server", "bench": "history-199"}
    for page in ("app_pages/recommendation.py", "app_pages/claims.py"):
        seconds = reruns(page, params)
        print(f"{page}: rerun median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms "
              "(200 results, 20 checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
