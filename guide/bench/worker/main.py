"""`python -m guide.bench.worker.main`: measure one row (backend, api), for one or more repeats, in its own process.

Reads one WorkerJob as JSON on stdin; writes WorkerProgress lines and one ResultLine per repeat on stdout.
Whatever goes wrong (a missing framework, a model that fails to build, an exception mid-run) still ends in a
result line, with ok=false and the reason; only a hard crash or a kill leaves none (the runner reports it).

Thread budget and KERAS_BACKEND are set before the framework is imported (guide.bench.worker.adapters).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback

from guide.bench.protocol import ResultLine, WorkerJob, WorkerProgress
from guide.bench.schema import RowResult


class ProtocolOut:
    """The real stdout, kept for protocol lines; fd 1 now points at stderr, so library prints stay out."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._stream = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def write(self, message: WorkerProgress | ResultLine) -> None:
        self._stream.write(message.model_dump_json() + "\n")
        self._stream.flush()


def load_npz(path: str) -> dict:
    import numpy as np

    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def _missing_framework_reason(backend: str, exc: ImportError) -> str:
    missing = getattr(exc, "name", None) or str(exc)
    return f"backend {backend!r} is not usable here: {type(exc).__name__}: {exc} (missing: {missing})"


def measure(job: WorkerJob, out: ProtocolOut) -> None:
    """Import once, then run the job's repeats one after another, writing one result line per repeat.

    Each repeat rebuilds the model from the same initial weights (so each has its own build and first step);
    the import is paid once and counted for every repeat. A repeat that raises ends the process with its
    failed result line: later repeats would not be comparable.
    """
    from guide.bench.cpu import cpu_model
    from guide.bench.worker import adapters

    adapters.set_thread_env(job.spec.threads)
    out.write(WorkerProgress(backend=job.backend, api=job.api, repeat=job.repeat, phase="import",
                             message="importing the framework"))
    try:
        framework, import_s = adapters.import_framework(job.backend, job.api, job.spec.threads)
    except ImportError as exc:
        out.write(ResultLine(repeat=job.repeat, row=RowResult(backend=job.backend, api=job.api, ok=False,
                                                              error=_missing_framework_reason(job.backend, exc))))
        return
    row = RowResult(backend=job.backend, api=job.api, ok=False, import_s=import_s,
                    versions=adapters.framework_versions(job.backend),
                    execution=adapters.EXECUTION.get((job.backend, job.spec.jit_compile)))
    device = adapters.device_of(job.backend, framework, cpu_model())
    weights, data = load_npz(job.weights_path), load_npz(job.data_path)
    for repeat in job.repeats():
        try:
            result = run_repeat(job, repeat, framework, row.model_copy(deep=True), (weights, data), device, out)
        except Exception as exc:  # noqa: BLE001 - a failed repeat becomes a failed row with its reason
            out.write(failed(job, exc, repeat))
            return
        out.write(result)
        gc.collect()  # the finished repeat's model is garbage now: freed here, outside every timer


def run_repeat(job: WorkerJob, repeat: int, framework, row: RowResult, inputs: tuple[dict, dict], device: str,
               out: ProtocolOut) -> ResultLine:
    from guide.bench.cpu import cpu_model
    from guide.bench.worker import adapters
    from guide.bench.worker.measure import Measurement

    last = repeat == job.repeats()[-1]
    adapters.seed_everything(job.backend, framework, job.spec.seed)  # every repeat starts from the same state
    build = adapters.builder(job, inputs[0], device, f"cpu: {cpu_model()}")
    measurement = Measurement(job, inputs[1], out.write, repeat=repeat, save_model=last and job.save_model)
    result = measurement.run(build, row)
    result.row.ok = True
    if last and job.probe:
        from guide.bench.worker.probe import probe

        measurement.progress("probe", message="matmul probe")
        answer = probe(job.spec.threads, job.backend, framework)
        result.probe_gflops, result.probe_device = float(answer["gflops"]), str(answer["device"])
    return result


def failed(job: WorkerJob | None, exc: BaseException, repeat: int | None = None) -> ResultLine | None:
    """A result line for an exception, with the innermost frames: enough to act on, short enough to show."""
    if job is None:
        return None
    frames = traceback.format_exception(type(exc), exc, exc.__traceback__)
    tail = "".join(frames[-3:]).strip()
    row = RowResult(
        backend=job.backend, api=job.api, ok=False, error=f"{type(exc).__name__}: {exc}".strip()[:500]
    )
    print(tail, file=sys.stderr)
    return ResultLine(repeat=job.repeat if repeat is None else repeat, row=row)


def main() -> int:
    out = ProtocolOut()
    job = None
    try:
        job = WorkerJob.model_validate(json.loads(sys.stdin.read()))
        measure(job, out)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a failed row with its reason
        result = failed(job, exc)
        if result is None:
            print(f"bad job: {exc}", file=sys.stderr)
            return 2
        out.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
