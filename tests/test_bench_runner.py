"""The runner's process handling with a framework-free fake worker: a crash, a timeout and a missing backend
each fail their own row with a reason while the other rows still run; one process per row by default, one per
repeat when thorough (rows alternating); repeats merge, keeping per-repeat data; parity; caching.

Plus the real worker's own handling of an ImportError, with a shadowing stub package (no framework loads)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from guide.bench import merge, runner
from guide.bench.protocol import ResultLine, WorkerJob, WorkerOutcome
from guide.bench.schema import BenchmarkResult, BenchmarkSpec, RowResult
from guide.bench.spawn import worker_env
from guide.bench.store import ResultStore
from guide.settings import REPO_ROOT

FAKE = "tests.fake_worker"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def fake_run(monkeypatch, behaviours=None, **spec_fields):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps(behaviours or {}))
    spec = BenchmarkSpec(**{"size": "tiny", "steps": 10, "repeats": 1, **spec_fields})
    events = []
    result = runner.run_benchmark(spec, on_event=events.append, worker_module=FAKE, probe=False)
    return result, events


def test_crash_timeout_and_missing_backend_fail_only_their_rows(monkeypatch):
    real_installed = runner.backend_installed
    monkeypatch.setattr(runner, "backend_installed", lambda b: b != "jax" and real_installed(b))
    result, events = fake_run(
        monkeypatch, {"tensorflow/keras": "crash", "torch/native": "hang"},
        backends=["torch", "tensorflow", "jax"], native=True, timeout_s=2, repeats=2,
    )
    BenchmarkResult.model_validate_json(result.model_dump_json())
    rows = {row.label: row for row in result.rows}
    assert list(rows) == ["Keras 3 on torch", "Keras 3 on TensorFlow", "Keras 3 on JAX", "PyTorch, native",
                          "TensorFlow, native"]
    assert rows["Keras 3 on torch"].ok and rows["TensorFlow, native"].ok
    assert "exited with status 3" in rows["Keras 3 on TensorFlow"].error
    assert "crashing on purpose" in rows["Keras 3 on TensorFlow"].error  # the worker's stderr explains it
    assert "timed out after 2 s" in rows["PyTorch, native"].error
    assert "'jax' is not installed" in rows["Keras 3 on JAX"].error
    assert len(rows["Keras 3 on torch"].repeat_medians_ms) == 2  # both repeats, from its one process
    started = [(e.label, e.repeat) for e in events if e.kind == "row_started"]
    assert ("Keras 3 on JAX", 0) not in started
    finished = {e.label: e.message for e in events if e.kind == "row_finished"}
    assert "'jax' is not installed" in finished["Keras 3 on JAX"]  # the page's bar says why, too


def recorded(path):
    """(backend/api, repeats) per worker process the fake worker recorded, in start order."""
    lines = sorted(line.split() for line in path.read_text().splitlines())
    return [(fields[4], int(fields[5])) for fields in lines]


def test_thorough_repeats_alternate_rows_and_skip_a_failed_row(monkeypatch, tmp_path):
    record = tmp_path / "workers.txt"
    result, events = fake_run(monkeypatch, {"*": f"record:{record}", "torch/native": "crash"}, repeats=2,
                              native=True, backends=["torch"], thorough=True)
    order = [(e.label, e.repeat) for e in events if e.kind == "row_started"]
    assert order == [("Keras 3 on torch", 0), ("PyTorch, native", 0), ("Keras 3 on torch", 1)]
    assert recorded(record) == [("torch/keras", 1), ("torch/keras", 1)]  # a process per repeat
    assert len(result.row("torch").repeat_samples_ms["train_step"]) == 2


def test_default_runs_one_process_per_row_with_per_repeat_data(monkeypatch, tmp_path):
    record = tmp_path / "workers.txt"
    result, events = fake_run(monkeypatch, {"*": f"record:{record}"}, repeats=3, steps=7)
    assert recorded(record) == [("torch/keras", 3), ("tensorflow/keras", 3)]
    assert [e.label for e in events if e.kind == "row_started"] == ["Keras 3 on torch", "Keras 3 on TensorFlow"]
    row = result.row("torch")
    assert set(row.repeat_samples_ms) == {"train_step", "infer_batch_1", "infer_batch_256", "cpu_infer_batch_1"}
    assert all(len(lists) == 3 for lists in row.repeat_samples_ms.values())
    steps = row.repeat_samples_ms["train_step"]
    assert [len(s) for s in steps] == [7, 7, 7] and steps[0] != steps[1]  # each repeat's own samples, in ms
    assert min(min(s) for s in steps) > 1.9 and max(max(s) for s in steps) < 2.3
    assert row.repeat_values["startup_s"] == pytest.approx([0.025] * 3)  # import + build + first step
    assert len(set(row.repeat_values["cpu_ms_per_inference"])) == 3
    assert row.model_size_bytes == 1000  # saved once, after the last repeat


def test_long_repeats_are_capped_evenly():
    values = list(range(2500))
    capped = merge.evenly_spaced(values)
    assert len(capped) == merge.MAX_REPEAT_SAMPLES and capped[0] == 0 and capped[-1] >= 2490
    assert merge.evenly_spaced([1.0, 2.0]) == [1.0, 2.0]


def test_a_worker_failing_its_first_repeat_reports_that_reason(monkeypatch):
    result, events = fake_run(monkeypatch, {"torch/keras": "missing"}, repeats=3)
    assert result.row("torch").error == "backend 'torch' is not usable here: ImportError (fake)"
    assert result.row("tensorflow").ok and len(result.row("tensorflow").repeat_medians_ms) == 3


def test_malformed_result_line_is_a_clear_failure(monkeypatch):
    result, _ = fake_run(monkeypatch, {"torch/keras": "garbage"})
    row = result.row("torch")
    assert not row.ok and row.error.startswith("worker sent a malformed result: row.backend")
    assert result.row("tensorflow").ok


def test_merged_row_pools_samples_and_has_parity_and_flops(monkeypatch):
    result, _ = fake_run(monkeypatch, repeats=3, steps=8)
    row = result.row("torch")
    assert row.train_step_ms.n == 24 and len(row.train_step_samples_ms) == 24
    assert len(row.repeat_medians_ms) == 3
    assert 1.9 < row.train_step_ms.median < 2.3  # the fake's 2.0-2.2 ms steps
    assert row.parity.ok and row.parity.reference == "Keras 3 on torch"
    assert result.row("tensorflow").parity.max_abs_diff_pred == 0.0
    assert row.flops_train_step > 0 and row.achieved_gflops["train"] > 0


def test_stored_identical_run_is_reused_unless_rerun(monkeypatch, data_dir):
    store = ResultStore(f"sqlite:///{data_dir / 'r.sqlite'}")
    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    spec = BenchmarkSpec(size="tiny", steps=5, repeats=1, backends=["torch"])
    first = runner.run_benchmark(spec, store=store, worker_module=FAKE, probe=False)
    events = []
    again = runner.run_benchmark(spec, store=store, on_event=events.append, worker_module=FAKE, probe=False)
    assert again.id == first.id and events[0].kind == "cached"
    fresh = runner.run_benchmark(spec, store=store, reuse=False, worker_module=FAKE, probe=False)
    assert fresh.id != first.id and len(store.list()) == 2


def outcome(seconds, ok=True, predictions=None, loss=2.0):
    row = RowResult(backend="torch", ok=ok, error=None if ok else "bad")
    line = ResultLine(row=row, samples={"train_step": seconds}, predictions_path=predictions,
                      loss_after_first_step=loss)
    return WorkerOutcome(result=line, error=None, wall_s=1.0)


def test_disagreeing_repeats_flag_the_row_noisy():
    spec = BenchmarkSpec(batch_size=10)
    steady = merge.merge_repeats("torch", "keras", [outcome([0.010] * 5), outcome([0.0101] * 5)], spec)
    assert not steady.noisy and steady.samples_per_s.median == pytest.approx(1000, rel=0.01)
    drifting = merge.merge_repeats("torch", "keras", [outcome([0.010] * 5), outcome([0.013] * 5)], spec)
    assert drifting.noisy and "repeat medians differ by 26%" in drifting.noise_note


def test_a_failed_later_repeat_fails_the_row_and_says_which():
    spec = BenchmarkSpec()
    row = merge.merge_repeats("torch", "keras", [outcome([0.01]), outcome([0.01], ok=False)], spec)
    assert not row.ok and row.error == "repeat 2 of 2: bad"


def test_parity_detects_different_predictions(tmp_path):
    a, b = tmp_path / "a.npy", tmp_path / "b.npy"
    np.save(a, np.zeros((2, 3)))
    np.save(b, np.full((2, 3), 0.01))
    differs = merge.parity(str(b), 2.0, str(a), 2.0, "ref")
    assert not differs.ok and differs.max_abs_diff_pred == pytest.approx(0.01)
    loss_off = merge.parity(str(a), 2.5, str(a), 2.0, "ref")
    assert not loss_off.ok and loss_off.loss_diff_first_step == pytest.approx(0.5)


def test_worker_env_is_filtered_and_pins_threads(tmp_path):
    env = worker_env("torch", 3, tmp_path, base={"PATH": "/bin", "OMP_NUM_THREADS": "64", "SECRET": "x",
                                               "PYTHONPATH": "/elsewhere", "GUIDE_DATA_DIR": "/d"})
    assert "SECRET" not in env
    assert env["OMP_NUM_THREADS"] == "3" and env["TF_NUM_INTRAOP_THREADS"] == "3"
    assert env["KERAS_BACKEND"] == "torch" and env["PYTHONPATH"] == str(REPO_ROOT)
    assert env["GUIDE_DATA_DIR"] == "/d" and env["KERAS_HOME"] == str(tmp_path)


def test_real_worker_turns_an_import_error_into_a_failed_row(tmp_path):
    shadow = tmp_path / "shadow" / "jax"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('jaxlib is not installed (test stub)', name='jaxlib')\n")
    job = WorkerJob(spec=BenchmarkSpec(size="tiny", backends=["jax"]), backend="jax", api="keras",
                    weights_path="unused", data_path="unused", scratch_dir=str(tmp_path))
    env = worker_env("jax", 1, tmp_path)
    env["PYTHONPATH"] = f"{tmp_path / 'shadow'}:{REPO_ROOT}"
    done = subprocess.run([sys.executable, "-m", "guide.bench.worker.main"], input=job.model_dump_json(), env=env,
                          capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0]["event"] == "progress" and lines[-1]["event"] == "result"
    row = RowResult.model_validate(lines[-1]["row"])
    assert not row.ok and "'jax' is not usable here" in row.error and "jaxlib" in row.error


def test_busy_machine_raises_when_not_waiting(monkeypatch, data_dir):
    from guide.bench.lock import BenchLock, BenchmarkBusy

    with BenchLock(data_dir).hold(what="someone else"), pytest.raises(BenchmarkBusy, match="someone else"):
        runner.run_benchmark(BenchmarkSpec(size="tiny"), wait=False, worker_module=FAKE, probe=False)
    assert not list(Path(data_dir).glob("runs/*"))  # nothing was started


def test_probe_rides_on_the_first_worker_with_a_fallback(monkeypatch):
    monkeypatch.setenv("GUIDE_FAKE_WORKER", "{}")
    spec = BenchmarkSpec(size="tiny", steps=3, repeats=1)
    result = runner.run_benchmark(spec, worker_module=FAKE)
    assert (result.machine.probe_gflops, result.machine.probe_device) == (100.0, "cpu (fake probe)")
    monkeypatch.setattr(runner, "run_probe", lambda spec, run_dir, cancel=None: (42.0, "standalone"))
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({"torch/keras": "crash"}))
    assert runner.run_benchmark(spec, worker_module=FAKE).machine.probe_gflops == 100.0  # the next worker
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({"*": "crash"}))
    assert runner.run_benchmark(spec, worker_module=FAKE).machine.probe_gflops == 42.0  # on its own


def test_run_folder_keeps_logs_and_predictions_but_not_inputs(monkeypatch, data_dir):
    result, _ = fake_run(monkeypatch, {"tensorflow/keras": "crash"})
    run_dir = data_dir / "runs" / result.id
    assert not (run_dir / "weights.npz").exists() and not (run_dir / "data.npz").exists()
    assert "crashing on purpose" in (run_dir / "stderr_tensorflow_keras_r0.txt").read_text()
    assert (run_dir / "scratch" / "predictions_torch_keras_r0.npy").exists()
