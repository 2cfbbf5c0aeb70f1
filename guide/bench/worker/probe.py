"""`python -m guide.bench.worker.probe`: achievable float32 matmul GFLOP/s at the benchmark's thread budget.

It gives "achieved GFLOP/s" a yardstick: a row at 5% of the probe is bound by overhead, not arithmetic. It runs
at the end of a benchmark's first worker (same environment and thread budget as every row, framework already
loaded) for about two seconds: square float32 matmuls with numpy and that framework (on the GPU when there is
one); the best rate counts. Run as a module, it is the fallback when that worker failed.

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


def torch_gflops(torch, threads: int) -> tuple[float, str]:
    if torch.cuda.is_available():
        a = torch.rand(GPU_SIZE, GPU_SIZE, device="cuda")
        b = torch.rand(GPU_SIZE, GPU_SIZE, device="cuda")

        def product():
            (a @ b).sum().item()  # .item() waits for the GPU, so the timer sees the work

        return best_gflops(product, GPU_SIZE), f"cuda: {torch.cuda.get_device_name(0)} (torch)"
    a, b = torch.rand(CPU_SIZE, CPU_SIZE), torch.rand(CPU_SIZE, CPU_SIZE)
    return best_gflops(lambda: a @ b, CPU_SIZE), f"cpu, {threads} threads (torch)"


def tf_gflops(tf, threads: int) -> tuple[float, str]:
    gpu = bool(tf.config.list_physical_devices("GPU"))
    size = GPU_SIZE if gpu else CPU_SIZE
    a, b = tf.random.uniform((size, size)), tf.random.uniform((size, size))
    product = tf.function(lambda: tf.reduce_sum(tf.linalg.matmul(a, b)))  # .numpy() below waits for it
    return best_gflops(lambda: product().numpy(), size), ("gpu (TensorFlow)" if gpu else
                                                         f"cpu, {threads} threads (TensorFlow)")


def jax_gflops(jax, threads: int) -> tuple[float, str]:
    device = jax.devices()[0]
    size = CPU_SIZE if device.platform == "cpu" else GPU_SIZE
    a = jax.numpy.ones((size, size), dtype="float32")
    product = jax.jit(lambda x, y: x @ y)
    label = f"cpu, {threads} threads (JAX)" if device.platform == "cpu" else f"{device.device_kind} (JAX)"
    return best_gflops(lambda: product(a, a).block_until_ready(), size), label


FRAMEWORK_PROBES = {"torch": torch_gflops, "tensorflow": tf_gflops, "jax": jax_gflops}


def probe(threads: int, backend: str | None = None, framework=None) -> dict[str, object]:
    """numpy's rate, and the given (already imported) framework's, or torch's when run on its own.

    A benchmark calls this at the end of its first worker, where a framework is loaded already: no extra
    process start or import. An accelerator's rate wins when there is one, since the rows run there.
    """
    rate, device = numpy_gflops(threads), f"cpu, {threads} threads (numpy)"
    if framework is None and importlib.util.find_spec("torch") is not None:
        import torch

        torch.set_num_threads(threads)
        backend, framework = "torch", torch
    if framework is not None and backend in FRAMEWORK_PROBES:
        other_rate, other_device = FRAMEWORK_PROBES[backend](framework, threads)
        if not other_device.startswith("cpu") or other_rate > rate:
            rate, device = other_rate, other_device
    return {"gflops": round(rate, 2), "device": device}


def main() -> int:
    job = json.loads(sys.stdin.read() or "{}")
    print(json.dumps(probe(int(job.get("threads", 1)))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
