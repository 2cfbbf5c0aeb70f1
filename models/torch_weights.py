"""The Keras -> PyTorch weight mapping: Keras-keyed numpy weights as a torch state dict, layer by layer (numpy
only; models.native_torch loads the result into the twin):
- Dense kernel (in, out) -> Linear.weight (out, in) (transpose).
- Conv2D kernel HWIO -> Conv2d.weight OIHW; images NHWC -> NCHW (`torch_inputs`). Keras flattens (H, W, C),
  torch (C, H, W), so the first dense kernel after the convs has its rows permuted.
- MultiHeadAttention query/key/value kernels (d, heads, head_dim) -> in_proj_weight (3d, d) rows
  [q; k; v], each (d, heads*head_dim).T; output kernel (heads, head_dim, d) -> out_proj.weight (d, d).
- LayerNorm gamma/beta -> weight/bias, eps = registry.LN_EPSILON on both sides.
- LSTM kernel (in, 4u) and recurrent kernel (u, 4u) -> weight_ih_l0 / weight_hh_l0 transposed (gate order
  i, f, g, o is the same); bias -> bias_ih_l0, with bias_hh_l0 = 0 and frozen.
"""

from __future__ import annotations

import numpy as np

from models.registry import ModelConfig, cnn_feature_side, model_config
from models.weights import Weights, check_weights


def _dense_state(weights: Weights, src: str, dst: str) -> dict[str, np.ndarray]:
    return {f"{dst}.weight": weights[f"{src}/kernel"].T, f"{dst}.bias": weights[f"{src}/bias"]}


def _mlp_state(cfg: ModelConfig, w: Weights) -> dict[str, np.ndarray]:
    state = {}
    for i in range(len(cfg.hidden)):
        state |= _dense_state(w, f"dense_{i}", f"hidden.{i}")
    return state | _dense_state(w, "logits", "logits")


def _cnn_state(cfg: ModelConfig, w: Weights) -> dict[str, np.ndarray]:
    state = {}
    for i in range(len(cfg.filters)):
        state[f"convs.{i}.weight"] = w[f"conv_{i}/kernel"].transpose(3, 2, 0, 1)  # HWIO -> OIHW
        state[f"convs.{i}.bias"] = w[f"conv_{i}/bias"]
    first = "dense_0" if cfg.dense else "logits"
    side, channels = cnn_feature_side(cfg), cfg.filters[-1]
    kernel = w[f"{first}/kernel"].reshape(side, side, channels, -1).transpose(2, 0, 1, 3)  # HWC -> CHW rows
    w = {**w, f"{first}/kernel": kernel.reshape(side * side * channels, -1)}
    for i in range(len(cfg.dense)):
        state |= _dense_state(w, f"dense_{i}", f"hidden.{i}")
    return state | _dense_state(w, "logits", "logits")


def _mha_state(w: Weights, b: int, d: int) -> dict[str, np.ndarray]:
    src, dst = f"mha_{b}", f"blocks.{b}.attn"
    qkv = ("query", "key", "value")
    return {
        f"{dst}.in_proj_weight": np.concatenate([w[f"{src}/{p}/kernel"].reshape(d, -1).T for p in qkv]),
        f"{dst}.in_proj_bias": np.concatenate([w[f"{src}/{p}/bias"].reshape(-1) for p in qkv]),
        f"{dst}.out_proj.weight": w[f"{src}/attention_output/kernel"].reshape(-1, d).T,
        f"{dst}.out_proj.bias": w[f"{src}/attention_output/bias"],
    }


def _transformer_state(cfg: ModelConfig, w: Weights) -> dict[str, np.ndarray]:
    state = {
        "token_embedding.weight": w["token_embedding/embeddings"],
        "position_embedding": w["position_embedding/embeddings"],
    }
    for b in range(cfg.blocks):
        state |= _mha_state(w, b, cfg.d_model)
        for ln in ("ln_attn", "ln_ff"):
            state[f"blocks.{b}.{ln}.weight"] = w[f"{ln}_{b}/gamma"]
            state[f"blocks.{b}.{ln}.bias"] = w[f"{ln}_{b}/beta"]
        state |= _dense_state(w, f"ff_in_{b}", f"blocks.{b}.ff_in")
        state |= _dense_state(w, f"ff_out_{b}", f"blocks.{b}.ff_out")
    return state | _dense_state(w, "logits", "logits")


def _lstm_state(cfg: ModelConfig, w: Weights) -> dict[str, np.ndarray]:
    return {
        "token_embedding.weight": w["token_embedding/embeddings"],
        "lstm.weight_ih_l0": w["lstm/lstm_cell/kernel"].T,
        "lstm.weight_hh_l0": w["lstm/lstm_cell/recurrent_kernel"].T,
        "lstm.bias_ih_l0": w["lstm/lstm_cell/bias"],
        "lstm.bias_hh_l0": np.zeros_like(w["lstm/lstm_cell/bias"]),
    } | _dense_state(w, "logits", "logits")


STATE_OF = {"mlp": _mlp_state, "cnn": _cnn_state, "transformer": _transformer_state, "lstm": _lstm_state}


def torch_state(name: str, size: str, weights: Weights) -> dict[str, np.ndarray]:
    """The twin's state dict (as numpy arrays) for the Keras-keyed weights of model `name` at `size`."""
    check_weights(name, size, weights)
    return STATE_OF[name](model_config(name, size), weights)
