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


def system_busy_s(stat: Path = Path("/proc/stat")) -> float | None:
    """CPU seconds all processes have spent busy since boot (user, nice, system, irq, softirq, steal)."""
    try:
        fields = [int(v) for v in stat.read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    busy = sum(fields[:3]) + sum(fields[5:8])  # skip idle (3) and iowait (4)
    return busy / os.sysconf("SC_CLK_TCK")


def other_load_cores(busy_before: float | None, busy_after: float | None, own_cpu_s: float,
                     wall_s: float) -> float | None:
    """How many cores other processes kept busy while a run was timed: the whole machine's busy time minus the
    run's own (10 ms tick resolution), over the wall time."""
    if busy_before is None or busy_after is None or wall_s <= 0:
        return None
    return max(0.0, (busy_after - busy_before - own_cpu_s) / wall_s)


def is_busy(load_cores: float | None, free_cores: float | None, margin_cores: float) -> bool:
    """The one busy-machine rule for every measured row (benchmarks and deployment checks): other processes used
    more than the cores the run left free, by more than `margin_cores` (evidence.yaml's busy_cores). Another
    core in use (a browser drawing progress beside a 1-thread run) is no disturbance; load that has to share
    the run's own cores is. A row without the figure is never busy; unknown free cores count as none free."""
    return load_cores is not None and load_cores > max(free_cores or 0.0, 0.0) + margin_cores
