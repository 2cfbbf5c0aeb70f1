"""`python -m guide.bench.worker.export`: build the benchmark's Keras model on one backend (KERAS_BACKEND is set
by the manager before this process starts), save its own predictions on fixed inputs, and export it along every
path of this backend. One JSON line per path on stdout; a path that fails is a line with its error, never a
crash of the others.

Job on stdin: {"spec": DeploySpec, "source": "keras-tensorflow" | "keras-torch" | "pytorch", "dir": folder}.
The native PyTorch twin ("pytorch") is exported with torch's own tools and compared with its own outputs.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from guide.deploy.schema import DeploySpec, paths_for

ARTIFACT = {"savedmodel": "savedmodel", "litert": "model.tflite", "litert-fp16": "model_fp16.tflite",
            "litert-int8": "model_int8.tflite", "onnx": "model.onnx", "pt2": "model.pt2",
            "executorch-xnnpack": "model_xnnpack.pte", "openvino": "model.xml", "coreml": "model.mlpackage"}


def size_of(path: Path) -> int:
    """Bytes a team ships: a folder's files, or a file with its companions (torch.onnx writes the weights
    beside the graph as model.onnx.data; OpenVINO's IR is model.xml with its weights in model.bin)."""
    files = path.rglob("*") if path.is_dir() else [*path.parent.glob(path.name + "*"),
                                                   *([path.with_suffix(".bin")] if path.suffix == ".xml" else [])]
    return sum(f.stat().st_size for f in files if f.is_file())


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:400]


def _convert_litert(saved_model: Path, out: Path, variant: str) -> None:
    import tensorflow as tf

    converter = tf.lite.TFLiteConverter.from_saved_model(str(saved_model))
    converter.optimizations = [tf.lite.Optimize.DEFAULT]  # dynamic-range int8 unless float16 is asked for
    if variant == "litert-fp16":
        converter.target_spec.supported_types = [tf.float16]
    out.write_bytes(converter.convert())


def export_executorch(module, example, out: Path) -> Path:
    """torch.export at batch 1, lowered to XNNPACK; what the delegate does not take stays in the portable ops.

    The example is cloned into PyTorch's default layout first. An image tensor with one channel made from NHWC
    numpy data has strides that read as contiguous and as channels_last at once, and torch.export then records
    the channels_last dim order for the input: every ordinary (contiguous) input fed at run time was rejected
    (XNNPACK "Propagating input shapes failed", ExecuTorch errors 0x1 and 0x12). That was our recipe, not
    ExecuTorch: the same model exported from a default-layout example runs and matches."""
    import torch
    from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner
    from executorch.exir import to_edge_transform_and_lower

    program = torch.export.export(module, (example[:1].clone(memory_format=torch.contiguous_format),))
    out.write_bytes(to_edge_transform_and_lower(program, partitioner=[XnnpackPartitioner()]).to_executorch().buffer)
    return out


def export_coreml(module, example, out: Path) -> Path:
    """A Core ML ML program computing in float32 (comparable with the other float32 paths), batch left open.
    Traced rather than torch.export-ed: coremltools 9's ExportedProgram frontend fails on the native CNN ("non-
    contiguous dim order") and LSTM here, while the trace converts both (measured with torch 2.13)."""
    import coremltools as ct
    import torch

    with torch.no_grad():
        traced = torch.jit.trace(module.eval(), (example[:1],))
    dtype = np.float32 if example.is_floating_point() else np.int32  # Core ML has no int64 inputs
    into = ct.TensorType(name="x", shape=(ct.RangeDim(1, 1024), *example.shape[1:]), dtype=dtype)
    ct.convert(traced, inputs=[into], convert_to="mlprogram", compute_precision=ct.precision.FLOAT32).save(str(out))
    return out


def export_one(model, path_id: str, folder: Path, signature) -> Path:
    out = folder / ARTIFACT[path_id]
    if path_id in ("executorch-xnnpack", "coreml"):  # the Keras model on the torch backend is a torch.nn.Module
        import torch

        example = torch.from_numpy(np.load(folder / "io.npz")["x"])
        return (export_executorch if path_id == "executorch-xnnpack" else export_coreml)(model, example, out)
    if path_id in ("litert-fp16", "litert-int8"):
        saved = folder / ARTIFACT["savedmodel"]
        if not saved.exists():
            model.export(str(saved), format="tf_saved_model", verbose=False)
        _convert_litert(saved, out, path_id)
    elif path_id in ("savedmodel", "litert"):
        model.export(str(out), format="tf_saved_model" if path_id == "savedmodel" else "litert", verbose=False)
    else:  # onnx, pt2, openvino: without an input signature the torch backend fixes the batch dimension at 1
        if path_id == "openvino":  # from its import on, OpenVINO writes ~/intel/ telemetry and sends it unless CI=true
            os.environ["CI"] = "true"
        model.export(str(out), format={"onnx": "onnx", "pt2": "torch"}.get(path_id, path_id), verbose=False,
                     input_signature=signature)
    return out


def export_native(module, torch, path_id: str, folder: Path, example) -> Path:
    """The native twin as a PyTorch user ships it, with the batch dimension left dynamic."""
    batch = {0: torch.export.Dim("batch", min=1, max=1024)}
    out = folder / ARTIFACT[path_id]
    if path_id == "executorch-xnnpack":
        return export_executorch(module, example, out)
    if path_id == "coreml":
        return export_coreml(module, example, out)
    if path_id == "onnx":
        torch.onnx.export(module, (example,), str(out), dynamo=True, dynamic_shapes=(batch,), verbose=False)
    else:
        torch.export.save(torch.export.export(module, (example,), dynamic_shapes=(batch,)), str(out))
    return out


def _keras_exporter(spec: DeploySpec, x: np.ndarray, folder: Path):
    import keras

    from models.keras_models import build_keras_model

    model = build_keras_model(spec.model, spec.size, seed=spec.seed)
    np.savez(folder / "io.npz", x=x, reference=np.asarray(model.predict(x, verbose=0)))
    signature = [keras.InputSpec(shape=(None, *x.shape[1:]), dtype=str(x.dtype))]
    versions = {"keras": keras.__version__, "backend": keras.backend.backend()}
    return (lambda path_id: export_one(model, path_id, folder, signature)), versions


def _pytorch_exporter(spec: DeploySpec, x: np.ndarray, folder: Path):
    import torch

    from models.native_torch import build_torch_twin, torch_inputs

    twin = build_torch_twin(spec.model, spec.size, seed=spec.seed)
    twin.module.eval()
    example = torch_inputs(spec.model, x)  # the twin's own layout (NCHW images): what its runtime is fed
    np.savez(folder / "io.npz", x=example.numpy(), reference=twin.predict(x))
    return (lambda path_id: export_native(twin.module, torch, path_id, folder, example)), {"torch": torch.__version__}


def main() -> int:
    job = json.loads(sys.stdin.read())
    spec, source, folder = DeploySpec.model_validate(job["spec"]), job["source"], Path(job["dir"])
    from models.data import make_dataset

    x = np.asarray(make_dataset(spec.model, spec.size, seed=spec.seed).x_test[: spec.batch])
    exporter = _pytorch_exporter if source == "pytorch" else _keras_exporter
    export, versions = exporter(spec, x, folder)
    # Each artifact once: paths that run another path's artifact (onnx-web, http-onnx) reuse its export.
    for path_id in dict.fromkeys(p.artifact_id for p in paths_for(spec.targets, source) if p.not_here is None):
        start = time.perf_counter()
        line = {"event": "exported", "path": path_id, "versions": versions}
        try:
            artifact = export(path_id)
            line |= {"ok": True, "artifact": str(artifact), "export_s": time.perf_counter() - start,
                     "size_bytes": size_of(artifact)}
        except Exception as exc:  # noqa: BLE001 - a path that fails is a row with its reason
            traceback.print_exc()
            line |= {"ok": False, "error": first_line(exc)}
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
