"""`python -m guide.bench.probe`: achievable float32 matmul GFLOP/s at the benchmark's thread budget.

It gives "achieved GFLOP/s" a yardstick: a row at 5% of the probe is bound by overhead, not arithmetic. Runs
in its own process (same filtered environment and thread budget as the workers) for about two seconds: square
float32 matmuls with numpy and, when installed, torch (on the GPU when there is one); the best rate counts.

Job on stdin: {"threads": N}. One line on stdout: {"gflops": float, "device": str}.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable

CPU_SIZE = (
    1024  # ~2 GFLOP per product: tens of ms on a small CPU, long enough to time, short enough to repeat
)
GPU_SIZE = 4096
BUDGET_S = 0.8  # per engine


def best_gflops(
    matmul: Callable[[], object],
    size: int,
    budget_s: float = BUDGET_S,
    min_runs: int = 3,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Best rate over repeated products of two size x size matrices (2 n^3 FLOPs each); first is warm-up."""
    matmul()
    flops = 2.0 * size**3
    best, spent, runs = 0.0, 0.0, 0
    while runs < min_runs or spent < budget_s:
        start = clock()
        matmul()
        seconds = clock() - start
        spent += seconds
        runs += 1
        if seconds > 0:
            best = max(best, flops / seconds / 1e9)
    return best


def numpy_gflops(threads: int) -> float:
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.random((CPU_SIZE, CPU_SIZE), dtype=np.float32)
    b = rng.random((CPU_SIZE, CPU_SIZE), dtype=np.float32)
    return best_gflops(lambda: a @ b, CPU_SIZE)


def torch_gflops(threads: int) -> tuple[float, str]:
    import torch

    torch.set_num_threads(threads)
    if torch.cuda.is_available():
        a = torch.rand(GPU_SIZE, GPU_SIZE, device="cuda")
        b = torch.rand(GPU_SIZE, GPU_SIZE, device="cuda")

        def product():
            (a @ b).sum().item()  # .item() waits for the GPU, so the timer sees the work

        return best_gflops(product, GPU_SIZE), f"cuda: {torch.cuda.get_device_name(0)} (torch)"
    a, b = torch.rand(CPU_SIZE, CPU_SIZE), torch.rand(CPU_SIZE, CPU_SIZE)
    return best_gflops(lambda: a @ b, CPU_SIZE), f"cpu, {threads} threads (torch)"


def probe(threads: int) -> dict[str, object]:
    rate, device = numpy_gflops(threads), f"cpu, {threads} threads (numpy)"
    if importlib.util.find_spec("torch") is not None:
        torch_rate, torch_device = torch_gflops(threads)
        if torch_device.startswith("cuda") or torch_rate > rate:  # a GPU run is the yardstick when present
            rate, device = torch_rate, torch_device
    return {"gflops": round(rate, 2), "device": device}


def main() -> int:
    job = json.loads(sys.stdin.read() or "{}")
    print(json.dumps(probe(int(job.get("threads", 1)))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
