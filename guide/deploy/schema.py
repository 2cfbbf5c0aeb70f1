"""Deployment checks as data: the paths a team would ship (source -> artifact -> runtime), what to check, and
what each path gave. Shared by the manager (guide.deploy.runner) and the workers (guide.bench.worker.export,
guide.bench.worker.runtime); pydantic only, no framework."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from guide.bench.schema import MachineInfo, ModelName, Size, row_label

DEPLOY_SCHEMA_VERSION = 1
Stage = Literal["export", "load", "run", "parity"]
Source = Literal["keras-tensorflow", "keras-torch", "keras-jax", "pytorch"]
RUNTIME_WORKER = "guide.bench.worker.runtime"
# (backend, api) of each export source; named by row_label when drawn, so the name follows the language and a
# Keras backend is never called the framework.
SOURCE_ROW = {"keras-tensorflow": ("tensorflow", "keras"), "keras-torch": ("torch", "keras"),
              "keras-jax": ("jax", "keras"), "pytorch": ("torch", "native")}


def source_label(source: str) -> str:
    return row_label(*SOURCE_ROW[source]) if source in SOURCE_ROW else source

HTTP_WORKER = "guide.bench.worker.serve_client"  # starts the server, measures it as its client


class DeployPath(BaseModel):
    """One way to ship the model: which backend exports it, into what, and which runtime runs it."""

    model_config = ConfigDict(frozen=True)
    id: str
    source: Source
    exporter: str
    runtime: str
    precision: str = "float32"
    tolerance: float = Field(description="max abs difference to the Keras model's own outputs that counts as equal")
    artifact_of: str | None = Field(None, description="the path whose artifact this one runs (onnx-web: onnx)")
    worker: str = Field(RUNTIME_WORKER, description="the module that runs the artifact in its own process")
    not_here: str | None = Field(None, description="why this path cannot be tried with these versions or here")

    @property
    def artifact_id(self) -> str:
        return self.artifact_of or self.id


# Tolerances per precision: float32 paths must agree to rounding; float16 weights and int8 dynamic-range
# quantisation change the outputs by design (measured here: ~4e-4 and ~1e-2 on the MLP's logits).
WEB_WORKER, WEB_RUNTIME = "guide.bench.worker.web", "onnxruntime-web (WASM) in headless Chromium"
OPENVINO_F32 = "float32 (inference precision hint f32)"
COREML_RUNTIME = "Core ML (coremltools MLModel, CPU only; macOS only)"
COREML_F32 = "float32 (ML program, compute precision FLOAT32)"
PATHS: tuple[DeployPath, ...] = (
    DeployPath(id="savedmodel", source="keras-tensorflow", exporter="Keras model.export (tf_saved_model)",
               runtime="TensorFlow SavedModel (tf.saved_model.load, serving signature)",
               tolerance=1e-4),
    DeployPath(id="savedmodel", source="keras-jax", exporter="Keras model.export (tf_saved_model, via jax2tf) on JAX",
               runtime="TensorFlow SavedModel (tf.saved_model.load, serving signature)",
               tolerance=1e-4),
    DeployPath(id="litert", source="keras-tensorflow", exporter="Keras model.export (litert)",
               runtime="LiteRT interpreter (ai_edge_litert, XNNPACK)",
               tolerance=1e-4),
    # Keras exports LiteRT from the torch backend only through litert-torch, whose 0.10 release forces
    # pydantic 2.11 (this guide pins 2.14.4): said, not installed.
    DeployPath(id="litert", source="keras-torch", exporter="Keras model.export (litert) on torch, needs litert-torch",
               runtime="LiteRT interpreter (ai_edge_litert, XNNPACK)", tolerance=1e-4,
               not_here="not available with these versions: litert-torch 0.10 requires pydantic 2.11, "
                        "and this guide pins pydantic 2.14.4"),
    DeployPath(id="litert-fp16", source="keras-tensorflow", exporter="TF LiteRT converter, float16 weights",
               runtime="LiteRT interpreter (ai_edge_litert, XNNPACK)",
               precision="float16 weights", tolerance=2e-2),
    DeployPath(id="litert-int8", source="keras-tensorflow", exporter="TF LiteRT converter, dynamic-range int8",
               runtime="LiteRT interpreter (ai_edge_litert, XNNPACK)",
               precision="int8 weights (dynamic range)", tolerance=2e-1),
    DeployPath(id="onnx", source="keras-torch", exporter="Keras model.export (onnx) on the torch backend",
               runtime="ONNX Runtime (CPU)", tolerance=1e-4),
    DeployPath(id="onnx", source="keras-tensorflow", exporter="Keras model.export (onnx, via tf2onnx) on TensorFlow",
               runtime="ONNX Runtime (CPU)", tolerance=1e-4),
    DeployPath(id="onnx", source="pytorch", exporter="torch.onnx.export (dynamo) of the native PyTorch twin",
               runtime="ONNX Runtime (CPU)", tolerance=1e-4),
    # OpenVINO runs float32 models in bfloat16 on CPUs that have it unless hinted (diff ~3e-3): the runtime
    # compiles with the f32 hint and fails the load if OpenVINO did not take it.
    DeployPath(id="openvino", source="keras-torch",
               exporter="Keras model.export (openvino, via torch.jit.trace) on the torch backend",
               runtime="OpenVINO Runtime (CPU)", precision=OPENVINO_F32, tolerance=1e-4),
    DeployPath(id="openvino", source="keras-tensorflow", exporter="Keras model.export (openvino) on TensorFlow",
               runtime="OpenVINO Runtime (CPU)", precision=OPENVINO_F32, tolerance=1e-4),
    DeployPath(id="pt2", source="keras-torch", exporter="Keras model.export (torch: torch.export .pt2)",
               runtime="torch.export.load, eager PyTorch", tolerance=1e-4),
    DeployPath(id="pt2", source="pytorch", exporter="torch.export.save of the native PyTorch twin",
               runtime="torch.export.load, eager PyTorch", tolerance=1e-4),
    # ExecuTorch lowers a batch-1 program (a .pte keeps the batch it was exported at): the phone path of PyTorch.
    DeployPath(id="executorch-xnnpack", source="keras-torch",
               exporter="torch.export of the Keras model, lowered by ExecuTorch to XNNPACK",
               runtime="ExecuTorch runtime (XNNPACK delegate)", tolerance=1e-4),
    DeployPath(id="executorch-xnnpack", source="pytorch",
               exporter="torch.export of the native twin, lowered by ExecuTorch to XNNPACK",
               runtime="ExecuTorch runtime (XNNPACK delegate)", tolerance=1e-4),
    # Core ML: coremltools converts on any system, but only macOS can run the package; elsewhere the row says
    # converted, not run (size and export time only).
    DeployPath(id="coreml", source="keras-torch",
               exporter="coremltools 9 convert of the traced Keras model (torch backend) to an ML program",
               runtime=COREML_RUNTIME, precision=COREML_F32, tolerance=1e-4),
    DeployPath(id="coreml", source="pytorch",
               exporter="coremltools 9 convert of the traced native PyTorch twin to an ML program",
               runtime=COREML_RUNTIME, precision=COREML_F32, tolerance=1e-4),
    # HTTP serving: the server-side artifacts behind a small Starlette app on one uvicorn worker, JSON in and out
    # (what a team's first server uses), measured by a client on another core: ready time, per-request latency
    # and the server's CPU time and memory.
    DeployPath(id="http-savedmodel", source="keras-tensorflow", exporter="Keras model.export (tf_saved_model)",
               runtime="Starlette on uvicorn, TensorFlow SavedModel inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="savedmodel", worker=HTTP_WORKER),
    DeployPath(id="http-pt2", source="keras-torch", exporter="Keras model.export (torch: torch.export .pt2)",
               runtime="Starlette on uvicorn, torch.export.load inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="pt2", worker=HTTP_WORKER),
    DeployPath(id="http-pt2", source="pytorch", exporter="torch.export.save of the native PyTorch twin",
               runtime="Starlette on uvicorn, torch.export.load inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="pt2", worker=HTTP_WORKER),
    DeployPath(id="http-onnx", source="keras-torch", exporter="Keras model.export (onnx) on the torch backend",
               runtime="Starlette on uvicorn, ONNX Runtime inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="onnx", worker=HTTP_WORKER),
    DeployPath(id="http-onnx", source="keras-tensorflow",
               exporter="Keras model.export (onnx, via tf2onnx) on TensorFlow",
               runtime="Starlette on uvicorn, ONNX Runtime inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="onnx", worker=HTTP_WORKER),
    DeployPath(id="http-onnx", source="pytorch", exporter="torch.onnx.export (dynamo) of the native PyTorch twin",
               runtime="Starlette on uvicorn, ONNX Runtime inside (JSON over HTTP)", tolerance=1e-4,
               artifact_of="onnx", worker=HTTP_WORKER),
    # The dedicated model servers take the same artifacts but install only outside PyPI and Debian (checked
    # 2026-12 with pip and apt): said, not tried.
    DeployPath(id="http-tfserving", source="keras-tensorflow", exporter="Keras model.export (tf_saved_model)",
               runtime="TensorFlow Serving (tensorflow_model_server, REST)", tolerance=1e-4, artifact_of="savedmodel",
               not_here="not installable here: TensorFlow Serving's server ships as a Docker image or as a .deb from "
                        "Google's own apt repository, neither PyPI (tensorflow-serving-api is only its client) nor "
                        "Debian"),
    DeployPath(id="http-triton", source="pytorch", exporter="torch.onnx.export (dynamo) of the native PyTorch twin",
               runtime="Triton Inference Server, ONNX Runtime backend (HTTP/REST)", tolerance=1e-4, artifact_of="onnx",
               not_here="not installable here: Triton's server ships as NVIDIA's NGC container; PyPI has only its "
                        "client (tritonclient), its in-process API (tritonserver, which needs the container's "
                        "library) and PyTriton 0.7, which bundles a server but requires numpy < 2 (this guide pins "
                        "numpy 2.4.6)"),
    # The browser: the ONNX artifact run by onnxruntime-web (WASM, one thread) in headless Chromium.
    DeployPath(id="onnx-web", source="keras-torch", exporter="Keras model.export (onnx) on the torch backend",
               runtime=WEB_RUNTIME, tolerance=1e-4, artifact_of="onnx", worker=WEB_WORKER),
    DeployPath(id="onnx-web", source="keras-tensorflow",
               exporter="Keras model.export (onnx, via tf2onnx) on TensorFlow",
               runtime=WEB_RUNTIME, tolerance=1e-4, artifact_of="onnx", worker=WEB_WORKER),
    DeployPath(id="onnx-web", source="pytorch", exporter="torch.onnx.export (dynamo) of the native PyTorch twin",
               runtime=WEB_RUNTIME, tolerance=1e-4, artifact_of="onnx", worker=WEB_WORKER),
)
PATH_IDS = tuple(dict.fromkeys(p.id for p in PATHS))


def paths_for(targets: tuple[str, ...], source: str | None = None) -> list[DeployPath]:
    """Every (path, source) pair of the targets, in the order of PATHS; only one source's when given."""
    return [p for p in PATHS if p.id in targets and source in (None, p.source)]


class DeploySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int = DEPLOY_SCHEMA_VERSION
    model: ModelName = "mlp"
    size: Size = "small"
    targets: tuple[str, ...] = PATH_IDS
    runs: int = Field(200, ge=10, le=10_000, description="timed batch-1 inferences per path")
    batch: int = Field(4, ge=2, le=256, description="the batch that tests a dynamic batch dimension")
    threads: int = Field(1, ge=1, le=256)
    timeout_s: float = Field(300, gt=0)
    seed: int = 0

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, targets: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in targets if t not in PATH_IDS]
        if unknown:
            raise ValueError(f"unknown deployment path {unknown[0]!r}; the paths are {', '.join(PATH_IDS)}")
        return tuple(dict.fromkeys(targets)) or PATH_IDS

    def sources(self) -> list[str]:
        """The sources with something to export (a path that cannot be tried here needs no export)."""
        return list(dict.fromkeys(p.source for p in paths_for(self.targets) if p.not_here is None))


Figure = Annotated[float, Field(ge=0, allow_inf_nan=False)]  # a measured figure: finite, never negative


class DeployRow(BaseModel):
    """What one path gave: ok, or the stage that failed with the first line of the real error."""

    model_config = ConfigDict(extra="forbid")
    path: str
    source: str
    runtime: str
    precision: str = "float32"
    ok: bool
    tried: bool = Field(True, description="False: not run here (error says why), which is not a failure of the path")
    stage: Stage | None = None
    error: str | None = None
    size_bytes: int | None = None
    export_s: float | None = None
    runtime_import_s: float | None = None
    load_s: float | None = Field(None, description="loading the artifact into the runtime (inside the server for "
                                                   "HTTP paths), after importing the runtime")
    ready_s: float | None = Field(None, description="HTTP paths: server process start to its first 200 on /health "
                                                    "(interpreter, imports, load, server start)")
    latency_ms: Figure | None = Field(None, description="batch-1 median")
    latency_p95_ms: Figure | None = None
    cpu_ms_per_inference: Figure | None = Field(None, description="process CPU time per batch-1 inference")
    dynamic_batch: bool | None = None
    max_abs_diff: float | None = None
    tolerance: float | None = None
    peak_rss_mb: float | None = Field(None, description="peak RSS of the runtime-only process")
    # What the one statistical judgement resamples (guide.evidence.claims, deployment checks). Figures are finite
    # and never negative (a file that says otherwise is refused); 0.0 ms samples come from Chromium's coarse timer
    # (onnx-web) and are shown, never compared.
    latency_samples_ms: list[Figure] = Field(default_factory=list, description="every timed batch-1 inference")
    cpu_samples_ms: list[Figure] = Field(default_factory=list,
                                         description="CPU ms per inference over each tenth of the timed runs")
    # The busy-machine rule of benchmark rows (guide.bench.cpu.is_busy): how many cores other processes kept
    # busy while the path was timed; `noisy`/`noise_note` say so for display, the judgement derives busy afresh.
    other_load_cores: Figure | None = None
    noisy: bool = False
    noise_note: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)


class DeployResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int = DEPLOY_SCHEMA_VERSION
    id: str = Field(default_factory=lambda: f"deploy-{secrets.token_hex(4)}")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    spec: DeploySpec
    machine: MachineInfo
    rows: list[DeployRow]

    def row(self, path: str, source: str) -> DeployRow | None:
        return next((r for r in self.rows if (r.path, r.source) == (path, source)), None)
