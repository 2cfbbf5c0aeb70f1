"""The Keras -> PyTorch weight mapping on its own (numpy only): every Keras weight lands somewhere, with the
layout torch expects. That the twin then computes the same function is tests/test_models_parity.py."""

import numpy as np
import pytest

from models.registry import MODEL_NAMES
from models.torch_weights import torch_state
from models.weights import initial_weights


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_keras_weight_is_used_once(name):
    weights = initial_weights(name, "tiny", seed=0)
    state = torch_state(name, "tiny", weights)
    keras_values = sum(int(np.prod(v.shape)) for v in weights.values())
    torch_values = sum(int(np.prod(v.shape)) for k, v in state.items() if k != "lstm.bias_hh_l0")
    assert torch_values == keras_values


def test_a_dense_kernel_is_transposed_to_out_by_in():
    weights = initial_weights("mlp", "tiny", seed=0)
    state = torch_state("mlp", "tiny", weights)
    np.testing.assert_array_equal(state["hidden.0.weight"], weights["dense_0/kernel"].T)


def test_weights_of_the_wrong_size_are_refused():
    with pytest.raises(ValueError):
        torch_state("mlp", "small", initial_weights("mlp", "tiny", seed=0))
