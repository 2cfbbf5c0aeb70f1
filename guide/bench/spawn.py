"""Start one worker process, feed it its job, read its lines, enforce its timeout (after pyperf's _manager).

The worker gets a filtered environment: only what a measurement needs plus the thread budget, so a developer's
shell (a stray OMP_NUM_THREADS, CUDA_VISIBLE_DEVICES set for something else, a PYTHONPATH) does not leak into
one row and not the other. Its stderr goes to a file; the last meaningful line explains a crash. A worker runs
in a process group of its own: a timeout, a cancel event or the runner's own death (Ctrl-C) kills the group, so
no orphaned worker keeps measuring.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from guide.bench.cpu import thread_variables
from guide.bench.protocol import ResultLine, WorkerJob, WorkerOutcome, WorkerProgress, parse_line
from guide.errors import first_problem
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
WORKER_MODULE = "guide.bench.worker.main"
CANCEL_POLL_S = 0.1  # how soon a set cancel event kills the worker
LINE_SEEN, REPEAT_DONE, ALL_DONE = 0, 1, 2  # what a line meant, for read_until_exit


@dataclass
class WorkerRun:
    """One worker process: the result lines it wrote (one per repeat), and how it ended."""

    results: list[ResultLine]
    error: str | None
    wall_s: float
    stderr_tail: str = ""
    cancelled: bool = False
    result_walls: list[float] = field(default_factory=list)  # seconds up to each result, from the previous one

    def outcomes(self, repeats: range) -> list[WorkerOutcome]:
        """Per repeat: its result, or the process's error for a repeat that wrote none (crash, timeout...)."""
        by_repeat = {r.repeat: (r, wall) for r, wall in zip(self.results, self.result_walls, strict=True)}
        tail_s = self.wall_s - sum(self.result_walls)  # after the last result: stopping the process
        out = []
        for index, repeat in enumerate(repeats):
            result, wall = by_repeat.get(repeat, (None, 0.0))
            wall += tail_s if index == len(repeats) - 1 else 0.0
            error = None if result is not None else (self.error or "worker wrote no result for this repeat")
            out.append(WorkerOutcome(result=result, error=error, wall_s=wall, stderr_tail=self.stderr_tail))
        return out


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
    env.update(thread_variables(threads))
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


def read_until_exit(
    process: subprocess.Popen, timeout_s: float, on_line: Callable[[str], int], cancel: threading.Event | None
) -> str | None:
    """Feed each stdout line to on_line until the process closes stdout or on_line returns ALL_DONE; None, or
    why it was killed ("timeout" / "cancelled"). REPEAT_DONE restarts the timeout: timeout_s bounds each
    repeat's work, however many repeats the process runs. After ALL_DONE the process is killed at once: what
    is left is only the interpreter's shutdown (about a second with a framework loaded), which measures nothing."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if cancel is not None and cancel.is_set():
                _kill(process)
                return "cancelled"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                _kill(process)
                return "timeout"
            try:
                line = lines.get(timeout=min(remaining, CANCEL_POLL_S))
            except queue.Empty:
                continue
            if line is None:
                return None
            meaning = on_line(line)
            if meaning == ALL_DONE:
                _kill(process)
                return None
            if meaning == REPEAT_DONE:
                deadline = time.monotonic() + timeout_s
    except BaseException:  # Ctrl-C or a failing callback: never leave the worker running on its own
        _kill(process)
        raise


class _Collector:
    """Turns a worker's lines into results, progress callbacks and the first protocol error."""

    def __init__(self, on_progress: Callable[[WorkerProgress], None] | None, expected: int):
        self.on_progress, self.expected = on_progress, expected
        self.results: list[ResultLine] = []
        self.result_walls: list[float] = []
        self.error: str | None = None
        self._last = time.monotonic()

    def __call__(self, line: str) -> int:
        try:
            message = parse_line(line)
        except ValidationError as exc:
            self.error = self.error or f"worker sent a malformed result: {first_problem(exc)}"
            return REPEAT_DONE
        if isinstance(message, ResultLine):
            now = time.monotonic()
            self.results.append(message)
            self.result_walls.append(now - self._last)
            self._last = now
            # A failed repeat is the process's last word (the worker stops there), like the last repeat's result.
            return ALL_DONE if len(self.results) >= self.expected or not message.row.ok else REPEAT_DONE
        if isinstance(message, WorkerProgress) and self.on_progress is not None:
            self.on_progress(message)
        return LINE_SEEN


def start_process(argv: list[str], env: dict[str, str], stderr, stdin_text: str) -> subprocess.Popen:
    """A child in a new session (its own process group), with its input written and closed."""
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env,
                               cwd=REPO_ROOT, text=True, start_new_session=True)
    try:
        process.stdin.write(stdin_text)
        process.stdin.close()
    except BrokenPipeError:  # it died before reading its job; its exit status says the rest
        pass
    return process


def run_worker(
    job: WorkerJob,
    env: dict[str, str],
    stderr_path: Path,
    timeout_s: float,
    on_progress: Callable[[WorkerProgress], None] | None = None,
    module: str = WORKER_MODULE,
    cancel: threading.Event | None = None,
) -> WorkerRun:
    """Run one worker to completion (or kill it at timeout or cancel); never raises for a worker's failure."""
    start = time.monotonic()
    collect = _Collector(on_progress, job.repeat_count)
    with open(stderr_path, "wb") as stderr:
        process = start_process([sys.executable, "-m", module], env, stderr, job.model_dump_json())
        stopped = read_until_exit(process, timeout_s, collect, cancel)
        if stopped is None:
            process.wait()
    tail = stderr_tail(stderr_path)
    error = collect.error
    if stopped == "timeout":
        error = f"timed out after {timeout_s:g} s (the spec's timeout, per repeat)"
    elif stopped == "cancelled":
        error = "cancelled"
    elif collect.results and not collect.results[-1].row.ok:
        error = error or "not run: an earlier repeat in this worker failed"
    elif len(collect.results) < job.repeat_count and error is None:
        error = f"worker exited with status {process.returncode} and no result" + (f": {tail}" if tail else "")
    return WorkerRun(results=collect.results, error=error, wall_s=time.monotonic() - start, stderr_tail=tail,
                     cancelled=stopped == "cancelled", result_walls=collect.result_walls)


def run_probe_process(
    threads: int, env: dict[str, str], timeout_s: float, stderr_path: Path, cancel: threading.Event | None = None
) -> tuple[float | None, str | None]:
    """`python -m guide.bench.worker.probe` on its own (when the first worker failed before probing):
    (GFLOP/s, device), or (None, why it was not measured) when it fails, times out or is cancelled. Without a
    yardstick peak_share stays empty; the rows still count."""
    answer: list[str] = []

    def keep(line: str) -> int:
        answer.append(line)
        return LINE_SEEN

    with open(stderr_path, "wb") as stderr:
        process = start_process([sys.executable, "-m", "guide.bench.worker.probe"], env, stderr,
                                json.dumps({"threads": threads}))
        stopped = read_until_exit(process, timeout_s, keep, cancel)
        if stopped is None:
            process.wait()
    if stopped is not None:
        return None, f"probe not measured: {stopped}"
    try:
        data = json.loads(answer[-1])
        return float(data["gflops"]), str(data["device"])
    except (ValueError, KeyError, IndexError, TypeError):
        why = stderr_tail(stderr_path) or f"exit status {process.returncode}, no answer"
        return None, f"probe not measured: {why}"
