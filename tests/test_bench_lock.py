"""One benchmark at a time per machine: two processes never measure at the same time, the second one waits
(and says so), a caller who will not wait gets BenchmarkBusy, and the holder (what runs, how far along, since
when) and queue are visible."""

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from guide.bench.lock import BenchLock, BenchmarkBusy
from guide.settings import REPO_ROOT

RUN_ONE = textwrap.dedent("""
    import sys
    from guide.bench.runner import run_benchmark
    from guide.bench.schema import BenchmarkSpec
    spec = BenchmarkSpec(size="tiny", steps=5, repeats=2, backends=["torch", "tensorflow"])
    run_benchmark(spec, on_event=lambda e: print(e.kind, e.message, flush=True),
                  worker_module="tests.fake_worker", probe=False)
""")


def test_two_concurrent_benchmarks_never_overlap(tmp_path):
    record = tmp_path / "workers.txt"
    env = {**os.environ, "GUIDE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO_ROOT),
           "GUIDE_FAKE_WORKER": json.dumps({"*": f"record:{record}"})}
    # Hold the lock until both runs queue behind it, so they surely contend (a fast first run could otherwise
    # finish before the second process has even started, on a busy machine).
    lock = BenchLock(tmp_path / "data")
    with lock.hold(what="test gate"):
        procs = [subprocess.Popen([sys.executable, "-c", RUN_ONE], env=env, stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
        deadline = time.monotonic() + 60
        while len(lock.waiting()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(lock.waiting()) == 2
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    spans: dict[str, list[float]] = {}
    for line in record.read_text().splitlines():
        start, end, scratch = line.split()[:3]
        span = spans.setdefault(scratch, [float(start), float(end)])
        span[0], span[1] = min(span[0], float(start)), max(span[1], float(end))
    assert len(spans) == 2 and len(record.read_text().splitlines()) == 4  # 2 runs x 2 rows, a process per row
    (a_start, a_end), (b_start, b_end) = sorted(spans.values())
    assert a_end <= b_start, f"benchmarks overlapped: {a_start}-{a_end} and {b_start}-{b_end}"
    assert any("waiting for another benchmark: test gate, started" in out for out in outputs)


def test_holder_and_queue_are_visible_and_no_wait_raises(tmp_path):
    lock = BenchLock(tmp_path)
    assert lock.holder() is None
    with lock.hold(what="mlp/tiny torch"):
        holder = lock.holder()
        assert holder.pid == os.getpid() and holder.what == "mlp/tiny torch"
        with pytest.raises(BenchmarkBusy, match="mlp/tiny torch, started 20"), lock.hold(wait=False):
            pass
        waiter = subprocess.Popen(
            [sys.executable, "-c", "from guide.bench.lock import BenchLock; import sys\n"
             f"with BenchLock({str(tmp_path)!r}, poll_s=0.05).hold(what='queued'): print('got it')"],
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not lock.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w.what for w in lock.waiting()] == ["queued"]
    assert waiter.communicate(timeout=30)[0].strip() == "got it"
    assert lock.holder() is None and lock.waiting() == []


def test_lock_of_a_dead_process_is_free(tmp_path):
    code = f"from guide.bench.lock import BenchLock\nBenchLock({str(tmp_path)!r}).hold().__enter__()\n"
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, check=True)
    assert BenchLock(tmp_path).holder() is None  # the kernel dropped the flock with the process


def test_holder_names_model_rows_progress_and_start_and_follows_updates(tmp_path):
    lock = BenchLock(tmp_path)
    with lock.hold(what="mlp/small torch", model="mlp/small", rows=["Keras 3 on torch", "PyTorch, native"]):
        first = lock.holder().describe()
        assert first.startswith("mlp/small (Keras 3 on torch, PyTorch, native): starting; started 20")
        lock.update(progress="row 2 of 2 (PyTorch, native: repeat 1 of 3: timed steps 20/40)", fraction=0.625)
        later = lock.holder()
        assert later.fraction == 0.625 and later.started_at in later.describe()
        assert "62% done, row 2 of 2 (PyTorch, native: repeat 1 of 3: timed steps 20/40)" in later.describe()
        lock.update(progress="row 1 of 2")  # shorter text over longer: the file still reads as one holder
        assert lock.holder().progress == "row 1 of 2"
        assert str(os.getpid()) not in lock.holder().describe()
    lock.update(progress="after release")  # not held: nothing to write
    assert lock.holder() is None


def test_runner_reports_progress_in_the_holder_file(tmp_path, monkeypatch):
    from guide.bench.runner import run_benchmark
    from guide.bench.schema import BenchmarkSpec

    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    seen = []

    def on_event(event):
        if event.kind in ("row_started", "row_finished"):
            seen.append(BenchLock(tmp_path / "data").holder().describe())

    spec = BenchmarkSpec(size="tiny", steps=3, repeats=2, backends=["torch", "tensorflow"])
    run_benchmark(spec, on_event=on_event, worker_module="tests.fake_worker", probe=False)
    assert seen[0].startswith("mlp/tiny (Keras 3 on torch, Keras 3 on TensorFlow): 0% done, row 1 of 2 (Keras 3 on")
    assert "row 2 of 2 (Keras 3 on TensorFlow" in seen[2]
    assert seen[-1].startswith("mlp/tiny (Keras 3 on torch, Keras 3 on TensorFlow): 100% done, all 2 rows measured")
