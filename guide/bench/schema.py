"""The benchmark boundary: what is asked (BenchmarkSpec) and what comes back (BenchmarkResult).

Every number a page, a rule or a report shows comes from these models. A result carries the machine and
versions it was measured with, so results from different machines are labelled, never silently merged.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from guide.text import Lang, t

SCHEMA_VERSION = 2
# 1 -> 2: `spec.thorough` (version 1 always ran a process per repeat), per-repeat samples and figures in rows.

Backend = Literal["torch", "tensorflow", "jax"]
Api = Literal["keras", "native"]
ModelName = Literal["mlp", "cnn", "transformer", "lstm"]
Size = Literal["tiny", "small", "medium", "large"]
SIZES: tuple[str, ...] = get_args(Size)  # the one list, smallest first (models.registry.SIZES agrees: a test)

BACKEND_LABEL = {"torch": "torch", "tensorflow": "TensorFlow", "jax": "JAX"}


def default_threads() -> int:
    """Every core but one: the app's own server and browser stay responsive, and torch's OpenMP threads do not
    collapse when another process wants a core (measured here: native torch MLP step 0.75 ms at 1 thread on 2
    busy cores, median 3.6 ms and p95 140 ms at 2 threads)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2)
    return max(1, cores - 1)


def row_label(backend: str, api: str, lang: Lang | None = None) -> str:
    """The plain name every table and chart uses, in the current (or given) language: a Keras backend is not
    the framework. RowResult.label keeps the English one, so stored files and progress keys never depend on
    who looked; views name a row by RowResult.name."""
    if api == "native":
        if backend in BACKEND_LABEL:
            return t(f"bench.row.native.{backend}", lang)
        return t("bench.row.native_other", lang, backend=backend)
    return t("bench.row.keras", lang, backend=BACKEND_LABEL.get(backend, backend))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Every measured figure is a finite, non-negative number: an imported file with a negative step time or an
# infinite latency is refused with the field's name, never shown as "-5.00".
Measure = Annotated[float, Field(ge=0, allow_inf_nan=False)]
RESULT_ID = r"^[A-Za-z0-9_-]{0,64}$"  # ids travel in links and file names: no dots, no slashes
MAX_PEAK_SHARE = 3.0  # the peak is a probe, so a little above 1 is possible; far above it is a broken file


class BenchmarkSpec(Strict):
    model: ModelName = "mlp"
    size: Size = "small"
    batch_size: int = Field(64, ge=1, le=4096)
    steps: int = Field(50, ge=1, le=10_000, description="timed training steps per repeat, after warm-up")
    warmup: int = Field(5, ge=0, le=1000, description="untimed steps before timing")
    repeats: int = Field(3, ge=1, le=20, description="repeats per row: inside one worker by default; with "
                                                    "thorough, a worker each, rows alternated A B A B")
    backends: list[Backend] = Field(default_factory=lambda: ["torch", "tensorflow"], min_length=1)
    native: bool = Field(False, description="add native PyTorch / TensorFlow rows beside the Keras rows")
    jit_compile: bool = False
    thorough: bool = Field(False, description="a fresh worker process per repeat (slower: every repeat pays the "
                                               "imports); default: one process per row, repeats inside it")
    threads: int = Field(default_factory=default_threads, ge=1, le=256,
                         description="intra-op thread budget, equal for every row (default: all cores but one)")
    infer_batch: int = Field(256, ge=1, le=65_536)
    seed: int = 0
    timeout_s: float = Field(300.0, gt=0, description="per repeat of a worker")

    @field_validator("backends")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    def cache_key(self) -> str:
        """Identical specs share a key; timeout does not change what is measured."""
        return self.model_dump_json(exclude={"timeout_s"})


class Stats(Strict):
    n: int = Field(ge=1)
    median: Measure
    mean: Measure
    stdev: Measure
    p5: Measure
    p95: Measure
    iqr: Measure
    cv: Measure = Field(description="coefficient of variation, stdev / mean")
    min: Measure
    max: Measure


class Parity(Strict):
    reference: str = Field(description="row label the predictions were compared against")
    max_abs_diff_pred: float | None = None
    loss_diff_first_step: float | None = None
    tolerance: float
    ok: bool


class MachineInfo(Strict):
    hostname: str = ""
    os: str = ""
    cpu_model: str = ""
    cpu_cores: int = 0
    gpu: str | None = None
    python: str = ""
    threads: int = 0
    git_commit: str | None = None
    probe_gflops: float | None = Field(None, description="achievable matmul GFLOP/s at the thread budget")
    probe_device: str | None = None
    energy_source: str = "not available"
    # Added by the harness (optional): other work on the machine makes every timing slower and noisier.
    load_avg_1m: float | None = Field(None, description="1-minute load average when the run started")

    @property
    def label(self) -> str:
        """The machine in a few words, as every view names it: CPU, cores and the GPU where there is one."""
        return f"{self.cpu_model} ({self.cpu_cores} cores{', ' + self.gpu if self.gpu else ''})"

    @property
    def name(self) -> str:
        """The machine as label says it, in the reader's language (label stays English: results are grouped,
        stored and matched by it)."""
        if self.gpu:
            return t("bench.machine.name_gpu", cpu=self.cpu_model, cores=self.cpu_cores, gpu=self.gpu)
        return t("bench.machine.name", cpu=self.cpu_model, cores=self.cpu_cores)

    @property
    def probe_text(self) -> str:
        return f"{self.probe_gflops:,.1f} GFLOP/s ({self.probe_device})" if self.probe_gflops else \
            f"not measured{': ' + self.probe_device if self.probe_device else ''}"

    def fingerprint(self) -> str:
        """What must match for two results to be compared as one machine."""
        return f"{self.cpu_model}|{self.cpu_cores}|{self.gpu}|{self.threads}"


class RowResult(Strict):
    backend: Backend
    api: Api = "keras"
    label: str = ""
    ok: bool
    error: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)
    device: str = "cpu"
    import_s: Measure | None = None
    build_s: Measure | None = Field(None, description="model build + compile (+ first prediction)")
    first_step_s: Measure | None = Field(None, description="first training step: tracing / compilation")
    train_step_ms: Stats | None = None
    samples_per_s: Stats | None = None
    infer_latency_ms: dict[str, Stats] = Field(
        default_factory=dict, description="keys 'batch_1' and 'batch_<N>'"
    )
    peak_rss_mb: Measure | None = None
    model_size_bytes: int | None = Field(None, ge=0)
    loss_curve: list[float] = Field(default_factory=list)
    test_accuracy: float | None = Field(None, ge=0, le=1)
    cpu_time_s: Measure | None = Field(None, description="process CPU time of the timed training phase")
    cpu_ms_per_inference: Measure | None = Field(None, description="CPU time per batch-1 inference")
    energy_j: Measure | None = None
    flops_train_step: Measure | None = None
    flops_inference: Measure | None = Field(None, description="per sample")
    achieved_gflops: dict[str, Measure] = Field(default_factory=dict, description="keys 'train', 'infer'")
    peak_share: dict[str, Annotated[float, Field(ge=0, le=MAX_PEAK_SHARE, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="achieved / probe peak; above 1 is possible (the peak is a probe)")
    parity: Parity | None = None
    noisy: bool = False
    noise_note: str | None = None
    wall_s: Measure | None = None
    # Added by the harness (optional, so older result files still load):
    train_step_samples_ms: list[Measure] = Field(
        default_factory=list, description="every timed step of every repeat, for distribution charts"
    )
    repeat_medians_ms: list[Measure] = Field(default_factory=list, description="median step of each repeat")
    other_load_cores: float | None = Field(
        None, description="CPU cores' worth of work done by other processes during the timed steps"
    )
    execution: str | None = Field(None, description="how the step ran: eager, tf.function, XLA, torch.compile, jax.jit")
    # Schema 2: what the one statistical judgement (guide.evidence.judgement) resamples. Older rows lack them and are
    # judged from their summaries instead.
    repeat_samples_ms: dict[str, list[list[Measure]]] = Field(
        default_factory=dict,
        description="per metric ('train_step', 'infer_batch_1', 'infer_batch_<N>', 'cpu_infer_batch_1'): "
                    "one list of samples (ms) per repeat",
    )
    repeat_values: dict[str, list[Measure]] = Field(
        default_factory=dict,
        description="one-off figures per repeat: 'startup_s' (import + build + first step), 'cpu_ms_per_inference'",
    )

    def model_post_init(self, _context: object) -> None:
        # Always derived, never read from a file: an imported result cannot relabel a Keras row "native".
        self.label = row_label(self.backend, self.api, "en")

    @property
    def name(self) -> str:
        """The row's name in the reader's language (label stays English: it is the row's stable name)."""
        return row_label(self.backend, self.api)


class BenchmarkResult(Strict):
    schema_version: int = SCHEMA_VERSION
    id: str = Field("", pattern=RESULT_ID)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    spec: BenchmarkSpec
    machine: MachineInfo
    rows: list[RowResult]
    wall_s: Measure | None = None
    source: str = Field("local", description="'local' or where an imported result came from")

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: object) -> object:
        """Results written by older versions keep loading: version 1 ran every repeat in its own process."""
        if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) < SCHEMA_VERSION:
            data = dict(data)
            if data.get("schema_version") == 1 and isinstance(data.get("spec"), dict):
                data["spec"] = {**data["spec"], "thorough": True}
            data["schema_version"] = SCHEMA_VERSION
        return data

    def row(self, backend: str, api: str = "keras") -> RowResult | None:
        return next((r for r in self.rows if r.backend == backend and r.api == api), None)


class ProgressEvent(Strict):
    """One JSON line a worker streams while it runs."""

    event: Literal["progress"] = "progress"
    backend: Backend
    api: Api
    phase: str
    done: int = 0
    total: int = 0
    message: str = ""
