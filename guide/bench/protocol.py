"""The runner <-> worker protocol: one JSON job on stdin, JSON lines on stdout.

A worker writes ProgressEvent lines while it runs, then exactly one ResultLine. The raw per-step samples
travel in the result line so the runner can pool repeats; anything that is not a protocol line (a library
printing to stdout despite the worker's redirect) is ignored by `parse_line`.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guide.bench.schema import Api, Backend, BenchmarkSpec, ProgressEvent, RowResult


class WorkerJob(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spec: BenchmarkSpec
    backend: Backend
    api: Api
    repeat: int = 0
    weights_path: str
    data_path: str
    scratch_dir: str
    probe: bool = Field(False, description="after measuring, also run the matmul probe (first worker only)")
    # Test hook read by guide.bench.fake_worker only; the real worker ignores it.
    fake: str | None = None


class ResultLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event: Literal["result"] = "result"
    row: RowResult
    predictions_path: str | None = None
    loss_after_first_step: float | None = Field(
        None, description="loss of step 2, computed with the weights after one update"
    )
    probe_gflops: float | None = None
    probe_device: str | None = None
    samples: dict[str, list[float]] = Field(
        default_factory=dict, description="seconds: 'train_step', 'infer_batch_1', 'infer_batch_<N>'"
    )


class RunEvent(BaseModel):
    """What run_benchmark reports to on_event: worker progress plus the runner's own steps."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "waiting", "started", "probe", "row_started", "progress", "row_finished", "cached", "finished"
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


def parse_line(line: str) -> ProgressEvent | ResultLine | None:
    """A worker's stdout line as a protocol message; None for anything else.

    Raises pydantic.ValidationError for a result line that does not match ResultLine.
    """
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("event") == "result":
        return ResultLine.model_validate(data)  # a malformed result is an error the runner reports, not noise
    if data.get("event") == "progress":
        try:
            return ProgressEvent.model_validate(data)
        except ValidationError:
            return None
    return None
