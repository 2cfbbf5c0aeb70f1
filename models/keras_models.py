"""The Keras 3 models (functional API), one per registry family, with stable layer names.

Import this only after KERAS_BACKEND is set (Keras reads it once, at import). Weights map by Keras
variable path ("dense_0/kernel", "mha_0/query/kernel", ...), the same keys as models.weights.
"""

from __future__ import annotations

import keras
from keras import layers

from models.registry import LN_EPSILON, ModelConfig, model_config
from models.weights import Weights, check_weights, initial_weights


@keras.saving.register_keras_serializable(package="models")
class PositionEmbedding(layers.Layer):
    """Adds a learned (seq_len, d) position table to token embeddings."""

    def __init__(self, seq_len: int, d_model: int, **kwargs):
        super().__init__(**kwargs)
        self.seq_len = seq_len
        self.d_model = d_model

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.seq_len, self.d_model), initializer="zeros", name="embeddings"
        )

    def call(self, inputs):
        return inputs + keras.ops.expand_dims(self.embeddings, 0)

    def get_config(self):
        return {**super().get_config(), "seq_len": self.seq_len, "d_model": self.d_model}


def build_keras_model(name: str, size: str, weights: Weights | None = None, seed: int = 0) -> keras.Model:
    """An uncompiled model named "<name>-<size>", loaded with `weights` (default: initial_weights(seed))."""
    cfg = model_config(name, size)
    builder = {"mlp": _mlp, "cnn": _cnn, "transformer": _transformer, "lstm": _lstm}[name]
    inputs = keras.Input(cfg.input_shape, dtype=cfg.input_dtype, name="inputs")
    model = keras.Model(inputs, builder(cfg, inputs), name=f"{name}-{size}")
    assign_keras_weights(model, weights if weights is not None else initial_weights(name, size, seed))
    return model


def compile_keras_model(
    model: keras.Model, jit_compile: bool | str = False, learning_rate: float | None = None
) -> keras.Model:
    """Plain SGD (no momentum) on sparse cross-entropy from logits, accuracy metric; returns the model.

    jit_compile=True means torch.compile on the torch backend and XLA on TensorFlow; False is eager on
    torch and tf.function without XLA on TensorFlow. The learning rate defaults to the registry's.
    """
    if learning_rate is None:
        name, size = model.name.split("-", 1)
        learning_rate = model_config(name, size).learning_rate
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        jit_compile=jit_compile,
    )
    return model


def assign_keras_weights(model: keras.Model, weights: Weights) -> None:
    """Assign every variable by its path; ValueError if keys or shapes do not match the registry."""
    name, size = model.name.split("-", 1)
    check_weights(name, size, weights)
    for variable in model.weights:
        variable.assign(weights[variable.path])


def keras_weights(model: keras.Model) -> Weights:
    """The model's current weights as numpy arrays keyed by variable path."""
    return {v.path: keras.ops.convert_to_numpy(v.value) for v in model.weights}


def _mlp(cfg: ModelConfig, x):
    for i, width in enumerate(cfg.hidden):
        x = layers.Dense(width, activation="relu", name=f"dense_{i}")(x)
    return layers.Dense(cfg.num_classes, name="logits")(x)


def _cnn(cfg: ModelConfig, x):
    for i, f in enumerate(cfg.filters):
        x = layers.Conv2D(f, 3, padding="valid", activation="relu", name=f"conv_{i}")(x)
        x = layers.MaxPooling2D(2, name=f"pool_{i}")(x)
    x = layers.Flatten(name="flatten")(x)
    for i, width in enumerate(cfg.dense):
        x = layers.Dense(width, activation="relu", name=f"dense_{i}")(x)
    return layers.Dense(cfg.num_classes, name="logits")(x)


def _transformer(cfg: ModelConfig, tokens):
    x = layers.Embedding(cfg.vocab, cfg.d_model, name="token_embedding")(tokens)
    x = PositionEmbedding(cfg.seq_len, cfg.d_model, name="position_embedding")(x)
    for b in range(cfg.blocks):
        attn = layers.MultiHeadAttention(cfg.heads, cfg.key_dim, name=f"mha_{b}")(x, x)
        x = layers.LayerNormalization(epsilon=LN_EPSILON, name=f"ln_attn_{b}")(
            layers.Add(name=f"add_attn_{b}")([x, attn])
        )
        ff = layers.Dense(cfg.ff, activation="relu", name=f"ff_in_{b}")(x)
        ff = layers.Dense(cfg.d_model, name=f"ff_out_{b}")(ff)
        x = layers.LayerNormalization(epsilon=LN_EPSILON, name=f"ln_ff_{b}")(
            layers.Add(name=f"add_ff_{b}")([x, ff])
        )
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return layers.Dense(cfg.num_classes, name="logits")(x)


def _lstm(cfg: ModelConfig, tokens):
    x = layers.Embedding(cfg.vocab, cfg.d_model, name="token_embedding")(tokens)
    x = layers.LSTM(cfg.units, name="lstm")(x)
    return layers.Dense(cfg.num_classes, name="logits")(x)
