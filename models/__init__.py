"""Benchmark models: one architecture per (name, size), built three ways from one set of numpy weights.

Light modules (numpy only, safe to import anywhere):
    registry  - MODEL_NAMES, SIZES, get_config, weight_shapes, param_count
    data      - make_dataset(name, size, seed) -> Dataset
    weights   - init_weights(name, size, seed), save_weights, load_weights, check_weights
    flops     - count_flops(name, size)
Framework modules (import only inside a worker whose backend is already set):
    keras_models  - build_keras_model, compile_keras_model     (KERAS_BACKEND must be set first)
    native_torch  - build_torch_model, torch_train_step, ...    (PyTorch only)
    native_tf     - build_tf_model, tf_train_step, ...          (TensorFlow only)
"""

from models.data import Dataset, make_dataset
from models.registry import MODEL_NAMES, SIZES, ModelConfig, get_config, param_count, weight_shapes
from models.weights import Weights, check_weights, init_weights, load_weights, save_weights

__all__ = [
    "MODEL_NAMES",
    "SIZES",
    "Dataset",
    "ModelConfig",
    "Weights",
    "check_weights",
    "get_config",
    "init_weights",
    "load_weights",
    "make_dataset",
    "param_count",
    "save_weights",
    "weight_shapes",
]
