"""Benchmark runs belong to the server process: a reload keeps them, Stop ends them cleanly, and an identical
request joins the run in progress instead of measuring again.

Workers are tests.fake_worker held at a gate (tests/test_bench_jobs_worker.py): each run is certainly
still going while a test reloads or stops it, and finishes when the test opens the gate. An AppTest is one
browser session; a second AppTest on the same process is a reloaded tab (a fresh session, same server).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guide.bench.lock import BenchLock
from guide.bench.protocol import planned_rows
from guide.bench.schema import BenchmarkSpec, row_label
from guide.bench.store import ResultStore
from guide.ui.bench_run import busy_lines
from guide.ui.jobs import BenchJob, JobRegistry, use_registry
from tests.test_bench_jobs_worker import GATE_ENV, open_gate, starts

ROOT = Path(__file__).resolve().parent.parent
GATE_WORKER = "tests.test_bench_jobs_worker"
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
SPEC = BenchmarkSpec(model="mlp", size="tiny", steps=5, repeats=1, backends=["torch", "tensorflow"])
ROWS = sorted(f"{backend}/{api}" for backend, api in planned_rows(SPEC))


@pytest.fixture(autouse=True)
def jobs(tmp_path, monkeypatch):
    """A registry of its own per test, a fresh data folder and a closed gate; nothing left running after."""
    data = tmp_path / "data"
    monkeypatch.setenv("GUIDE_DATA_DIR", str(data))
    (tmp_path / "gate").mkdir()
    monkeypatch.setenv(GATE_ENV, str(tmp_path / "gate"))
    registry = JobRegistry(worker_module=GATE_WORKER, probe=False)
    previous = use_registry(registry)
    yield registry
    for job in registry.running():
        job.cancel.set()
    open_gate()
    assert all(job.finished.wait(30) for job in registry.running())
    use_registry(previous)


def wait_until(condition, what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {timeout_s:g} s"
        time.sleep(0.05)


def at_the_gate(count: int = 1) -> None:
    wait_until(lambda: len(starts()) >= count, f"{count} worker(s) started")


def finish(job: BenchJob) -> None:
    open_gate()
    assert job.finished.wait(60), "the job did not end within 60 s of opening the gate"


def only_running(registry: JobRegistry) -> BenchJob:
    running = registry.running()
    assert len(running) == 1, [j.spec for j in running]
    return running[0]


# --- the registry on its own -------------------------------------------------------------------------------------

def test_a_second_identical_request_joins_the_running_job_and_the_worker_runs_once_per_row(jobs):
    first = jobs.submit(SPEC)
    at_the_gate()
    joined = jobs.submit(BenchmarkSpec.model_validate_json(SPEC.model_dump_json()))  # equal, built apart
    assert joined is first and jobs.running() == [first]
    finish(first)
    done = first.snapshot()
    assert done.status == "done", done.error
    assert sorted(starts()) == ROWS  # one worker per row, not two
    stored = ResultStore().get(done.result_id)
    assert stored is not None and stored.spec.cache_key() == SPEC.cache_key()
    again = jobs.submit(SPEC)  # asked once more after it ended: the stored result, no new worker
    assert again.finished.wait(30) and again.snapshot().result_id == done.result_id
    assert sorted(starts()) == ROWS


def test_a_running_job_names_what_runs_and_how_far_without_a_process_id(jobs):
    job = jobs.submit(SPEC)
    at_the_gate()
    wait_until(lambda: "timed steps 1/5" in job.snapshot().rows[0].text, "showing the first timed step")
    snap = job.snapshot()
    assert snap.running and 0 < snap.fraction < 1
    line = snap.describe()
    assert line.startswith("mlp/tiny (Keras 3 on torch, Keras 3 on TensorFlow): ") and "started" in line
    assert "pid" not in line
    assert busy_lines() == [line]  # the holder in the lock file is this process: described once, from here
    finish(job)
    assert busy_lines() == []


def test_stop_kills_the_worker_and_leaves_no_run_folder_no_result_and_a_free_lock(jobs, tmp_path):
    job = jobs.submit(SPEC)
    at_the_gate()
    runs = tmp_path / "data" / "runs"
    assert any(runs.iterdir())  # the run folder exists while it runs
    assert jobs.stop(job.key)
    assert job.finished.wait(30)
    snap = job.snapshot()
    assert snap.status == "cancelled" and "nothing was stored" in snap.error
    assert not any(runs.iterdir())
    assert ResultStore().list() == []
    assert BenchLock(tmp_path / "data").holder() is None
    assert starts() == ["torch/keras"]  # the second row never started
    assert not jobs.stop(job.key)  # nothing left to stop


# --- through the pages -------------------------------------------------------------------------------------------

BENCH_PAGE, REC_PAGE = "app_pages/benchmarks.py", "app_pages/recommendation.py"


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest, *kinds: str) -> str:
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def set_tiny_run(at: AppTest) -> None:
    at.selectbox(key="bench_size").set_value("tiny")
    at.number_input(key="bench_steps").set_value(5)
    at.number_input(key="bench_repeats").set_value(1)
    at.checkbox(key="bench_native").set_value(False)


def test_a_reload_during_a_run_keeps_it_and_the_new_session_shows_its_progress_then_its_result(jobs):
    tab = open_page(BENCH_PAGE)
    set_tiny_run(tab)
    tab.button(key="bench_run").click().run()
    assert not tab.exception, tab.exception
    job = only_running(jobs)
    assert job.spec.cache_key() == SPEC.cache_key()
    at_the_gate()
    # The first session's script run has ended; the run goes on. A reloaded tab is a fresh session:
    reloaded = open_page(BENCH_PAGE)
    wait_until(lambda: "timed steps 1/5" in job.snapshot().rows[0].text, "showing the first timed step")
    reloaded.run()
    assert "A benchmark is running on this machine: mlp/tiny (Keras 3 on torch" in texts(reloaded, "warning")
    assert [s.label for s in reloaded.status] == ["Benchmark mlp/tiny: running"]
    bars = {bar.text for bar in reloaded.get("progress")}
    assert "Keras 3 on torch: repeat 1 of 1: timed steps 1/5" in bars
    finish(job)
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    result_id = job.snapshot().result_id
    assert reloaded.selectbox(key="bench_pick").value == result_id
    assert "Benchmark mlp/tiny done in" in texts(reloaded, "success")
    assert "A benchmark is running" not in texts(reloaded, "warning")  # the notice went with the run
    assert not reloaded.status
    assert sorted(starts()) == ROWS
    assert not set(FRAMEWORKS) & set(sys.modules), "a framework was imported into the Streamlit process"


def test_stop_on_the_page_cancels_the_run_and_the_page_says_so(jobs, tmp_path):
    at = open_page(BENCH_PAGE)
    set_tiny_run(at)
    at.button(key="bench_run").click().run()
    job = only_running(jobs)
    at_the_gate()
    at.button(key="bench_job_stop").click().run()
    assert not at.exception, at.exception
    assert job.finished.wait(30)
    at.run()
    assert job.snapshot().status == "cancelled"
    assert "Benchmark mlp/tiny cancelled" in texts(at, "info")
    assert not any((tmp_path / "data" / "runs").iterdir())
    assert ResultStore().list() == [] and "No benchmark stored yet" in texts(at, "info")
    assert not at.status and "A benchmark is running" not in texts(at, "warning")


def test_two_sessions_asking_for_the_matched_benchmark_share_one_run_and_both_use_its_result(jobs):
    first, second = open_page(REC_PAGE), open_page(REC_PAGE)
    first.button(key="run_matched_bench").click().run()
    job = only_running(jobs)
    at_the_gate()
    second.button(key="run_matched_bench").click().run()
    assert only_running(jobs) is job  # joined, not queued behind it
    finish(job)
    result_id = job.snapshot().result_id
    for tab in (first, second):
        tab.run()
        assert not tab.exception, tab.exception
        assert f"Using benchmark {result_id}" in texts(tab, "caption")
    assert sorted(starts()) == sorted(f"{b}/{a}" for b, a in planned_rows(job.spec))
    assert {row_label(b, a) for b, a in planned_rows(job.spec)} == {r.label for r in job.snapshot().rows}


def test_a_reloaded_recommendation_page_picks_up_the_matched_run_it_started(jobs):
    tab = open_page(REC_PAGE)
    tab.selectbox(key="match_size").set_value("tiny").run()
    tab.button(key="run_matched_bench").click().run()
    job = only_running(jobs)
    at_the_gate()
    reloaded = open_page(REC_PAGE)  # its "Adjust" widgets are back at their defaults: same benchmark all the same
    assert [s.label for s in reloaded.status] == ["Benchmark mlp/tiny: running"]
    finish(job)
    reloaded.run()
    assert f"Using benchmark {job.snapshot().result_id}" in texts(reloaded, "caption")


def test_a_run_held_by_another_process_is_named_on_the_page_and_the_notice_goes_when_it_ends(tmp_path):
    data = tmp_path / "data"
    holding = tmp_path / "holding"
    hold = ("import pathlib, sys, time\nfrom guide.bench.lock import BenchLock\n"
            "with BenchLock(pathlib.Path(sys.argv[1])).hold(model='cnn/small', rows=['Keras 3 on torch']):\n"
            "    pathlib.Path(sys.argv[2]).touch()\n    time.sleep(300)\n")
    cli = subprocess.Popen([sys.executable, "-c", hold, str(data), str(holding)], cwd=ROOT)
    try:
        wait_until(holding.exists, "holding the lock")
        at = open_page(BENCH_PAGE)
        notice = texts(at, "warning")
        assert "A benchmark is running on this machine: cnn/small (Keras 3 on torch)" in notice
        assert f"pid {cli.pid}" not in notice
    finally:
        cli.kill()
        cli.wait()
    at.run()
    assert "A benchmark is running" not in texts(at, "warning")
