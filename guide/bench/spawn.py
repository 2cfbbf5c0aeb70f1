"""Start one worker process, feed it its job, read its lines, enforce its timeout (after pyperf's _manager).

The worker gets a filtered environment: only what a measurement needs plus the thread budget, so a developer's
shell (a stray OMP_NUM_THREADS, CUDA_VISIBLE_DEVICES set for something else, a PYTHONPATH) does not leak into
one row and not the other. Its stderr goes to a file; the last meaningful line explains a crash.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from guide.bench.protocol import ResultLine, WorkerJob, parse_line
from guide.bench.schema import ProgressEvent
from guide.settings import REPO_ROOT

PASSED_THROUGH = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "KERAS_HOME",
    "CUDA_VISIBLE_DEVICES",
    "LD_LIBRARY_PATH",
    "NVIDIA_VISIBLE_DEVICES",
)
WORKER_MODULE = "guide.bench.worker"


@dataclass
class WorkerOutcome:
    result: ResultLine | None
    error: str | None
    wall_s: float
    stderr_tail: str = ""


def worker_env(
    backend: str, threads: int, keras_home: Path, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The whole environment of a worker: a few inherited variables, the thread budget, the backend."""
    base = dict(os.environ if base is None else base)
    env = {name: base[name] for name in PASSED_THROUGH if name in base}
    env.update({name: value for name, value in base.items() if name.startswith("GUIDE_")})
    env.setdefault("PATH", "/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    env.setdefault("KERAS_HOME", str(keras_home))
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
        env[name] = str(threads)
    env["TF_NUM_INTEROP_THREADS"] = "1"
    if threads == 1:  # XLA's CPU thread pool has no size knob besides this on/off switch
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    env.update(
        {
            "KERAS_BACKEND": backend,
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONHASHSEED": "0",
            "PYTHONUNBUFFERED": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
    )
    return env


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def stderr_tail(path: Path, limit: int = 3) -> str:
    """The last few non-log lines of a worker's stderr: usually the exception that killed it."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    noise = ("I0000", "W0000", "WARNING: All log messages", "E0000")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith(noise)]
    return " | ".join(lines[-limit:])[-600:]


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group: a worker's own children die too
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _read_lines(process, timeout_s: float, on_progress) -> tuple[ResultLine | None, str | None]:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + timeout_s
    result, error = None, None
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            _kill(process)
            return None, f"timed out after {timeout_s:g} s (the spec's timeout per worker)"
        if line is None:
            return result, error
        try:
            message = parse_line(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            error = f"worker sent a malformed result: {where}: {first['msg']}"
            continue
        if isinstance(message, ResultLine):
            result = message
        elif isinstance(message, ProgressEvent) and on_progress is not None:
            on_progress(message)


def run_worker(
    job: WorkerJob,
    env: dict[str, str],
    stderr_path: Path,
    timeout_s: float,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    module: str = WORKER_MODULE,
) -> WorkerOutcome:
    """Run one worker to completion (or kill it at timeout_s); never raises for a worker's failure."""
    start = time.monotonic()
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            cwd=REPO_ROOT,
            text=True,
            start_new_session=True,
        )
        try:
            process.stdin.write(job.model_dump_json())
            process.stdin.close()
        except BrokenPipeError:  # it died before reading its job; its exit status says the rest
            pass
        result, error = _read_lines(process, timeout_s, on_progress)
        if error is None or not error.startswith("timed out"):
            process.wait()
    wall_s = time.monotonic() - start
    tail = stderr_tail(stderr_path)
    if error is None and result is None:
        error = f"worker exited with status {process.returncode} and no result" + (
            f": {tail}" if tail else ""
        )
    return WorkerOutcome(result=result, error=error, wall_s=wall_s, stderr_tail=tail)
