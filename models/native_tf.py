"""Native TensorFlow twins of the registry models, written as a TF user would write them without Keras.

tf.Variables in a tf.Module, forward passes in tf.nn / tf.einsum ops, a tf.function training step with
tf.GradientTape and plain SGD updates (assign_sub / scatter_sub), optional XLA (jit_compile=True).
TensorFlow's native layouts are Keras's (NHWC images, HWIO and (in, out) kernels), so the Keras-keyed
weights load unchanged; the attention is written out per head with the same (d, heads, head_dim) kernels.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import tensorflow as tf

from models.registry import LN_EPSILON, ModelConfig, model_config
from models.weights import Weights, check_weights, initial_weights


class TFModel(tf.Module):
    """Variables keyed by Keras path; calling it returns logits."""

    def __init__(self, name: str, size: str, weights: Weights):
        super().__init__(name=f"{name}_{size}")
        check_weights(name, size, weights)
        self.cfg = model_config(name, size)
        self.vars = {p: tf.Variable(a, name=p.replace("/", "__")) for p, a in weights.items()}
        self._forward = {"mlp": _mlp, "cnn": _cnn, "transformer": _transformer, "lstm": _lstm}[name]

    def __call__(self, x):
        return self._forward(self.cfg, self.vars, x)


def build_tf_model(name: str, size: str, weights: Weights | None = None, seed: int = 0) -> TFModel:
    """The twin with `weights` (default initial_weights(seed)) loaded."""
    weights = weights if weights is not None else initial_weights(name, size, seed)
    return TFModel(name, size, weights)


class TFTwin:
    """What a TensorFlow user runs without Keras: tf.Variables, a tf.function SGD step, XLA if asked.

    train_step(x, y) -> float is the loss before the update (`.numpy()` synchronises the device);
    predict(x) -> logits as numpy; save(path) -> bytes of a tf.train.Checkpoint written under
    path.with_suffix('') (a folder). TF places the ops on a GPU by itself when it sees one.
    """

    def __init__(self, name: str, size: str, weights: Weights | None = None, seed: int = 0,
                 jit_compile: bool = False):
        self.name = name
        self.model = build_tf_model(name, size, weights, seed)
        self._train = make_tf_train_step(self.model, jit_compile=jit_compile)
        self._predict = make_tf_predict(self.model, jit_compile=jit_compile)
        self.device = "gpu" if tf.config.list_physical_devices("GPU") else "cpu"
        self.param_count = int(sum(int(np.prod(v.shape)) for v in self.model.vars.values()))

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(self._train(tf_inputs(self.name, x), tf.convert_to_tensor(y)).numpy())

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self._predict(tf_inputs(self.name, x)).numpy()

    def save(self, path: str | Path) -> int:
        folder = Path(path).with_suffix("")
        folder.mkdir(parents=True, exist_ok=True)
        tf.train.Checkpoint(model=self.model).write(str(folder / "ckpt"))
        return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def build_tf_twin(
    name: str, size: str, weights: Weights | None = None, jit_compile: bool = False, seed: int = 0
) -> TFTwin:
    """The contract's entry point: a TFTwin (jit_compile=True compiles both functions with XLA)."""
    return TFTwin(name, size, weights, seed=seed, jit_compile=jit_compile)


def tf_inputs(name: str, x: np.ndarray) -> tf.Tensor:
    """Numpy inputs in the registry layout -> tensors (TF keeps NHWC; tokens stay int32)."""
    return tf.convert_to_tensor(x)


def make_tf_train_step(model: TFModel, learning_rate: float | None = None, jit_compile: bool = False):
    """A tf.function (XLA when jit_compile) doing one SGD step; returns the loss before the update."""
    lr = model.cfg.learning_rate if learning_rate is None else learning_rate
    variables = list(model.vars.values())

    @tf.function(jit_compile=jit_compile)
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = _loss(model(x), y)
        for var, grad in zip(variables, tape.gradient(loss, variables), strict=True):
            if isinstance(grad, tf.IndexedSlices):  # embedding lookups give sparse gradients
                var.scatter_sub(tf.IndexedSlices(lr * grad.values, grad.indices))
            else:
                var.assign_sub(lr * grad)
        return loss

    return train_step


def make_tf_predict(model: TFModel, jit_compile: bool = False):
    return tf.function(lambda x: model(x), jit_compile=jit_compile)


def _loss(logits, y):
    labels = tf.cast(y, tf.int32)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def _dense(v, layer: str, x, relu: bool = False):
    y = tf.matmul(x, v[f"{layer}/kernel"]) + v[f"{layer}/bias"]
    return tf.nn.relu(y) if relu else y


def _mlp(cfg: ModelConfig, v, x):
    for i in range(len(cfg.hidden)):
        x = _dense(v, f"dense_{i}", x, relu=True)
    return _dense(v, "logits", x)


def _cnn(cfg: ModelConfig, v, x):
    for i in range(len(cfg.filters)):
        x = tf.nn.conv2d(x, v[f"conv_{i}/kernel"], strides=1, padding="VALID") + v[f"conv_{i}/bias"]
        x = tf.nn.max_pool2d(tf.nn.relu(x), ksize=2, strides=2, padding="VALID")
    x = tf.reshape(x, (tf.shape(x)[0], -1))
    for i in range(len(cfg.dense)):
        x = _dense(v, f"dense_{i}", x, relu=True)
    return _dense(v, "logits", x)


def _layer_norm(v, layer: str, x):
    mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(var + LN_EPSILON) * v[f"{layer}/gamma"] + v[f"{layer}/beta"]


def _attention(cfg: ModelConfig, v, b: int, x):
    def proj(p):
        return tf.einsum("btd,dhk->bthk", x, v[f"mha_{b}/{p}/kernel"]) + v[f"mha_{b}/{p}/bias"]

    q, k, val = proj("query") / math.sqrt(cfg.key_dim), proj("key"), proj("value")
    weights = tf.nn.softmax(tf.einsum("bqhk,bshk->bhqs", q, k), axis=-1)
    heads = tf.einsum("bhqs,bshk->bqhk", weights, val)
    return tf.einsum("bqhk,hkd->bqd", heads, v[f"mha_{b}/attention_output/kernel"]) + v[
        f"mha_{b}/attention_output/bias"
    ]


def _transformer(cfg: ModelConfig, v, tokens):
    x = tf.gather(v["token_embedding/embeddings"], tokens) + v["position_embedding/embeddings"]
    for b in range(cfg.blocks):
        x = _layer_norm(v, f"ln_attn_{b}", x + _attention(cfg, v, b, x))
        ff = _dense(v, f"ff_out_{b}", _dense(v, f"ff_in_{b}", x, relu=True))
        x = _layer_norm(v, f"ln_ff_{b}", x + ff)
    return _dense(v, "logits", tf.reduce_mean(x, axis=1))


def _lstm(cfg: ModelConfig, v, tokens):
    x = tf.gather(v["token_embedding/embeddings"], tokens)
    kernel, recurrent = v["lstm/lstm_cell/kernel"], v["lstm/lstm_cell/recurrent_kernel"]
    inputs = tf.einsum("btd,dg->tbg", x, kernel) + v["lstm/lstm_cell/bias"]  # time-major, input part

    def cell(state, z_x):
        h, c = state
        i, f, g, o = tf.split(z_x + tf.matmul(h, recurrent), 4, axis=-1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        return tf.sigmoid(o) * tf.tanh(c), c

    zeros = tf.zeros((tf.shape(x)[0], cfg.units), x.dtype)
    h, _ = tf.scan(cell, inputs, initializer=(zeros, zeros))
    return _dense(v, "logits", h[-1])
