"""Failures the benchmark harness used to swallow are now said: a probe that dies says why, a worker's garbled
protocol line is logged, and a thread pin that cannot be applied is reported."""

from __future__ import annotations

import logging
import os

from guide.bench import cpu
from guide.bench.protocol import WorkerProgress, parse_line
from guide.bench.spawn import run_probe_process, worker_env
from guide.settings import REPO_ROOT


def test_a_probe_that_cannot_start_says_why(tmp_path):
    shadow = tmp_path / "shadow" / "numpy"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('numpy is broken here (test stub)')\n")
    env = worker_env("torch", 1, tmp_path / "keras_home")
    env["PYTHONPATH"] = f"{tmp_path / 'shadow'}:{REPO_ROOT}"
    gflops, why = run_probe_process(1, env, 60, tmp_path / "stderr_probe.txt")
    assert gflops is None
    assert why.startswith("probe not measured:") and "numpy is broken here" in why


def test_framework_chatter_on_stdout_is_not_a_protocol_line(caplog):
    with caplog.at_level(logging.WARNING):
        assert parse_line("Epoch 1/1 loss 0.3") is None
        assert parse_line("{'python': 'dict repr'}") is None
    assert caplog.records == []


def test_a_garbled_or_malformed_protocol_line_is_logged(caplog):
    with caplog.at_level(logging.WARNING):
        assert parse_line('{"event": "progress", "backend": "torch", "api": "keras", "phase":') is None
        assert parse_line('{"event": "progress", "backend": "no-such-backend"}') is None
        assert parse_line('{"event": "finished"}') is None
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3
    assert "garbled" in messages[0] and "malformed progress" in messages[1] and "unknown event" in messages[2]


def test_a_valid_progress_line_still_parses():
    line = WorkerProgress(backend="torch", api="keras", repeat=0, phase="import").model_dump_json()
    assert isinstance(parse_line(line), WorkerProgress)


def test_a_thread_pin_that_fails_is_reported(monkeypatch):
    def refuse(pid, cores):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    assert cpu.pin_to_cores(1) == "not pinned to 1 core(s): Invalid argument (thread variables still apply)"


def test_the_worker_environment_carries_the_one_thread_budget(tmp_path):
    env = worker_env("jax", 1, tmp_path)
    assert {k: env[k] for k in cpu.thread_variables(1)} == cpu.thread_variables(1)
    assert env["KERAS_BACKEND"] == "jax" and "XLA_FLAGS" in env
