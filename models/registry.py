"""The model families and their sizes: one frozen config per (name, size), numpy and stdlib only.

Every builder (Keras, native PyTorch, native TensorFlow), the data generator, the weight initialiser and
the FLOP counter read the same config, so "mlp/small" means one architecture everywhere.

Architectures (all end in logits; the loss is sparse categorical cross-entropy from logits):
- mlp: Dense(relu) x len(hidden) -> Dense(classes), input a float vector of `features`.
- cnn: input 28x28x1; per block Conv2D 3x3 'valid' + relu + MaxPool 2x2; Flatten; Dense(relu) x len(dense);
  Dense(classes).
- transformer: token + learned positional embedding; `blocks` post-LN encoder blocks
  (x = LN(x + MHA(x, x)); x = LN(x + Dense(d) . relu . Dense(ff))); mean pooling over tokens; Dense(classes).
- lstm: token embedding; one LSTM (last hidden state); Dense(classes).
"""

from __future__ import annotations

from dataclasses import dataclass

MODEL_NAMES: tuple[str, ...] = ("mlp", "cnn", "transformer", "lstm")
SIZES: tuple[str, ...] = ("tiny", "small", "medium", "large")

IMAGE_SIDE = 28
LN_EPSILON = 1e-5  # Keras's LayerNormalization default is 1e-3, torch's 1e-5: set explicitly everywhere


@dataclass(frozen=True)
class ModelConfig:
    """One architecture and its data set size. Fields that do not apply to a family stay at their default."""

    name: str
    size: str
    num_classes: int
    n_train: int
    n_test: int
    learning_rate: float = 0.05
    # mlp
    features: int = 0
    hidden: tuple[int, ...] = ()
    # cnn
    filters: tuple[int, ...] = ()
    dense: tuple[int, ...] = ()
    # transformer / lstm
    vocab: int = 0
    seq_len: int = 0
    d_model: int = 0
    heads: int = 0
    ff: int = 0
    blocks: int = 0
    units: int = 0

    @property
    def key_dim(self) -> int:
        return self.d_model // self.heads if self.heads else 0

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Per-sample input shape (no batch axis)."""
        if self.name == "mlp":
            return (self.features,)
        if self.name == "cnn":
            return (IMAGE_SIDE, IMAGE_SIDE, 1)
        return (self.seq_len,)

    @property
    def input_dtype(self) -> str:
        return "int32" if self.name in ("transformer", "lstm") else "float32"


_SAMPLES = {"tiny": (256, 128), "small": (2048, 512), "medium": (8192, 1024), "large": (16384, 2048)}

_ARCH: dict[str, dict[str, dict]] = {
    "mlp": {
        "tiny": {"features": 32, "hidden": (64,)},
        "small": {"features": 64, "hidden": (256, 256)},
        "medium": {"features": 256, "hidden": (1024, 1024)},
        "large": {"features": 784, "hidden": (2048, 2048, 2048)},
    },
    "cnn": {
        "tiny": {"filters": (4, 8), "dense": ()},
        "small": {"filters": (16, 32), "dense": (64,)},
        "medium": {"filters": (32, 64), "dense": (256,)},
        "large": {"filters": (64, 128), "dense": (512,)},
    },
    "transformer": {
        "tiny": {"vocab": 32, "seq_len": 16, "d_model": 16, "heads": 2, "ff": 32, "blocks": 1},
        "small": {"vocab": 256, "seq_len": 32, "d_model": 64, "heads": 4, "ff": 128, "blocks": 2},
        "medium": {"vocab": 1000, "seq_len": 64, "d_model": 128, "heads": 4, "ff": 256, "blocks": 2},
        "large": {"vocab": 2000, "seq_len": 128, "d_model": 256, "heads": 8, "ff": 512, "blocks": 4},
    },
    "lstm": {
        "tiny": {"vocab": 32, "seq_len": 16, "d_model": 8, "units": 16},
        "small": {"vocab": 256, "seq_len": 32, "d_model": 32, "units": 64},
        "medium": {"vocab": 1000, "seq_len": 64, "d_model": 64, "units": 128},
        "large": {"vocab": 2000, "seq_len": 128, "d_model": 128, "units": 256},
    },
}

_CLASSES = {"mlp": 10, "cnn": 10, "transformer": 4, "lstm": 4}
_LEARNING_RATE = {"mlp": 0.1, "cnn": 0.1, "transformer": 0.05, "lstm": 0.3}


def model_config(name: str, size: str) -> ModelConfig:
    """The config for one model family at one size; ValueError names the valid choices."""
    if name not in _ARCH:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    if size not in _ARCH[name]:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    n_train, n_test = _SAMPLES[size]
    return ModelConfig(
        name=name, size=size, num_classes=_CLASSES[name], n_train=n_train, n_test=n_test,
        learning_rate=_LEARNING_RATE[name], **_ARCH[name][size],
    )




def describe(name: str, size: str) -> str:
    """One line a user understands, in the reader's language (guide/data/i18n/*/models.yaml): in English
    "MLP 64→256→256→10, 85k params, synthetic tabular (2,048 samples)"."""
    from guide.text import t

    cfg = model_config(name, size)
    params = _human(param_count(name, size))
    if name == "mlp":
        arch = "→".join(str(n) for n in (cfg.features, *cfg.hidden, cfg.num_classes))
        return t("models.mlp", arch=arch, params=params, samples=f"{cfg.n_train:,}")
    if name == "cnn":
        arch = "→".join(f"conv{f}" for f in cfg.filters)
        head = "".join(f"→{n}" for n in cfg.dense) + f"→{cfg.num_classes}"
        return t("models.cnn", arch=arch + head, params=params, samples=f"{cfg.n_train:,}")
    data = t("models.sequences", seq_len=cfg.seq_len, vocab=f"{cfg.vocab:,}", samples=f"{cfg.n_train:,}")
    if name == "transformer":
        return t("models.transformer", blocks=cfg.blocks, d_model=cfg.d_model, heads=cfg.heads, ff=cfg.ff,
                 params=params, data=data)
    return t("models.lstm", units=cfg.units, d_model=cfg.d_model, params=params, data=data)


def _human(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    return f"{n / 1000:.0f}k" if n >= 10_000 else f"{n / 1000:.1f}k"


def cnn_feature_side(cfg: ModelConfig) -> int:
    """Spatial side after the conv blocks: each 3x3 'valid' conv takes 2 off, each 2x2 pool halves (floor)."""
    side = IMAGE_SIDE
    for _ in cfg.filters:
        side = (side - 2) // 2
    return side


def weight_shapes(name: str, size: str) -> dict[str, tuple[int, ...]]:
    """Every trainable variable, keyed by its Keras variable path, in Keras's model.weights order."""
    cfg = model_config(name, size)
    return {"mlp": _mlp_shapes, "cnn": _cnn_shapes, "transformer": _transformer_shapes,
            "lstm": _lstm_shapes}[name](cfg)


def param_count(name: str, size: str) -> int:
    total = 0
    for shape in weight_shapes(name, size).values():
        n = 1
        for dim in shape:
            n *= dim
        total += n
    return total


def _dense(shapes: dict, layer: str, n_in: int, n_out: int) -> None:
    shapes[f"{layer}/kernel"] = (n_in, n_out)
    shapes[f"{layer}/bias"] = (n_out,)


def _dense_head(shapes: dict[str, tuple[int, ...]], n_in: int, hidden, num_classes: int) -> None:
    """dense_0 … dense_{n-1} then logits: the classifier head the MLP and the CNN share."""
    for i, width in enumerate(hidden):
        _dense(shapes, f"dense_{i}", n_in, width)
        n_in = width
    _dense(shapes, "logits", n_in, num_classes)


def _mlp_shapes(cfg: ModelConfig) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    _dense_head(shapes, cfg.features, cfg.hidden, cfg.num_classes)
    return shapes


def _cnn_shapes(cfg: ModelConfig) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    channels = 1
    for i, f in enumerate(cfg.filters):
        shapes[f"conv_{i}/kernel"] = (3, 3, channels, f)  # HWIO, Keras's layout
        shapes[f"conv_{i}/bias"] = (f,)
        channels = f
    _dense_head(shapes, cnn_feature_side(cfg) ** 2 * channels, cfg.dense, cfg.num_classes)
    return shapes


def _transformer_shapes(cfg: ModelConfig) -> dict[str, tuple[int, ...]]:
    d, h, k = cfg.d_model, cfg.heads, cfg.key_dim
    shapes: dict[str, tuple[int, ...]] = {
        "token_embedding/embeddings": (cfg.vocab, d),
        "position_embedding/embeddings": (cfg.seq_len, d),
    }
    for b in range(cfg.blocks):
        for proj in ("query", "key", "value"):
            shapes[f"mha_{b}/{proj}/kernel"] = (d, h, k)
            shapes[f"mha_{b}/{proj}/bias"] = (h, k)
        shapes[f"mha_{b}/attention_output/kernel"] = (h, k, d)
        shapes[f"mha_{b}/attention_output/bias"] = (d,)
        shapes[f"ln_attn_{b}/gamma"] = (d,)
        shapes[f"ln_attn_{b}/beta"] = (d,)
        _dense(shapes, f"ff_in_{b}", d, cfg.ff)
        _dense(shapes, f"ff_out_{b}", cfg.ff, d)
        shapes[f"ln_ff_{b}/gamma"] = (d,)
        shapes[f"ln_ff_{b}/beta"] = (d,)
    _dense(shapes, "logits", d, cfg.num_classes)
    return shapes


def _lstm_shapes(cfg: ModelConfig) -> dict[str, tuple[int, ...]]:
    u = cfg.units
    shapes: dict[str, tuple[int, ...]] = {"token_embedding/embeddings": (cfg.vocab, cfg.d_model)}
    shapes["lstm/lstm_cell/kernel"] = (cfg.d_model, 4 * u)  # gates i, f, c, o (torch: i, f, g, o)
    shapes["lstm/lstm_cell/recurrent_kernel"] = (u, 4 * u)
    shapes["lstm/lstm_cell/bias"] = (4 * u,)
    _dense(shapes, "logits", u, cfg.num_classes)
    return shapes
