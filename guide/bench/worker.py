"""`python -m guide.bench.worker`: measure one row (backend, api) once, in a process of its own.

Reads one WorkerJob as JSON on stdin; writes ProgressEvent lines and then exactly one ResultLine on stdout.
Whatever goes wrong (a missing framework, a model that fails to build, an exception mid-run) still ends in one
result line, with ok=false and the reason; only a hard crash or a kill leaves none (the runner reports it).

Thread budget and KERAS_BACKEND are set before the framework is imported (guide.bench.worker_adapters).
"""

from __future__ import annotations

import json
import os
import sys
import traceback

from guide.bench.protocol import ResultLine, WorkerJob
from guide.bench.schema import ProgressEvent, RowResult


class ProtocolOut:
    """The real stdout, kept for protocol lines; fd 1 now points at stderr, so library prints stay out."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._stream = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def write(self, message: ProgressEvent | ResultLine) -> None:
        self._stream.write(message.model_dump_json() + "\n")
        self._stream.flush()


def load_npz(path: str) -> dict:
    import numpy as np

    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def _missing_framework_reason(backend: str, exc: ImportError) -> str:
    missing = getattr(exc, "name", None) or str(exc)
    return f"backend {backend!r} is not usable here: {type(exc).__name__}: {exc} (missing: {missing})"


def measure(job: WorkerJob, out: ProtocolOut) -> ResultLine:
    from guide.bench import worker_adapters as adapters
    from guide.bench.machine import cpu_model
    from guide.bench.worker_measure import Measurement

    row = RowResult(backend=job.backend, api=job.api, ok=False)
    adapters.set_thread_env(job.spec.threads)
    emit = out.write
    emit(ProgressEvent(backend=job.backend, api=job.api, phase="import", message="importing the framework"))
    try:
        framework, row.import_s = adapters.import_framework(job.backend, job.api, job.spec.threads)
    except ImportError as exc:
        row.error = _missing_framework_reason(job.backend, exc)
        return ResultLine(row=row)
    row.versions = adapters.framework_versions(job.backend)
    row.execution = adapters.EXECUTION.get((job.backend, job.spec.jit_compile))
    adapters.seed_everything(job.backend, framework, job.spec.seed)
    cpu_label = f"cpu: {cpu_model()}"
    device = adapters.device_of(job.backend, framework, cpu_model())
    build = adapters.builder(job, load_npz(job.weights_path), device, cpu_label)
    result = Measurement(job, load_npz(job.data_path), emit).run(build, row)
    result.row.ok = True
    if job.probe:
        from guide.bench.probe import probe

        emit(ProgressEvent(backend=job.backend, api=job.api, phase="probe", message="matmul probe"))
        answer = probe(job.spec.threads, job.backend, framework)
        result.probe_gflops, result.probe_device = float(answer["gflops"]), str(answer["device"])
    return result


def failed(job: WorkerJob | None, exc: BaseException) -> ResultLine | None:
    """A result line for an exception, with the innermost frames: enough to act on, short enough to show."""
    if job is None:
        return None
    frames = traceback.format_exception(type(exc), exc, exc.__traceback__)
    tail = "".join(frames[-3:]).strip()
    row = RowResult(
        backend=job.backend, api=job.api, ok=False, error=f"{type(exc).__name__}: {exc}".strip()[:500]
    )
    print(tail, file=sys.stderr)
    return ResultLine(row=row)


def main() -> int:
    out = ProtocolOut()
    job = None
    try:
        job = WorkerJob.model_validate(json.loads(sys.stdin.read()))
        result = measure(job, out)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a failed row with its reason
        result = failed(job, exc)
        if result is None:
            print(f"bad job: {exc}", file=sys.stderr)
            return 2
    out.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
