"""Keras model vs native twin on one backend: same initial weights, same batch, compare numbers.

    python -m benchmarks.parity_check --model mlp --backend torch [--size tiny] [--seed 0] [--batch 32] [--jit]
    python -m benchmarks.parity_check --model all --backend tensorflow      (or several: --model mlp cnn)

prints one JSON line per model: the max |logit difference| before training, and the loss difference before
and after one plain-SGD step on the same batch (same learning rate on both sides); ok means all three are
within --tolerance. The backend decides the twin (torch -> native PyTorch, tensorflow -> native TensorFlow),
built through the same build_torch_twin / build_tf_twin the benchmark worker uses. --jit compiles both sides
(torch.compile on torch: tens of seconds per model; XLA on TensorFlow). KERAS_BACKEND is set from --backend
before Keras is imported, so run this in its own process, or call run_parity in a worker whose
KERAS_BACKEND already equals `backend`. Exit status 1 if any model is outside the tolerance.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

DEFAULT_TOLERANCE = 1e-4
PARITY_MODELS = ("mlp", "cnn", "transformer", "lstm")


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean sparse cross-entropy from logits, in float64 numpy, so both sides are scored by one function."""
    z = logits.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _keras_side(name, size, weights, x, y, jit: bool) -> tuple[np.ndarray, float, float]:
    from models.keras_models import build_keras_model, compile_keras_model

    model = compile_keras_model(build_keras_model(name, size, weights), jit_compile=jit)
    logits = np.asarray(model.predict_on_batch(x))
    before = float(model.train_on_batch(x, y, return_dict=True)["loss"])
    return logits, before, cross_entropy(np.asarray(model.predict_on_batch(x)), y)


def _twin_side(name, size, weights, x, y, backend: str, jit: bool) -> tuple[np.ndarray, float, float]:
    if backend == "torch":
        from models.native_torch import build_torch_twin

        twin = build_torch_twin(name, size, weights, compile=jit)
    else:
        from models.native_tf import build_tf_twin

        twin = build_tf_twin(name, size, weights, jit_compile=jit)
    logits = twin.predict(x)
    before = twin.train_step(x, y)
    return logits, before, cross_entropy(twin.predict(x), y)


def run_parity(
    name: str, backend: str, size: str = "tiny", seed: int = 0, batch_size: int = 32,
    tolerance: float = DEFAULT_TOLERANCE, jit: bool = False,
) -> dict:
    """Compare the Keras model and the native twin in this process (KERAS_BACKEND must equal backend)."""
    if os.environ.get("KERAS_BACKEND", "tensorflow") != backend:
        raise RuntimeError(f"KERAS_BACKEND is {os.environ.get('KERAS_BACKEND')!r}, parity needs {backend!r}")
    from models.data import make_dataset
    from models.weights import initial_weights

    weights = initial_weights(name, size, seed)
    x, y = make_dataset(name, size, seed).batch(0, batch_size)
    k_logits, k_before, k_after = _keras_side(name, size, weights, x, y, jit)
    n_logits, n_before, n_after = _twin_side(name, size, weights, x, y, backend, jit)
    diffs = {
        "max_abs_diff_pred": float(np.max(np.abs(k_logits - n_logits))),
        "loss_diff_before_step": abs(k_before - n_before),
        "loss_diff_first_step": abs(k_after - n_after),
    }
    return {
        "model": name, "size": size, "backend": backend, "jit": jit, "seed": seed, "batch_size": batch_size,
        "reference": f"Keras 3 on {backend}", "twin": f"{backend}, native",
        "loss_keras": [k_before, k_after], "loss_native": [n_before, n_after], **diffs,
        "keras_loss_matches_numpy": abs(k_before - cross_entropy(k_logits, y)) <= tolerance,
        "tolerance": tolerance, "ok": all(v <= tolerance for v in diffs.values()),
    }


def _reset_dynamo() -> None:
    """Forget earlier models' compiled graphs. Without this, torch.compile sees Keras's shared call code again
    with new shapes, marks them dynamic, and Inductor in torch 2.13 fails on the CNN ("cannot determine truth
    value of Relational"); one model per process, as in the benchmark worker, never meets this."""
    import torch

    torch._dynamo.reset()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parity_check", description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, nargs="+", choices=[*PARITY_MODELS, "all"])
    parser.add_argument("--backend", required=True, choices=["torch", "tensorflow"])
    parser.add_argument("--size", default="tiny", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--jit", action="store_true", help="jit_compile=True on both sides")
    args = parser.parse_args(argv)
    os.environ["KERAS_BACKEND"] = args.backend
    os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    ok = True
    for name in PARITY_MODELS if "all" in args.model else args.model:
        if args.jit and args.backend == "torch":
            _reset_dynamo()
        result = run_parity(name, args.backend, args.size, args.seed, args.batch, args.tolerance, args.jit)
        print(json.dumps(result), flush=True)
        ok = ok and result["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
