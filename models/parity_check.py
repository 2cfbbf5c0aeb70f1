"""Keras model vs native twin on one backend: same initial weights, same batch, compare numbers.

    python -m models.parity_check --model mlp --backend torch [--size tiny] [--seed 0] [--batch 32]

prints one JSON line: max |logit difference| before training, the loss difference before the step and
after one plain-SGD step on the same batch (same learning rate on both sides), and ok against --tolerance.
The backend decides the twin: torch -> native PyTorch, tensorflow -> native TensorFlow. KERAS_BACKEND is
set from --backend before Keras is imported, so run this in its own process (or call run_parity in a
worker whose KERAS_BACKEND already equals `backend`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

DEFAULT_TOLERANCE = 1e-4


def _keras_side(name: str, size: str, weights, x, y) -> tuple[np.ndarray, float, float]:
    import keras

    from models.keras_models import build_keras_model, compile_keras_model

    model = compile_keras_model(build_keras_model(name, size, weights))
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    logits = keras.ops.convert_to_numpy(model(x, training=False))
    before = float(keras.ops.convert_to_numpy(loss_fn(y, logits)))
    model.train_on_batch(x, y)
    after = float(keras.ops.convert_to_numpy(loss_fn(y, model(x, training=False))))
    return logits, before, after


def _torch_side(name: str, size: str, weights, x, y) -> tuple[np.ndarray, float, float]:
    import torch

    from models import native_torch as nt

    model = nt.build_torch_model(name, size, weights)
    tx, ty = nt.torch_inputs(name, x), torch.from_numpy(y.astype(np.int64))
    logits = nt.torch_predict(model, tx)
    optimizer = nt.make_torch_optimizer(model, nt.get_config(name, size).learning_rate)
    before = float(nt.torch_train_step(model, optimizer, tx, ty))
    return logits, before, nt.torch_loss(model, tx, ty)


def _tf_side(name: str, size: str, weights, x, y) -> tuple[np.ndarray, float, float]:
    from models import native_tf as ntf

    model = ntf.build_tf_model(name, size, weights)
    tx, ty = ntf.tf_inputs(name, x), ntf.tf.convert_to_tensor(y)
    logits = ntf.make_tf_predict(model)(tx).numpy()
    before = float(ntf.make_tf_train_step(model)(tx, ty))
    return logits, before, ntf.tf_loss(model, tx, ty)


def run_parity(
    name: str, backend: str, size: str = "tiny", seed: int = 0, batch_size: int = 32,
    tolerance: float = DEFAULT_TOLERANCE,
) -> dict:
    """Compare the Keras model and the native twin in this process (KERAS_BACKEND must equal backend)."""
    if os.environ.get("KERAS_BACKEND", "tensorflow") != backend:
        raise RuntimeError(f"KERAS_BACKEND is {os.environ.get('KERAS_BACKEND')!r}, parity needs {backend!r}")
    from models.data import make_dataset
    from models.weights import init_weights

    weights = init_weights(name, size, seed)
    x, y = make_dataset(name, size, seed).batch(0, batch_size)
    k_logits, k_before, k_after = _keras_side(name, size, weights, x, y)
    twin = {"torch": _torch_side, "tensorflow": _tf_side}[backend]
    n_logits, n_before, n_after = twin(name, size, weights, x, y)
    diffs = {
        "max_abs_diff_pred": float(np.max(np.abs(k_logits - n_logits))),
        "loss_diff_before_step": abs(k_before - n_before),
        "loss_diff_first_step": abs(k_after - n_after),
    }
    return {
        "model": name, "size": size, "backend": backend, "seed": seed, "batch_size": batch_size,
        "reference": f"Keras 3 on {backend}", "twin": f"{backend}, native",
        "loss_keras": [k_before, k_after], "loss_native": [n_before, n_after], **diffs,
        "tolerance": tolerance, "ok": all(v <= tolerance for v in diffs.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.parity_check", description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, choices=["mlp", "cnn", "transformer", "lstm"])
    parser.add_argument("--backend", required=True, choices=["torch", "tensorflow"])
    parser.add_argument("--size", default="tiny", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args(argv)
    os.environ["KERAS_BACKEND"] = args.backend
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    result = run_parity(args.model, args.backend, args.size, args.seed, args.batch, args.tolerance)
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
