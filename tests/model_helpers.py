"""Shared by the models tests: run a framework in a subprocess, never in the pytest process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_env(backend: str) -> dict[str, str]:
    """The parent's environment with the backend chosen before Keras is imported, quiet TF, private KERAS_HOME."""
    env = dict(os.environ)
    env["KERAS_BACKEND"] = backend
    env["KERAS_HOME"] = env.get("KERAS_HOME") or tempfile.mkdtemp(prefix="keras-home-")
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_json_lines(args: list[str], backend: str, timeout: float = 300) -> list[dict]:
    """Run `python <args>` with the backend set; return its JSON stdout lines, failing loudly with stderr."""
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=worker_env(backend), cwd=ROOT,
        timeout=timeout,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise AssertionError(f"no JSON from {args} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return rows
