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
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from guide.bench.cpu import other_load_cores, peak_rss_mb, pin_to_cores, system_busy_s
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


def _openvino(module, artifact: str, threads: int) -> Predict:
    # On a CPU with bfloat16 support OpenVINO runs float32 models in bfloat16 unless told (diff ~3e-3 here).
    config = {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": threads}
    compiled = module.Core().compile_model(artifact, "CPU", config)
    if (ran := compiled.get_property("INFERENCE_PRECISION_HINT")) != module.Type.f32:  # the row says float32
        raise RuntimeError(f"OpenVINO compiled the model for {ran}, not f32")
    return lambda x: compiled(x)[0]


class NotRunHere(Exception):
    """The artifact was made but its runtime does not run on this system: a row not tried, not a failed one."""


def _coreml(module, artifact: str, threads: int) -> Predict:
    if sys.platform != "darwin":  # coremltools converts anywhere, but only macOS has the Core ML framework
        def not_here(x: np.ndarray) -> np.ndarray:
            raise NotRunHere("converted; Core ML runs only on macOS, so it was not run here")

        return not_here
    model = module.models.MLModel(artifact, compute_units=module.ComputeUnit.CPU_ONLY)
    description = model.get_spec().description
    into, out = description.input[0].name, description.output[0].name
    return lambda x: model.predict({into: x.astype(np.int32) if x.dtype.kind == "i" else x})[out]


LITERT = ("ai_edge_litert.interpreter", _litert)
LOADERS = {"savedmodel": ("tensorflow", _savedmodel), "litert": LITERT, "litert-fp16": LITERT, "litert-int8": LITERT,
           "onnx": ("onnxruntime", _onnx), "pt2": ("torch", _pt2),
           "executorch-xnnpack": ("executorch.runtime", _executorch), "openvino": ("openvino", _openvino),
           "coreml": ("coremltools", _coreml)}
DISTRIBUTION = {"tensorflow": "tensorflow", "ai_edge_litert": "ai-edge-litert", "onnxruntime": "onnxruntime",
                "torch": "torch", "executorch": "executorch", "openvino": "openvino", "coremltools": "coremltools"}
# Set before the import: from its import on, OpenVINO writes ~/intel/ telemetry files (and sends them) unless CI=true.
IMPORT_ENV = {"openvino": {"CI": "true"}}


def _version(module_name: str) -> str:
    return importlib.metadata.version(DISTRIBUTION[module_name.split(".")[0]])


def timed_runs(predict: Predict, x1: np.ndarray, runs: int, cpu_clock: Callable[[], float] = time.process_time) -> dict:
    """Batch-1 wall time of every run, and CPU time per inference over each tenth of the runs (process time is
    too coarse for one sub-millisecond call). `cpu_clock`: whose CPU seconds count (the HTTP client reads the
    server's)."""
    predict(x1)  # warm-up: the first call allocates and may compile; it is not a step time
    times, cpu, chunk = [], [], max(1, runs // 10)
    # What else ran meanwhile: the machine's busy time minus ours (this process, and the server's for HTTP).
    own = (lambda: cpu_clock() + time.process_time()) if cpu_clock is not time.process_time else cpu_clock
    busy_before, own_before, wall_before = system_busy_s(), own(), time.perf_counter()
    for first in range(0, runs, chunk):
        cpu_start = cpu_clock()
        for _ in range(min(chunk, runs - first)):
            start = time.perf_counter()
            predict(x1)
            times.append((time.perf_counter() - start) * 1000)
        cpu.append((cpu_clock() - cpu_start) * 1000 / min(chunk, runs - first))
    load = other_load_cores(busy_before, system_busy_s(), own() - own_before, time.perf_counter() - wall_before)
    return summary(times, cpu, load)


def summary(times: list[float], cpu: list[float], load: float | None = None) -> dict:
    """The row's latency and CPU fields from every batch-1 time and the CPU ms per inference of each tenth, and
    how many cores other processes kept busy meanwhile."""
    return {"latency_ms": statistics.median(times), "latency_p95_ms": statistics.quantiles(times, n=20)[-1],
            "cpu_ms_per_inference": statistics.median(cpu), "latency_samples_ms": times, "cpu_samples_ms": cpu,
            "other_load_cores": load}


def _dynamic_batch(predict: Predict, x: np.ndarray) -> bool:
    try:
        return predict(x).shape[0] == x.shape[0]
    except Exception:  # noqa: BLE001 - a runtime that rejects another batch size is the finding itself
        return False


def load(job: dict, out: dict) -> Predict:
    """Import the path's runtime and load its artifact, timing each into `out` (the HTTP server loads this way)."""
    module_name, loader = LOADERS[job["path"]]
    os.environ.update(IMPORT_ENV.get(module_name, {}))
    start = time.perf_counter()
    module = importlib.import_module(module_name)
    out["runtime_import_s"], start = time.perf_counter() - start, time.perf_counter()
    predict = loader(module, job["artifact"], job["threads"])
    out.update({"load_s": time.perf_counter() - start, "versions": {module_name.split(".")[0]: _version(module_name)}})
    return predict


def measure(predict: Predict, io, job: dict, out: dict, cpu_clock: Callable[[], float] = time.process_time) -> None:
    """Latency, CPU time, batch and parity of a loaded model (the HTTP client measures a server this way)."""
    x, reference = io["x"], io["reference"]
    out.update(timed_runs(predict, x[:1], job["runs"], cpu_clock))
    diff = max(float(np.max(np.abs(predict(x[i:i + 1]) - reference[i:i + 1]))) for i in range(len(x)))
    out.update({"dynamic_batch": _dynamic_batch(predict, x), "max_abs_diff": diff, "stage": "parity"})
    if not diff <= job["tolerance"]:
        raise AssertionError(f"outputs differ from the Keras model's by {diff:.3g} (tolerance {job['tolerance']:g})")


def check(job: dict, out: dict) -> None:
    """Fill `out` stage by stage, so a failure keeps what was measured before it and names its stage."""
    io = np.load(job["io"])
    out["stage"] = "load"
    predict = load(job, out)
    out["stage"] = "run"
    measure(predict, io, job, out)
    out.update({"ok": True, "stage": None})


def run_job(check_job, own_rss: bool = True) -> int:
    """A runtime worker's whole life: the job from stdin, `check_job(job, line)` filling the line stage by stage,
    the one "ran" line on stdout. Shared by every runtime worker (this one, the browser's)."""
    job = json.loads(sys.stdin.read())
    if (problem := pin_to_cores(job["threads"])) is not None:
        print(problem, file=sys.stderr)
    line: dict = {}
    try:
        check_job(job, line)
    except NotRunHere as exc:  # the load time would be reading a package that nothing here can run
        line.update({"ok": False, "tried": False, "error": str(exc), "load_s": None})
    except Exception as exc:  # noqa: BLE001 - the failed stage and the real error are the row
        line.update({"ok": False, "error": first_line(exc)})
    if own_rss:  # VmHWM: ru_maxrss would carry the parent's peak into this process
        line["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps({"event": "ran", **line}), flush=True)
    return 0


def main() -> int:
    return run_job(check)


if __name__ == "__main__":
    sys.exit(main())
