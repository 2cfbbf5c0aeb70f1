"""`python -m guide.bench.worker.runtime`: run one exported artifact in a process that imports only its runtime,
as a team's server, phone or browser would. Reports load time, batch-1 latency (median, p95), CPU time per
inference, whether a batch of N runs, the max abs difference to the Keras model's own outputs, and the peak RSS.

Job on stdin: {"path": id, "artifact": file, "io": io.npz, "runs": N, "threads": T, "tolerance": float}.
One JSON line on stdout: the measurements, or the stage that failed ("load", "run", "parity") and its error.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from guide.bench.cpu import pin_to_cores
from guide.bench.worker.export import first_line

Predict = Callable[[np.ndarray], np.ndarray]


def _savedmodel(module, artifact: str, threads: int) -> Predict:
    module.config.threading.set_intra_op_parallelism_threads(threads)
    module.config.threading.set_inter_op_parallelism_threads(1)
    serving = module.saved_model.load(artifact).signatures["serving_default"]
    name = next(iter(serving.structured_input_signature[1]))
    return lambda x: next(iter(serving(**{name: module.constant(x)}).values())).numpy()


def _litert(module, artifact: str, threads: int) -> Predict:
    interpreter = module.Interpreter(model_path=artifact, num_threads=threads)
    interpreter.allocate_tensors()
    into, out = interpreter.get_input_details()[0]["index"], interpreter.get_output_details()[0]["index"]

    def predict(x: np.ndarray) -> np.ndarray:
        if tuple(interpreter.get_input_details()[0]["shape"]) != x.shape:
            interpreter.resize_tensor_input(into, x.shape)
            interpreter.allocate_tensors()
        interpreter.set_tensor(into, x)
        interpreter.invoke()
        return interpreter.get_tensor(out).copy()

    return predict


def _onnx(module, artifact: str, threads: int) -> Predict:
    options = module.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    session = module.InferenceSession(artifact, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda x: session.run(None, {name: x})[0]


def _pt2(module, artifact: str, threads: int) -> Predict:
    module.set_num_threads(threads)
    program = module.export.load(artifact).module()

    def predict(x: np.ndarray) -> np.ndarray:
        with module.no_grad():
            return program(module.from_numpy(x)).numpy()

    return predict


def _executorch(module, artifact: str, threads: int) -> Predict:
    import torch

    torch.set_num_threads(threads)
    method = module.Runtime.get().load_program(artifact).load_method("forward")
    return lambda x: method.execute([torch.from_numpy(x)])[0].numpy()


LITERT = ("ai_edge_litert.interpreter", _litert)
LOADERS = {"savedmodel": ("tensorflow", _savedmodel), "litert": LITERT, "litert-fp16": LITERT, "litert-int8": LITERT,
           "onnx": ("onnxruntime", _onnx), "pt2": ("torch", _pt2),
           "executorch-xnnpack": ("executorch.runtime", _executorch)}
DISTRIBUTION = {"tensorflow": "tensorflow", "ai_edge_litert": "ai-edge-litert", "onnxruntime": "onnxruntime",
                "torch": "torch", "executorch": "executorch"}


def _version(module_name: str) -> str:
    return importlib.metadata.version(DISTRIBUTION[module_name.split(".")[0]])


def timed_runs(predict: Predict, x1: np.ndarray, runs: int) -> dict:
    """Batch-1 wall time of every run, and CPU time per inference over each tenth of the runs (process time is
    too coarse for one sub-millisecond call)."""
    predict(x1)  # warm-up: the first call allocates and may compile; it is not a step time
    times, cpu, chunk = [], [], max(1, runs // 10)
    for first in range(0, runs, chunk):
        cpu_start = time.process_time()
        for _ in range(min(chunk, runs - first)):
            start = time.perf_counter()
            predict(x1)
            times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000 / min(chunk, runs - first))
    return {"latency_ms": statistics.median(times), "latency_p95_ms": statistics.quantiles(times, n=20)[-1],
            "cpu_ms_per_inference": statistics.median(cpu), "latency_samples_ms": times, "cpu_samples_ms": cpu}


def _dynamic_batch(predict: Predict, x: np.ndarray) -> bool:
    try:
        return predict(x).shape[0] == x.shape[0]
    except Exception:  # noqa: BLE001 - a runtime that rejects another batch size is the finding itself
        return False


def check(job: dict, out: dict) -> None:
    """Fill `out` stage by stage, so a failure keeps what was measured before it and names its stage."""
    module_name, loader = LOADERS[job["path"]]
    io = np.load(job["io"])
    x, reference = io["x"], io["reference"]
    out["stage"] = "load"
    start = time.perf_counter()
    module = importlib.import_module(module_name)
    out["runtime_import_s"], start = time.perf_counter() - start, time.perf_counter()
    predict = loader(module, job["artifact"], job["threads"])
    out.update({"load_s": time.perf_counter() - start, "versions": {module_name.split(".")[0]: _version(module_name)},
            "stage": "run"})
    out.update(timed_runs(predict, x[:1], job["runs"]))
    diff = max(float(np.max(np.abs(predict(x[i:i + 1]) - reference[i:i + 1]))) for i in range(len(x)))
    out.update({"dynamic_batch": _dynamic_batch(predict, x), "max_abs_diff": diff, "stage": "parity"})
    if not diff <= job["tolerance"]:
        raise AssertionError(f"outputs differ from the Keras model's by {diff:.3g} (tolerance {job['tolerance']:g})")
    out.update({"ok": True, "stage": None})


def main() -> int:
    job = json.loads(sys.stdin.read())
    if (problem := pin_to_cores(job["threads"])) is not None:
        print(problem, file=sys.stderr)
    line: dict = {}
    try:
        check(job, line)
    except Exception as exc:  # noqa: BLE001 - the failed stage and the real error are the row
        line.update({"ok": False, "error": first_line(exc)})
    line["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"event": "ran", **line}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
