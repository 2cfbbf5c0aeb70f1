"""The CPU as both sides of a benchmark see it: model name, usable cores, the energy counter, the thread budget.

Standard library only: the manager (guide.bench.machine, guide.bench.spawn) and the workers
(guide.bench.worker) both read it, so the worker never imports the manager's modules and there is one
definition of a worker's thread budget.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

RAPL_ENERGY_FILE = Path("/sys/class/powercap/intel-rapl:0/energy_uj")
INTRA_OP_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:  # no /proc (not Linux): the platform's own name below is the answer
        pass
    return platform.processor() or platform.machine()


def cpu_cores() -> int:
    """Cores this process may use (the affinity mask), which is what a container actually gets."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def rapl_readable(path: Path = RAPL_ENERGY_FILE) -> bool:
    try:
        int(path.read_text().strip())
    except (OSError, ValueError):
        return False
    return True


def thread_variables(threads: int) -> dict[str, str]:
    """Environment read by OpenMP, MKL, OpenBLAS, TF and XLA at first use: `threads` for intra-op pools, one
    thread between ops, so independent ops never exceed the budget."""
    env = {name: str(threads) for name in INTRA_OP_VARIABLES}
    env["TF_NUM_INTEROP_THREADS"] = "1"
    if threads == 1:  # XLA's CPU thread pool has no size knob besides this on/off switch
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return env


def pin_to_cores(threads: int) -> str | None:
    """Pin this process to `threads` cores, so a framework that ignores the variables still gets the same
    budget; returns why it could not, or None."""
    try:
        cores = sorted(os.sched_getaffinity(0))
        if threads < len(cores):
            os.sched_setaffinity(0, cores[:threads])
    except AttributeError:
        return f"not pinned to {threads} core(s): this platform has no CPU affinity (thread variables still apply)"
    except OSError as exc:
        return f"not pinned to {threads} core(s): {exc.strerror} (thread variables still apply)"
    return None


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """A process's peak resident set (VmHWM), None once it has gone. Not getrusage's ru_maxrss: Linux carries
    the parent's peak into a child it starts, so a worker started by a 300 MB Streamlit server would report
    300 MB whatever it used (measured: 313 MB for a bare Python child of such a parent, 13 MB for VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
