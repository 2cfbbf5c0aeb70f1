"""Per-row progress from the runner's events, for any front end (the page's bars, a terminal).

A row's fraction counts its repeats: each repeat is one equal share, and within a repeat the timed training
steps fill it (import and build take time but have no step count; they show as text).
"""

from __future__ import annotations

from dataclasses import dataclass

from guide.bench.protocol import RunEvent
from guide.bench.runner import planned_rows
from guide.bench.schema import BenchmarkSpec, row_label

PHASE_TEXT = {
    "import": "importing the framework",
    "build": "building the model",
    "first_step": "first step (tracing / compiling)",
    "warmup": "warm-up steps",
    "train": "timed steps",
    "infer": "inference latency",
    "evaluate": "held-out accuracy",
    "probe": "matmul probe",
}


@dataclass
class RowState:
    label: str
    fraction: float = 0.0
    text: str = "waiting"
    failed: bool = False


class RowProgress:
    """Feed it RunEvents; read `rows` (label -> RowState) to draw one bar per row."""

    def __init__(self, spec: BenchmarkSpec):
        self.spec = spec
        self.rows = {row_label(b, a): RowState(row_label(b, a)) for b, a in planned_rows(spec)}

    def update(self, event: RunEvent) -> RowState | None:
        """The row the event changed, or None for run-level events (waiting, cached, probe...)."""
        state = self.rows.get(event.label)
        if state is None:
            return None
        repeats = max(1, self.spec.repeats)
        share = 1 / repeats
        repeat_text = f"repeat {event.repeat + 1} of {repeats}"
        if event.kind == "row_started":
            state.fraction, state.text = max(state.fraction, event.repeat * share), f"{repeat_text}: starting"
        elif event.kind == "progress":
            within = event.done / event.total if event.phase == "train" and event.total else 0.0
            if event.phase in ("infer", "evaluate", "probe"):
                within = 1.0
            state.fraction = max(state.fraction, (event.repeat + within) * share)
            steps = f" {event.done}/{event.total}" if event.phase == "train" and event.total else ""
            state.text = f"{repeat_text}: {PHASE_TEXT.get(event.phase, event.phase)}{steps}"
        elif event.kind == "row_finished":
            if event.message != "ok":
                state.failed, state.text = True, f"failed: {event.message}"
            else:
                state.fraction = (event.repeat + 1) * share
                state.text = "done" if event.repeat + 1 == repeats else f"{repeat_text}: done"
        return state
