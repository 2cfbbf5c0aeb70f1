"""Shared by the models tests: run a framework in a subprocess, never in the pytest process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from guide.bench.cpu import cpu_cores
from guide.bench.spawn import worker_env

ROOT = Path(__file__).resolve().parent.parent


def model_env(backend: str) -> dict[str, str]:
    """The benchmark workers' own environment (guide.bench.spawn.worker_env: the backend chosen before Keras is
    imported, the thread budget, a private KERAS_HOME), with every core this machine gives the tests."""
    keras_home = os.environ.get("KERAS_HOME") or tempfile.mkdtemp(prefix="keras-home-")
    return worker_env(backend, cpu_cores(), Path(keras_home))


def run_json_lines(args: list[str], backend: str, timeout: float = 300) -> list[dict]:
    """Run `python <args>` with the backend set; return its JSON stdout lines, failing loudly with stderr."""
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=model_env(backend), cwd=ROOT,
        timeout=timeout,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise AssertionError(f"no JSON from {args} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return rows
