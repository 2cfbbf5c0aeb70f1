"""The runner <-> worker protocol: one JSON job on stdin, JSON lines on stdout; and the runner's own events.

A worker process runs one row for one or more repeats (`WorkerJob.repeat_count`: all of a row's repeats in one
process by default, one per process when the spec is thorough). For each repeat it writes WorkerProgress lines
and then one ResultLine naming the repeat. The raw per-step samples travel in the result line so the runner can
pool repeats; anything that is not a protocol line (a library printing to stdout despite the worker's
redirect) is ignored by `parse_line`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.bench.schema import Api, Backend, BenchmarkSpec, ProgressEvent, RowResult

log = logging.getLogger(__name__)

NATIVE_BACKENDS = ("torch", "tensorflow")  # models/ has no native JAX twin


def planned_rows(spec: BenchmarkSpec) -> list[tuple[str, str]]:
    """(backend, api) pairs in run order: Keras rows first, native twins after, when asked for."""
    rows = [(backend, "keras") for backend in spec.backends]
    if spec.native:
        rows += [(backend, "native") for backend in spec.backends if backend in NATIVE_BACKENDS]
    return rows


class WorkerJob(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spec: BenchmarkSpec
    backend: Backend
    api: Api
    repeat: int = Field(0, ge=0, description="the first repeat this process runs")
    repeat_count: int = Field(1, ge=1, description="repeats run one after another in this process")
    weights_path: str
    data_path: str
    scratch_dir: str
    save_model: bool = Field(True, description="after the last repeat, save the model to report its size")
    probe: bool = Field(False, description="after measuring, also run the matmul probe (first worker only)")

    def repeats(self) -> range:
        return range(self.repeat, self.repeat + self.repeat_count)


class WorkerProgress(ProgressEvent):
    """A worker's progress line; `repeat` says which repeat it is in when one process runs several."""

    repeat: int = 0


class ResultLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event: Literal["result"] = "result"
    repeat: int = 0
    row: RowResult
    predictions_path: str | None = None
    loss_after_first_step: float | None = Field(
        None, description="loss of step 2, computed with the weights after one update"
    )
    probe_gflops: float | None = None
    probe_device: str | None = None
    samples: dict[str, list[float]] = Field(
        default_factory=dict,
        description="seconds: 'train_step', 'infer_batch_1', 'infer_batch_<N>', and 'cpu_infer_batch_1' (process "
                    "CPU time per batch-1 inference, one sample per chunk of consecutive calls)",
    )


class RunEvent(BaseModel):
    """What run_benchmark reports to on_event: worker progress plus the runner's own steps."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "waiting", "started", "probe", "row_started", "progress", "row_finished", "cached", "finished", "cancelled"
    ]
    label: str = ""
    backend: Backend | None = None
    api: Api | None = None
    repeat: int = 0
    repeats: int = 1
    phase: str = ""
    done: int = 0
    total: int = 0
    message: str = ""


def parse_line(line: str) -> WorkerProgress | ResultLine | None:
    """A worker's stdout line as a protocol message; None for a line that is not one (a framework printing to
    stdout). A protocol line that is garbled is logged, never dropped without a word.

    Raises pydantic.ValidationError for a result line that does not match ResultLine.
    """
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except ValueError:
        if line.startswith('{"event"'):
            log.warning("worker sent a garbled protocol line: %.200s", line)
        return None
    if not isinstance(data, dict) or "event" not in data:
        return None
    if data["event"] == "result":
        return ResultLine.model_validate(data)  # a malformed result is an error the runner reports, not noise
    if data["event"] == "progress":
        try:
            return WorkerProgress.model_validate(data)
        except ValidationError as exc:  # progress is advisory: the row still counts, the log says what was lost
            log.warning("worker sent a malformed progress line (%s): %.200s", exc.errors()[0]["msg"], line)
            return None
    log.warning("worker sent an unknown event %r", data["event"])
    return None


@dataclass
class WorkerOutcome:
    """One repeat of one row: its result line, or why there is none."""

    result: ResultLine | None
    error: str | None
    wall_s: float
    stderr_tail: str = ""
