"""Cancelling a run: the worker's process group dies at once (mid-row), no further row starts, the run folder is
gone, nothing is stored, the lock is free, a "cancelled" event is emitted, BenchmarkCancelled is raised, and
the next run works. A run still waiting for the machine can be cancelled too."""

import json
import os
import threading

import pytest

from guide.bench import runner
from guide.bench.lock import BenchLock
from guide.bench.runner import BenchmarkCancelled
from guide.bench.schema import BenchmarkSpec
from guide.bench.store import ResultStore

FAKE = "tests.fake_worker"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("thorough", [False, True])
def test_cancel_kills_the_worker_and_leaves_nothing(monkeypatch, data_dir, thorough):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({"*": "slow"}))
    store = ResultStore(f"sqlite:///{data_dir.parent / 'results.sqlite'}")
    cancel, events, pids = threading.Event(), [], []

    def on_event(event):
        events.append(event)
        if event.kind == "progress" and event.phase == "train" and not cancel.is_set():
            pids.append(int(event.message.removeprefix("pid ")))  # the slow fake worker names its process
            cancel.set()  # from the runner's own thread: what a Stop button's thread does, sooner

    spec = BenchmarkSpec(size="tiny", steps=5, repeats=2, thorough=thorough)
    with pytest.raises(BenchmarkCancelled):
        runner.run_benchmark(spec, on_event=on_event, store=store, worker_module=FAKE, probe=False, cancel=cancel)
    assert pids and not pid_alive(pids[0]), "the worker outlived the cancel"
    kinds = [e.kind for e in events]
    assert kinds[-1] == "cancelled" and "finished" not in kinds and "row_finished" not in kinds
    assert not any(e.phase == "evaluate" for e in events), "the row ran to its end before the kill"
    assert [e.label for e in events if e.kind == "row_started"] == ["Keras 3 on torch"]  # no further row
    assert not list((data_dir / "runs").iterdir())
    assert store.list() == [] and BenchLock(data_dir).holder() is None

    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    after = runner.run_benchmark(spec, store=store, worker_module=FAKE, probe=False, cancel=threading.Event())
    assert all(row.ok for row in after.rows) and [r.id for r in store.list()] == [after.id]


def test_cancel_from_another_thread_while_waiting_for_the_machine(monkeypatch, data_dir):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    cancel, waiting, outcome = threading.Event(), threading.Event(), []

    def on_event(event):
        if event.kind == "waiting":
            waiting.set()

    def run():
        try:
            runner.run_benchmark(BenchmarkSpec(size="tiny", steps=2, repeats=1), on_event=on_event,
                                 worker_module=FAKE, probe=False, cancel=cancel)
        except BenchmarkCancelled as exc:
            outcome.append(exc)

    with BenchLock(data_dir).hold(what="someone else"):
        thread = threading.Thread(target=run)
        thread.start()
        assert waiting.wait(30)
        cancel.set()
        thread.join(30)
        assert not thread.is_alive() and isinstance(outcome[0], BenchmarkCancelled)
    assert not (data_dir / "runs").exists() or not list((data_dir / "runs").iterdir())
    assert BenchLock(data_dir).waiting() == []


def test_cancel_after_the_last_worker_still_keeps_nothing(monkeypatch, data_dir):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    store = ResultStore(f"sqlite:///{data_dir.parent / 'results.sqlite'}")
    cancel = threading.Event()

    def on_event(event):
        if event.kind == "row_finished" and event.label == "Keras 3 on TensorFlow":
            cancel.set()

    with pytest.raises(BenchmarkCancelled):
        runner.run_benchmark(BenchmarkSpec(size="tiny", steps=2, repeats=1), on_event=on_event, store=store,
                             worker_module=FAKE, probe=False, cancel=cancel)
    assert not list((data_dir / "runs").iterdir()) and store.list() == []


def test_benchmark_cancelled_is_a_runtime_error():
    assert issubclass(BenchmarkCancelled, RuntimeError)
