"""Registry, data and weights: numpy only, run in the pytest process (no framework is imported here)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from models import (
    MODEL_NAMES,
    SIZES,
    check_weights,
    describe,
    initial_weights,
    load_weights,
    make_dataset,
    model_config,
    param_count,
    save_weights,
    weight_shapes,
)
from models.data import token_labels
from models.weights import fans
from tests.model_helpers import ROOT


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_data_is_deterministic_per_seed(name):
    a, b, c = make_dataset(name, "tiny", 0), make_dataset(name, "tiny", 0), make_dataset(name, "tiny", 1)
    for field in ("x_train", "y_train", "x_test", "y_test"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_data_shapes_dtypes_and_labels(name):
    cfg, data = model_config(name, "tiny"), make_dataset(name, "tiny", 0)
    assert data.x_train.shape == (cfg.n_train, *cfg.input_shape)
    assert data.x_test.shape == (cfg.n_test, *cfg.input_shape)
    assert data.x_train.dtype == np.dtype(cfg.input_dtype) and data.y_train.dtype == np.int32
    counts = np.bincount(data.y_train, minlength=cfg.num_classes)
    assert len(counts) == cfg.num_classes == data.num_classes
    assert counts.min() >= 0.4 * len(data.y_train) / cfg.num_classes  # no class starved
    assert 200 <= cfg.n_train <= 1000  # tiny: a few hundred samples


def nearest_neighbour_accuracy(data) -> float:
    train = data.x_train.reshape(len(data.x_train), -1)
    test = data.x_test.reshape(len(data.x_test), -1)
    distances = ((test[:, None, :] - train[None, :, :]) ** 2).sum(axis=-1)
    return float((data.y_train[distances.argmin(axis=1)] == data.y_test).mean())


@pytest.mark.parametrize("name", ["mlp", "cnn"])
@pytest.mark.parametrize("seed", [0, 1])
def test_vector_and_image_data_are_learnable(name, seed):
    # 1-nearest-neighbour on the raw inputs is far above chance (10 classes: 0.1); measured 0.84-0.97.
    assert nearest_neighbour_accuracy(make_dataset(name, "tiny", seed)) > 0.6


@pytest.mark.parametrize("name", ["transformer", "lstm"])
def test_token_labels_follow_the_rule(name):
    data = make_dataset(name, "small", 3)
    assert np.array_equal(token_labels(data.x_train, data.num_classes), data.y_train)
    assert data.x_train.min() >= 0 and data.x_train.max() < model_config(name, "small").vocab


def test_dataset_batches_wrap_around():
    data = make_dataset("mlp", "tiny", 0)
    x, y = data.batch(7, 48)  # rows 336..383 of 256: wraps to 80..127
    assert np.array_equal(x, data.x_train[80:128]) and np.array_equal(y, data.y_train[80:128])


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_tiny_models_have_a_few_thousand_params_and_sizes_grow(name):
    counts = [param_count(name, size) for size in SIZES]
    assert 1_000 <= counts[0] <= 10_000
    assert counts == sorted(counts) and len(set(counts)) == 4
    assert f"{counts[0] / 1000:.1f}k params" in describe(name, "tiny")


def test_unknown_names_are_value_errors():
    with pytest.raises(ValueError, match="choose one of"):
        model_config("resnet", "tiny")
    with pytest.raises(ValueError, match="choose one of"):
        model_config("mlp", "huge")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_initial_weights_follow_the_init_rules(name):
    weights, again = initial_weights(name, "small", 5), initial_weights(name, "small", 5)
    assert list(weights) == list(weight_shapes(name, "small"))
    for path, array in weights.items():
        assert array.dtype == np.float32 and np.array_equal(array, again[path])
        leaf = path.rsplit("/", 1)[-1]
        if leaf in ("kernel", "recurrent_kernel"):
            limit = np.sqrt(6 / sum(fans(path, array.shape)))
            assert np.abs(array).max() <= limit and np.abs(array).max() > 0.9 * limit  # glorot-uniform
        elif leaf == "gamma":
            assert np.all(array == 1)
        elif path == "lstm/lstm_cell/bias":
            units = array.size // 4
            assert np.all(array[units : 2 * units] == 1) and np.count_nonzero(array) == units  # forget gate
        elif leaf in ("bias", "beta"):
            assert not array.any()
    first_kernel = next(path for path in weights if path.endswith("kernel"))
    assert not np.array_equal(weights[first_kernel], initial_weights(name, "small", 6)[first_kernel])


def test_weights_round_trip_and_are_checked(tmp_path):
    weights = initial_weights("transformer", "tiny", 0)
    save_weights(tmp_path / "w.npz", weights)
    loaded = load_weights(tmp_path / "w.npz")
    assert list(loaded) == list(weights)
    assert all(np.array_equal(loaded[k], weights[k]) for k in weights)
    check_weights("transformer", "tiny", loaded)
    loaded["mha_0/query/kernel"] = loaded["mha_0/query/kernel"][:, :, :-1]
    with pytest.raises(ValueError, match="mha_0/query/kernel"):
        check_weights("transformer", "tiny", loaded)
    with pytest.raises(ValueError, match="missing"):
        check_weights("mlp", "tiny", {})


def test_light_modules_import_no_framework():
    code = (
        "import sys, models, models.flops, models.data, models.weights, models.registry;"
        "models.make_dataset('cnn', 'tiny', 0); models.flops.count_flops('transformer', 'large');"
        "print(sorted({'torch', 'tensorflow', 'keras', 'jax'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
