"""`python -m guide.bench.worker.serve_client`: an HTTP serving path measured as a team serving the model sees it.

Starts guide.bench.worker.serve on the path's artifact (its own process group, killed at the end and on timeout)
and times it ready: process start to the first 200 on /health (ready_s; load_s stays the artifact's load inside
the server). Then, over one keep-alive connection with the standard library's client, a warm-up request and
`runs` batch-1 requests: latency per request as the client sees it (JSON encoding, HTTP on loopback, the runtime,
decoding), the server's CPU time per request and its peak RSS, whether a batch of N is served, and the max abs
difference of every input row to the Keras model's own outputs.

Job on stdin and the one JSON line on stdout: as guide.bench.worker.runtime's, with ready_s. A server that does
not get ready in time, crashes or answers an error is a failed row at "load" or "run" with its own error.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.metadata
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from guide.bench.cpu import peak_rss_mb as process_peak_rss_mb
from guide.bench.worker.export import first_line
from guide.bench.worker.runtime import Predict, measure
from guide.deploy.schema import PATHS

SERVER_MODULE = "guide.bench.worker.serve"
POLL_S = 0.01  # between /health probes while the server starts: ready_s is accurate to about this
TIMEOUT_SHARE = 0.9  # of the job's timeout, so the client kills its server before the runner kills the client


class ServerError(RuntimeError):
    """The server's own error (its stdout line, its stderr, or its answer), already one line."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_s(pid: int) -> float:
    """Another process's CPU seconds, all its threads, to the nanosecond: Linux's clock id for a process (what
    glibc's clock_getcpuclockid returns). /proc/<pid>/stat counts in 10 ms ticks, too coarse for a ~1 ms request."""
    try:
        return time.clock_gettime((~pid << 3) | 2)
    except OSError:  # not Linux: ticks are better than nothing
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """One server process: started, probed until ready, measured from /proc, killed."""

    def __init__(self, job: dict, folder: Path, dtype: str):
        artifact_of = next(p.artifact_id for p in PATHS if p.id == job["path"])
        self.port, self.out_path, self.err_path = free_port(), folder / "server.out", folder / "server.err"
        server_job = {"path": artifact_of, "artifact": job["artifact"], "threads": job["threads"],
                      "port": self.port, "dtype": dtype}
        self.started = time.perf_counter()
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen([sys.executable, "-m", SERVER_MODULE], stdin=subprocess.PIPE,
                                            stdout=out, stderr=err, text=True, start_new_session=True)
        with contextlib.suppress(BrokenPipeError):  # it died before reading its job: why() says the rest
            self.process.stdin.write(json.dumps(server_job))
            self.process.stdin.close()

    def why(self) -> str:
        """The server's own reason for failing: its 'failed' line, else the last line of its stderr (the
        exception of a traceback), else its exit status."""
        for line in self.out_path.read_text(errors="replace").splitlines():
            if line.startswith("{") and json.loads(line).get("event") == "failed":
                return json.loads(line)["error"]
        lines = [ln.strip() for ln in self.err_path.read_text(errors="replace").splitlines() if ln.strip()]
        if lines:
            return lines[-1][:400]
        status = self.process.poll()
        return "no message" if status is None else f"server exited with status {status} and no message"

    def died(self) -> bool:
        """Whether the server has exited, allowing a moment: a reset connection can arrive before the exit."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)
        return self.process.returncode is not None

    def loaded(self) -> dict:
        lines = [json.loads(ln) for ln in self.out_path.read_text().splitlines() if ln.startswith("{")]
        return next((line for line in lines if line.get("event") == "loaded"), {})

    def wait_ready(self, deadline: float) -> float:
        """Seconds from process start to the first 200 on /health."""
        while True:
            if self.process.poll() is not None:
                raise ServerError(self.why())
            if time.monotonic() > deadline:
                raise ServerError(f"timeout: server not ready after {time.perf_counter() - self.started:.3g} s")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            try:
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:  # not listening yet
                pass
            finally:
                connection.close()
            time.sleep(POLL_S)

    def peak_rss_mb(self) -> float | None:
        """The server's VmHWM (peak resident set); None once it has exited."""
        return process_peak_rss_mb(self.process.pid)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # the whole group: anything the server started dies too
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextlib.contextmanager
def serving(job: dict, folder: Path, dtype: str) -> Iterator[Server]:
    server = Server(job, folder, dtype)
    try:
        yield server
    finally:
        server.stop()


def remote(server: Server, deadline: float) -> Predict:
    """predict() over HTTP: one keep-alive connection, JSON in and out, errors as the server's own."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=max(1.0, deadline - time.monotonic()))
    headers = {"Content-Type": "application/json"}

    def predict(x: np.ndarray) -> np.ndarray:
        if time.monotonic() > deadline:
            raise ServerError("timed out (the job's timeout) before all requests were answered")
        try:
            connection.request("POST", "/predict", json.dumps({"inputs": x.tolist()}).encode(), headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise ServerError(server.why() if server.died() else first_line(exc)) from exc
        if response.status != 200:
            raise ServerError(json.loads(body).get("error") if body.startswith(b"{") else f"HTTP {response.status}")
        return np.asarray(json.loads(body)["outputs"])

    return predict


def pin_client(threads: int) -> None:
    """Keep the client off the server's cores (the server pins itself to the first `threads`), as a remote
    client would be; on a machine with no spare core they share."""
    with contextlib.suppress(AttributeError, OSError):
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > threads:
            os.sched_setaffinity(0, cores[threads:])


def check(job: dict, out: dict, folder: Path) -> None:
    """Fill `out` stage by stage, like guide.bench.worker.runtime.check, with the server in between."""
    deadline = time.monotonic() + TIMEOUT_SHARE * job["timeout_s"]
    io = np.load(job["io"])
    out["stage"] = "load"
    with serving(job, folder, str(io["x"].dtype)) as server:
        pin_client(job["threads"])
        try:
            out["ready_s"] = server.wait_ready(deadline)
            loaded = server.loaded()
            out.update({"runtime_import_s": loaded.get("runtime_import_s"), "load_s": loaded.get("load_s"),
                        "versions": {**loaded.get("versions", {}), **{name: importlib.metadata.version(name)
                                                                     for name in ("uvicorn", "starlette")}},
                        "stage": "run"})
            measure(remote(server, deadline), io, job, out, lambda: process_cpu_s(server.process.pid))
        finally:
            out["peak_rss_mb"] = server.peak_rss_mb()
    out.update({"ok": True, "stage": None})


def main() -> int:
    job = json.loads(sys.stdin.read())
    line: dict = {}
    with tempfile.TemporaryDirectory(prefix="guide-serve-") as folder:
        try:
            check(job, line, Path(folder))
        except Exception as exc:  # noqa: BLE001 - the failed stage and the real error are the row
            line.update({"ok": False, "error": str(exc) if isinstance(exc, ServerError) else first_line(exc)})
    print(json.dumps({"event": "ran", **line}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
