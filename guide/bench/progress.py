"""Per-row progress from the runner's events, for any front end (the page's bars, a terminal, the lock file).

A row's bar is its planned work laid end to end: every phase of every repeat (import, build, first step,
warm-up, timed steps, inference, evaluation), the model save and, on the first row, the matmul probe, each
with a share proportional to how long it typically takes. An event moves the bar to where its phase starts
(and through the warm-up and timed steps by steps done); the bar never falls back and stays below 100% until
the row's worker has finished. The default mode imports once per row; a thorough run imports per repeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guide.bench.protocol import RunEvent, planned_rows
from guide.bench.schema import BenchmarkSpec, row_label
from guide.catalogue import LANGS
from guide.text import Lang, t

PHASES = ("import", "build", "first_step", "warmup", "train", "infer", "evaluate", "save", "probe")
REPEAT_PHASES = ("build", "first_step", "warmup", "train", "infer", "evaluate")
# Typical seconds on a 2-core CPU (MLP small): only the proportions matter, and steps scale with the model.
PHASE_S = {"build": 0.4, "first_step": 0.3, "infer": 1.0, "evaluate": 0.1, "save": 0.3, "probe": 2.5}
IMPORT_S = {("torch", "native"): 1.0, ("torch", "keras"): 2.5, ("tensorflow", "native"): 2.5}
DEFAULT_IMPORT_S = 3.0
STEP_S = {"mlp": 0.003, "cnn": 0.03, "transformer": 0.03, "lstm": 0.03}
SIZE_FACTOR = {"tiny": 0.3, "small": 1.0, "medium": 4.0, "large": 16.0}
UNFINISHED_CAP = 0.99  # a bar reads 100% only once its worker has finished


def phase_text(phase: str, lang: Lang | None = None) -> str:
    """A worker phase in words ('timed steps'); an unknown phase as the worker named it."""
    return t(f"bench.phase.{phase}", lang) if phase in PHASES else phase


@dataclass
class RowState:
    """Where a row stands, as data: a job's state is read by sessions in different languages (and written by a
    thread that has none), so the words are made when read (text), never stored."""

    label: str  # the row's English name: the key of runner events and of the lock file
    fraction: float = 0.0
    failed: bool = False
    finished: bool = False
    plan: dict[tuple[int, str], tuple[float, float]] = field(default_factory=dict, repr=False)
    backend: str = ""
    api: str = ""
    stage: str = "waiting"  # waiting, starting, phase, repeat_done, done, failed
    repeat: int = 0
    repeats: int = 1
    phase: str = ""
    done: int = 0
    total: int = 0  # steps of a warm-up or timed phase; 0 for phases that are not counted in steps
    message: str = ""

    @property
    def name(self) -> str:
        """The row's name in the reader's language."""
        return row_label(self.backend, self.api) if self.backend and self.api else self.label

    @property
    def text(self) -> str:
        return self.text_in()

    def text_in(self, lang: Lang | None = None) -> str:
        """'repeat 2 of 3: timed steps 20/40', 'done', 'failed: …' in the current (or given) language."""
        if self.stage == "failed":
            return t("bench.progress.failed", lang, message=self.message)
        if self.stage in ("waiting", "done"):
            return t(f"bench.progress.{self.stage}", lang)
        repeat = t("bench.progress.repeat", lang, repeat=self.repeat + 1, repeats=self.repeats)
        if self.stage != "phase":  # starting, repeat_done
            return t(f"bench.progress.{self.stage}", lang, repeat=repeat)
        steps = f" {self.done}/{self.total}" if self.total else ""
        return f"{repeat}: {phase_text(self.phase, lang)}{steps}"


def row_plan(spec: BenchmarkSpec, backend: str, api: str, probe: bool) -> dict[tuple[int, str], tuple[float, float]]:
    """(repeat, phase) -> (where the phase starts, its share) on the row's 0..1 bar, in the order the worker
    runs them."""
    step_s = STEP_S.get(spec.model, 0.03) * SIZE_FACTOR.get(spec.size, 1.0)
    seconds = {**PHASE_S, "import": IMPORT_S.get((backend, api), DEFAULT_IMPORT_S),
               "warmup": spec.warmup * step_s, "train": spec.steps * step_s}
    last = spec.repeats - 1
    order: list[tuple[int, str]] = []
    for repeat in range(spec.repeats):
        if spec.thorough or repeat == 0:
            order.append((repeat, "import"))
        order += [(repeat, phase) for phase in REPEAT_PHASES]
        if repeat == (0 if spec.thorough else last):
            order += [(repeat, "save")] + ([(repeat, "probe")] if probe else [])
    total = sum(seconds[phase] for _, phase in order)
    plan, start = {}, 0.0
    for repeat, phase in order:
        plan[(repeat, phase)] = (start / total, seconds[phase] / total)
        start += seconds[phase]
    return plan


class RowProgress:
    """Feed it RunEvents; read `rows` (label -> RowState) to draw one bar per row. probe: whether the run
    measures the matmul probe (it rides on the first row's worker)."""

    def __init__(self, spec: BenchmarkSpec, probe: bool = True):
        self.spec = spec
        self.current: str | None = None  # the row whose worker runs now
        self.rows = {}
        # A row's name in any language -> its English label: events name rows in their sender's language.
        self._keys: dict[str, str] = {}
        for index, (backend, api) in enumerate(planned_rows(spec)):
            label = row_label(backend, api, "en")
            self.rows[label] = RowState(label, plan=row_plan(spec, backend, api, probe and index == 0),
                                        backend=backend, api=api, repeats=max(1, spec.repeats))
            self._keys.update({row_label(backend, api, lang): label for lang in LANGS})

    def _advance(self, state: RowState, fraction: float) -> None:
        state.fraction = max(state.fraction, min(fraction, UNFINISHED_CAP))

    def update(self, event: RunEvent) -> RowState | None:
        """The row the event changed, or None for run-level events (waiting, cached, probe...)."""
        state = self.rows.get(self._keys.get(event.label, event.label))
        if state is None:
            return None
        state.repeat = event.repeat
        if event.kind == "row_started":
            self.current = state.label
            phase = "import" if (event.repeat, "import") in state.plan else "build"
            self._advance(state, state.plan.get((event.repeat, phase), (0.0, 0.0))[0])
            state.stage = "starting"
        elif event.kind == "progress":
            start, share = state.plan.get((event.repeat, event.phase), (state.fraction, 0.0))
            counted = event.phase in ("warmup", "train") and event.total
            self._advance(state, start + share * (event.done / event.total if counted else 0.0))
            state.stage, state.phase = "phase", event.phase
            state.done, state.total = (event.done, event.total) if counted else (0, 0)
        elif event.kind == "row_finished":
            self._finish(state, event)
        return state

    def _finish(self, state: RowState, event: RunEvent) -> None:
        if event.message != "ok":
            state.failed, state.finished, state.stage, state.message = True, True, "failed", event.message
        elif event.repeat + 1 >= self.spec.repeats:
            state.fraction, state.finished, state.stage = 1.0, True, "done"
        else:  # a thorough run's repeat: the bar moves to where the next repeat starts
            self._advance(state, state.plan.get((event.repeat + 1, "import"), (state.fraction, 0.0))[0])
            state.stage = "repeat_done"

    def overall(self) -> float:
        """The whole run's progress, 0..1: finished rows count in full."""
        states = list(self.rows.values())
        return sum(1.0 if s.finished else s.fraction for s in states) / max(1, len(states))

    def summary(self) -> str:
        """'row 2 of 4 (Keras 3 on TensorFlow: repeat 1 of 3: timed steps 20/40)', for the lock's holder. In
        English always: the lock file is read by other processes, whatever language their reader has."""
        labels = list(self.rows)
        state = self.rows.get(self.current or "")
        if state is not None and not state.finished:
            return f"row {labels.index(state.label) + 1} of {len(labels)} ({state.label}: {state.text_in('en')})"
        done = sum(s.finished for s in self.rows.values())
        if done == len(labels):
            return f"all {done} rows measured"
        return f"{done} of {len(labels)} rows measured" if done else "starting"
