"""One benchmark at a time per machine: two processes never measure at the same time, the second one waits
(and says so), a caller who will not wait gets BenchmarkBusy, and the holder and queue are visible."""

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
                  worker_module="guide.bench.fake_worker", probe=False)
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
        start, end, scratch = line.split()
        span = spans.setdefault(scratch, [float(start), float(end)])
        span[0], span[1] = min(span[0], float(start)), max(span[1], float(end))
    assert len(spans) == 2 and len(record.read_text().splitlines()) == 8  # 2 runs x 2 rows x 2 repeats
    (a_start, a_end), (b_start, b_end) = sorted(spans.values())
    assert a_end <= b_start, f"benchmarks overlapped: {a_start}-{a_end} and {b_start}-{b_end}"
    assert any("waiting for another benchmark: started by pid" in out for out in outputs)


def test_holder_and_queue_are_visible_and_no_wait_raises(tmp_path):
    lock = BenchLock(tmp_path)
    assert lock.holder() is None
    with lock.hold(what="mlp/tiny torch"):
        holder = lock.holder()
        assert holder.pid == os.getpid() and holder.what == "mlp/tiny torch"
        with pytest.raises(BenchmarkBusy, match=f"started by pid {os.getpid()}"), lock.hold(wait=False):
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
