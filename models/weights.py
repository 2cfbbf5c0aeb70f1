"""Initial weights in numpy, one seed -> one set of arrays that every framework loads.

Keys are Keras variable paths (see registry.weight_shapes). Rules, matching Keras's defaults where they
are simple: kernels (Dense, Conv2D, MultiHeadAttention projections, LSTM input and recurrent kernels)
glorot-uniform; biases zero, except the LSTM forget-gate bias, which is one (Keras's unit_forget_bias);
LayerNorm gamma one, beta zero; embeddings uniform(-0.05, 0.05) (Keras's Embedding default).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from models.registry import weight_shapes

Weights = dict[str, np.ndarray]


def fans(path: str, shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) as Keras computes them: Conv2D uses the receptive field; MHA kernels fold heads."""
    if len(shape) == 4:  # conv HWIO
        receptive = shape[0] * shape[1]
        return shape[2] * receptive, shape[3] * receptive
    if len(shape) == 3:
        if path.endswith("attention_output/kernel"):  # (heads, key_dim, d)
            return shape[0] * shape[1], shape[2]
        return shape[0], shape[1] * shape[2]  # (d, heads, key_dim)
    return shape[0], shape[1]


def _init_one(path: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    leaf = path.rsplit("/", 1)[-1]
    if leaf in ("kernel", "recurrent_kernel"):
        fan_in, fan_out = fans(path, shape)
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=shape).astype(np.float32)
    if leaf == "embeddings":
        return rng.uniform(-0.05, 0.05, size=shape).astype(np.float32)
    if leaf == "gamma":
        return np.ones(shape, np.float32)
    bias = np.zeros(shape, np.float32)
    if path.startswith("lstm/") and leaf == "bias":
        units = shape[0] // 4
        bias[units : 2 * units] = 1.0  # forget gate
    return bias


def initial_weights(name: str, size: str, seed: int = 0) -> Weights:
    """Fresh float32 weights for (name, size); the same seed gives identical arrays on every machine."""
    rng = np.random.default_rng([seed, 0x5EED])
    return {path: _init_one(path, shape, rng) for path, shape in weight_shapes(name, size).items()}




def check_weights(name: str, size: str, weights: Weights) -> None:
    """Raise ValueError when keys or shapes differ from the registry's."""
    expected = weight_shapes(name, size)
    if set(expected) != set(weights):
        missing = sorted(set(expected) - set(weights))
        extra = sorted(set(weights) - set(expected))
        raise ValueError(f"{name}/{size} weights: missing {missing}, unexpected {extra}")
    for path, shape in expected.items():
        if tuple(weights[path].shape) != shape:
            raise ValueError(f"{path}: shape {tuple(weights[path].shape)}, expected {shape}")


def save_weights(path: str | Path, weights: Weights) -> None:
    """One .npz file; keys keep their slashes."""
    np.savez(Path(path), **weights)


def load_weights(path: str | Path) -> Weights:
    with np.load(Path(path)) as data:
        return {key: data[key].astype(np.float32) for key in data.files}
