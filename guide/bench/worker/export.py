"""`python -m guide.bench.worker.export`: build the benchmark's Keras model on one backend (KERAS_BACKEND is set
by the manager before this process starts), save its own predictions on fixed inputs, and export it along every
path of this backend. One JSON line per path on stdout; a path that fails is a line with its error, never a
crash of the others.

Job on stdin: {"spec": DeploySpec, "source": "keras-tensorflow" | "keras-torch", "dir": folder}.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from guide.deploy.schema import DeploySpec, path_by_id

ARTIFACT = {"savedmodel": "savedmodel", "litert": "model.tflite", "litert-fp16": "model_fp16.tflite",
            "litert-int8": "model_int8.tflite", "onnx": "model.onnx", "pt2": "model.pt2"}


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


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


def export_one(model, path_id: str, folder: Path, signature) -> Path:
    out = folder / ARTIFACT[path_id]
    if path_id in ("litert-fp16", "litert-int8"):
        saved = folder / ARTIFACT["savedmodel"]
        if not saved.exists():
            model.export(str(saved), format="tf_saved_model", verbose=False)
        _convert_litert(saved, out, path_id)
    elif path_id in ("savedmodel", "litert"):
        model.export(str(out), format="tf_saved_model" if path_id == "savedmodel" else "litert", verbose=False)
    else:  # onnx, pt2 from the torch backend: without an input signature the batch dimension is fixed at 1
        model.export(str(out), format="onnx" if path_id == "onnx" else "torch", verbose=False,
                     input_signature=signature)
    return out


def main() -> int:
    job = json.loads(sys.stdin.read())
    spec, source, folder = DeploySpec.model_validate(job["spec"]), job["source"], Path(job["dir"])
    import keras

    from models.data import make_dataset
    from models.keras_models import build_keras_model

    model = build_keras_model(spec.model, spec.size, seed=spec.seed)
    x = np.asarray(make_dataset(spec.model, spec.size, seed=spec.seed).x_test[: spec.batch])
    np.savez(folder / "io.npz", x=x, reference=np.asarray(model.predict(x, verbose=0)))
    signature = [keras.InputSpec(shape=(None, *x.shape[1:]), dtype=str(x.dtype))]
    versions = {"keras": keras.__version__, "backend": keras.backend.backend()}
    for path_id in [t for t in spec.targets if path_by_id(t).source == source]:
        start = time.perf_counter()
        line = {"event": "exported", "path": path_id, "versions": versions}
        try:
            artifact = export_one(model, path_id, folder, signature)
            line |= {"ok": True, "artifact": str(artifact), "export_s": time.perf_counter() - start,
                     "size_bytes": size_of(artifact)}
        except Exception as exc:  # noqa: BLE001 - a path that fails is a row with its reason
            traceback.print_exc()
            line |= {"ok": False, "error": first_line(exc)}
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
