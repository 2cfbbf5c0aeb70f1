"""FLOPs per sample counted from the layer shapes in the registry: pure, numpy-free, no framework.

Conventions (the usual ones for "model FLOPs", and what torch.utils.flop_counter.FlopCounterMode counts):
- One multiply-add is 2 FLOPs. Only matrix products are counted: Dense, Conv2D, the attention projections,
  the two attention products (Q·Kᵀ and weights·V) and the LSTM's input and recurrent products.
  Bias adds, activations, softmax, LayerNorm, pooling and embedding lookups are left out: they are a few
  per cent at most of these models' totals, and frameworks differ in how they fuse them.
- Training = forward + backward, with backward ≈ 2 × forward (one product for the gradient with respect to
  the inputs, one with respect to the weights), so train_per_sample = 3 × forward_per_sample. The exact
  figure is a little lower, since the first layer needs no input gradient.
- Per sample: a batch of B costs B times these figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.registry import IMAGE_SIDE, ModelConfig, model_config

TRAIN_FACTOR = 3


@dataclass(frozen=True)
class FlopCount:
    """FLOPs for one sample, and the per-layer terms they are the sum of."""

    forward_per_sample: int
    train_per_sample: int
    breakdown: tuple[tuple[str, int], ...] = ()


def count_flops(name: str, size: str) -> FlopCount:
    """Forward and training FLOPs per sample for (name, size), counted as the module docstring says."""
    cfg = model_config(name, size)
    terms = {"mlp": _mlp, "cnn": _cnn, "transformer": _transformer, "lstm": _lstm}[name](cfg)
    forward = sum(flops for _, flops in terms)
    return FlopCount(forward, TRAIN_FACTOR * forward, tuple(terms))


def matmul_flops(rows: int, inner: int, cols: int) -> int:
    """(rows × inner) @ (inner × cols): rows·cols dot products of length inner, 2 FLOPs per multiply-add."""
    return 2 * rows * inner * cols


def _mlp(cfg: ModelConfig) -> list[tuple[str, int]]:
    widths = (cfg.features, *cfg.hidden, cfg.num_classes)
    names = [f"dense_{i}" for i in range(len(cfg.hidden))] + ["logits"]
    return [(n, matmul_flops(1, a, b)) for n, a, b in zip(names, widths, widths[1:], strict=False)]


def _cnn(cfg: ModelConfig) -> list[tuple[str, int]]:
    terms, side, channels = [], IMAGE_SIDE, 1
    for i, filters in enumerate(cfg.filters):
        side -= 2  # 3x3 'valid'
        terms.append((f"conv_{i}", matmul_flops(side * side, 3 * 3 * channels, filters)))
        side //= 2  # 2x2 max pool
        channels = filters
    widths = (side * side * channels, *cfg.dense, cfg.num_classes)
    names = [f"dense_{i}" for i in range(len(cfg.dense))] + ["logits"]
    return terms + [(n, matmul_flops(1, a, b)) for n, a, b in zip(names, widths, widths[1:], strict=False)]


def _transformer(cfg: ModelConfig) -> list[tuple[str, int]]:
    tokens, d = cfg.seq_len, cfg.d_model  # heads × head_dim = d
    terms = []
    for b in range(cfg.blocks):
        terms += [
            (f"mha_{b}/qkv", 3 * matmul_flops(tokens, d, d)),
            (f"mha_{b}/scores", matmul_flops(tokens, d, tokens)),  # per head L·k·L, summed over heads
            (f"mha_{b}/weighted_values", matmul_flops(tokens, tokens, d)),
            (f"mha_{b}/attention_output", matmul_flops(tokens, d, d)),
            (f"ff_in_{b}", matmul_flops(tokens, d, cfg.ff)),
            (f"ff_out_{b}", matmul_flops(tokens, cfg.ff, d)),
        ]
    return terms + [("logits", matmul_flops(1, d, cfg.num_classes))]  # after mean pooling


def _lstm(cfg: ModelConfig) -> list[tuple[str, int]]:
    gates = 4 * cfg.units
    return [
        ("lstm/input", matmul_flops(cfg.seq_len, cfg.d_model, gates)),
        ("lstm/recurrent", matmul_flops(cfg.seq_len, cfg.units, gates)),
        ("logits", matmul_flops(1, cfg.units, cfg.num_classes)),
    ]
