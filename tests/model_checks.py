"""Worker-side checks for tests/test_models_keras.py; run as `python tests/model_checks.py` with KERAS_BACKEND set.

For each tiny model, one JSON line: the Keras variables against the registry, the weights read back, the
loss over a few training steps for the Keras model and the native twin, and the twin's contract methods.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import initial_weights, make_dataset, param_count, weight_shapes  # noqa: E402
from models.keras_models import build_keras_model, compile_keras_model, keras_weights  # noqa: E402

STEPS, BATCH = 120, 32


def build_twin(name: str, weights):
    if os.environ["KERAS_BACKEND"] == "torch":
        from models.native_torch import build_torch_twin

        return build_torch_twin(name, "tiny", weights)
    from models.native_tf import build_tf_twin

    return build_tf_twin(name, "tiny", weights)


def check(name: str, scratch: Path) -> dict:
    weights = initial_weights(name, "tiny", 0)
    data = make_dataset(name, "tiny", 0)
    model = build_keras_model(name, "tiny", weights)
    read_back = keras_weights(model)
    compile_keras_model(model)
    batches = [data.batch(i, BATCH) for i in range(STEPS)]
    keras_losses = [float(model.train_on_batch(x, y, return_dict=True)["loss"]) for x, y in batches]
    twin = build_twin(name, weights)
    twin_losses = [twin.train_step(x, y) for x, y in batches]
    return {
        "model": name,
        "paths_and_shapes_match": {v.path: tuple(v.shape) for v in model.weights} == weight_shapes(name, "tiny"),
        "weights_read_back_equal": all(np.array_equal(read_back[k], weights[k]) for k in weights),
        "keras_params": int(model.count_params()),
        "registry_params": param_count(name, "tiny"),
        "twin_params": int(twin.param_count),
        "keras_losses": keras_losses,
        "twin_losses": twin_losses,
        "twin_predict_shape": list(twin.predict(data.x_test).shape),
        "twin_saved_bytes": int(twin.save(scratch / f"model_{name}")),
        "twin_device": twin.device,
        "frameworks_loaded": sorted({"torch", "tensorflow", "jax"} & set(sys.modules)),
    }


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="model-checks-"))
    for name in ("mlp", "cnn", "transformer", "lstm"):
        print(json.dumps(check(name, scratch)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
