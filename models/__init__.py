"""Benchmark models: one architecture per (name, size), built three ways from one set of numpy weights.

Light modules (numpy only, safe to import anywhere):
    registry  - MODEL_NAMES, SIZES, model_config, describe, weight_shapes, param_count
    data      - make_dataset(name, size, seed) -> Dataset
    weights   - initial_weights, save_weights(path, w), load_weights, check_weights
    flops     - count_flops(name, size) -> FlopCount
Framework modules (import only inside a worker whose backend is already set):
    keras_models  - build_keras_model, compile_keras_model     (KERAS_BACKEND must be set first)
    native_torch  - build_torch_twin -> TorchTwin, build_torch_model, ...  (PyTorch only)
    native_tf     - build_tf_twin -> TFTwin, build_tf_model, ...         (TensorFlow only)
"""

from models.data import Dataset, make_dataset
from models.registry import (
    MODEL_NAMES,
    SIZES,
    ModelConfig,
    describe,
    model_config,
    param_count,
    weight_shapes,
)
from models.weights import Weights, check_weights, initial_weights, load_weights, save_weights

__all__ = [
    "MODEL_NAMES",
    "SIZES",
    "Dataset",
    "ModelConfig",
    "Weights",
    "check_weights",
    "describe",
    "initial_weights",
    "load_weights",
    "make_dataset",
    "model_config",
    "param_count",
    "save_weights",
    "weight_shapes",
]
