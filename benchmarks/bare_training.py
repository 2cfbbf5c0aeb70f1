"""One bare training, as a user's own script would run it: import the framework, build the model from the
benchmark's initial weights, train it for a number of steps, exit. No timers, no harness, no progress.

Job on stdin: {"backend", "api", "model", "size", "batch_size", "steps", "threads", "weights", "data"} and
optionally "trim_imports". bench_wall.py times this process from the outside (interpreter start, imports and
shutdown included) against the harness running the same rows for the same total number of steps. By default
the imports are the plain ones a user writes (`import keras` also imports JAX, scikit-learn and pandas when they
are installed); with "trim_imports" they are trimmed exactly as the harness's workers trim them, so the
comparison can be read both ways.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load_npz(path: str) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def build_trainer(job: dict, weights: dict[str, np.ndarray]):
    """train_step(x, y) of the Keras model or of the native twin, with the thread budget set."""
    if job["api"] == "keras":
        if job["backend"] == "torch":
            import torch

            torch.set_num_threads(job["threads"])
        from models.keras_models import build_keras_model, compile_keras_model

        model = compile_keras_model(build_keras_model(job["model"], job["size"], weights))
        return model.train_on_batch
    if job["backend"] == "torch":
        import torch

        torch.set_num_threads(job["threads"])
        from models.native_torch import build_torch_twin

        return build_torch_twin(job["model"], job["size"], weights).train_step
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(job["threads"])
    from models.native_tf import build_tf_twin

    return build_tf_twin(job["model"], job["size"], weights).train_step


def main() -> int:
    job = json.loads(sys.stdin.read())
    if job.get("trim_imports"):
        from guide.bench.worker.adapters import keep_out_unused_imports

        keep_out_unused_imports(job["backend"], job["api"])
    train_step = build_trainer(job, load_npz(job["weights"]))
    data = load_npz(job["data"])
    x, y, batch = data["x_train"], data["y_train"], job["batch_size"]
    batches = max(1, len(x) // batch)
    for step in range(job["steps"]):
        start = (step % batches) * batch
        train_step(x[start : start + batch], y[start : start + batch])
    return 0


if __name__ == "__main__":
    sys.exit(main())
