"""Native twins as Trainers, for a worker: PyTorch or TensorFlow, without Keras.

The contract's `models.native_torch.build_torch_twin` / `models.native_tf.build_tf_twin` are used when models/
provides them. Otherwise these wrappers compose the twin from the lower-level functions models/ does provide
(build_torch_model + torch_train_step, build_tf_model + make_tf_train_step): the loop a PyTorch or TensorFlow
user writes. Worker-only: importing this module imports nothing, but calling it uses the loaded framework.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np


class TorchTwin:
    """model + torch.optim.SGD; train_step returns the loss (before the update) as a float, which syncs."""

    def __init__(self, name: str, size: str, weights, compile: bool):
        import torch

        native = sys.modules["models.native_torch"]
        self.torch, self.native, self.name = torch, native, name
        self.model = native.build_torch_model(name, size, weights, compile=compile)
        from models.registry import get_config

        self.optimizer = native.make_torch_optimizer(self.model, get_config(name, size).learning_rate)
        self.device = "cpu"  # the fallback twin stays on the CPU; the label says so

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        labels = self.torch.from_numpy(np.asarray(y, dtype=np.int64))
        loss = self.native.torch_train_step(
            self.model, self.optimizer, self.native.torch_inputs(self.name, x), labels
        )
        return float(loss.item())

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.native.torch_predict(self.model, self.native.torch_inputs(self.name, x))

    def save(self, path: Path) -> int:
        target = Path(path).with_suffix(".pt")
        self.torch.save(self.model.state_dict(), target)
        return target.stat().st_size


class TFTwin:
    """tf.Module + a tf.function SGD step (XLA when jit_compile); the loss returns as numpy, which syncs."""

    def __init__(self, name: str, size: str, weights, jit_compile: bool):
        import tensorflow as tf

        native = sys.modules["models.native_tf"]
        self.tf, self.native, self.name = tf, native, name
        self.model = native.build_tf_model(name, size, weights)
        self._train = native.make_tf_train_step(self.model, jit_compile=jit_compile)
        self._predict = native.make_tf_predict(self.model, jit_compile=jit_compile)
        self.device = "cpu"

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(self._train(self.native.tf_inputs(self.name, x), self.tf.convert_to_tensor(y)).numpy())

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self._predict(self.native.tf_inputs(self.name, x)))

    def save(self, path: Path) -> int:
        prefix = Path(path).with_suffix("") / "ckpt"
        prefix.parent.mkdir(parents=True, exist_ok=True)
        self.tf.train.Checkpoint(model=self.model).write(str(prefix))
        return sum(p.stat().st_size for p in prefix.parent.iterdir() if p.is_file())


def build_torch(name: str, size: str, weights, compile: bool):
    native = sys.modules["models.native_torch"]
    if hasattr(native, "build_torch_twin"):
        return native.build_torch_twin(name, size, weights, compile=compile)
    return TorchTwin(name, size, weights, compile)


def build_tf(name: str, size: str, weights, jit_compile: bool):
    native = sys.modules["models.native_tf"]
    if hasattr(native, "build_tf_twin"):
        return native.build_tf_twin(name, size, weights, jit_compile=jit_compile)
    return TFTwin(name, size, weights, jit_compile)
