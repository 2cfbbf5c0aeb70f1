"""Import one framework the right way, and wrap its model as a Trainer for guide.bench.worker.measure.

Only a worker process imports this module. Order matters and is the point of the module: thread pools are
sized and KERAS_BACKEND is set before the framework's first operation, and a native row never imports Keras
itself (TensorFlow imports it anyway; see PITFALLS).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import numpy as np

from guide.bench.cpu import pin_to_cores, thread_variables

FRAMEWORK_MODULE = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax"}
# Packages a row never uses but Keras 3.15 imports whenever they are installed, each behind try/except
# ImportError: JAX at `import keras` (only to patch jax.monitoring for its Orbax callback: ~1 s), scikit-learn
# (its sklearn wrappers: ~0.9 s) and pandas (DataFrame slicing in its data adapters: ~0.3 s); TensorFlow imports
# Keras, so a native TF row pays them too. And TensorFlow itself at `model.save` on torch (serialization asks
# `tf.available` to recognise tf.TensorShape: ~3 s). Marked absent, Keras takes its "not installed" branches,
# which a numpy-fed train_on_batch never reaches anyway; checked with benchmarks/bench_imports.py: identical
# losses, same parity, same saved file size. A JAX row blocks nothing.
KERAS_EXTRAS = ("jax", "jaxlib", "sklearn", "pandas")
UNUSED_IMPORTS = {
    ("torch", "keras"): (*KERAS_EXTRAS, "tensorflow"),
    ("tensorflow", "keras"): KERAS_EXTRAS,
    ("tensorflow", "native"): KERAS_EXTRAS,
}
IMPORT_ALL_ENV = "GUIDE_WORKER_IMPORT_ALL"  # "1": import what Keras imports by default (to compare)


def set_thread_env(threads: int) -> None:
    """The runner's thread budget again, from inside (belt and braces for a worker started by hand)."""
    os.environ.update(thread_variables(threads))
    if (problem := pin_to_cores(threads)) is not None:
        print(problem, file=sys.stderr)


def _size_thread_pools(backend: str, framework, threads: int) -> list[str]:
    """Intra-op pools get the budget, inter-op pools one thread, so independent ops never exceed it."""
    notes = []
    if backend == "torch":
        framework.set_num_threads(threads)
        try:
            framework.set_num_interop_threads(1)
        except RuntimeError as exc:  # set-once: only fails if something ran an op already
            notes.append(f"torch interop threads not set: {exc}")
    elif backend == "tensorflow":
        try:
            framework.config.threading.set_intra_op_parallelism_threads(threads)
            framework.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError as exc:
            notes.append(f"TF threads not set (TF_NUM_* env still applies): {exc}")
    return notes


def keep_out_unused_imports(backend: str, api: str) -> list[str]:
    """Make `import` of the row's unused packages raise ImportError (None in sys.modules); returns them."""
    if os.environ.get(IMPORT_ALL_ENV) == "1":
        return []
    blocked = [name for name in UNUSED_IMPORTS.get((backend, api), ()) if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    return blocked


def import_framework(backend: str, api: str, threads: int) -> tuple[object, float]:
    """Import the framework (and Keras for api=keras); returns (framework module, seconds spent importing)."""
    os.environ["KERAS_BACKEND"] = backend  # before anything can import keras, also for native TF
    keep_out_unused_imports(backend, api)
    start = time.perf_counter()
    framework = importlib.import_module(FRAMEWORK_MODULE[backend])
    for note in _size_thread_pools(backend, framework, threads):
        print(note, file=sys.stderr)
    if api == "keras":
        importlib.import_module("keras")
        importlib.import_module("models.keras_models")
    elif backend == "torch":
        importlib.import_module("models.native_torch")
    elif backend == "tensorflow":
        importlib.import_module("models.native_tf")
    else:
        raise ImportError(f"there is no native twin for backend {backend!r}")
    return framework, time.perf_counter() - start


def seed_everything(backend: str, framework, seed: int) -> None:
    # Not keras.utils.set_random_seed: it imports TensorFlow even on the torch backend (PITFALLS).
    np.random.seed(seed)
    if backend == "torch":
        framework.manual_seed(seed)
    elif backend == "tensorflow":
        framework.random.set_seed(seed)


def device_of(backend: str, framework, cpu_model: str) -> str:
    """The accelerator the framework will use by default, else the CPU."""
    try:
        if backend == "torch" and framework.cuda.is_available():
            return f"cuda: {framework.cuda.get_device_name(0)}"
        if backend == "tensorflow":
            gpus = framework.config.list_physical_devices("GPU")
            if gpus:
                details = framework.config.experimental.get_device_details(gpus[0])
                return f"gpu: {details.get('device_name', gpus[0].name)}"
        if backend == "jax":
            device = framework.devices()[0]
            if device.platform != "cpu":
                return f"{device.platform}: {device.device_kind}"
    except Exception as exc:  # noqa: BLE001 - a failed probe of the device must not fail the row
        print(f"device detection failed: {exc}", file=sys.stderr)
    return f"cpu: {cpu_model}"


def framework_versions(backend: str) -> dict[str, str]:
    import platform

    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for name in ("keras", FRAMEWORK_MODULE[backend]):
        module = sys.modules.get(name)
        if module is not None:
            versions[name] = str(getattr(module, "__version__", "unknown"))
    return versions


class KerasTrainer:
    """Keras 3 through train_on_batch / predict_on_batch.

    Why not fit() per step: each fit() call builds a data adapter, an epoch iterator and callbacks, a fixed
    cost of about a millisecond that a user's single fit() over many steps pays once. train_on_batch calls the
    same compiled train function fit() uses, once, and returns the loss as numpy, which synchronises the
    device, so each step can be timed on its own. benchmarks/bench_harness.py measures the difference against
    fit().
    """

    def __init__(self, model, device: str):
        self.model, self.device = model, device

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(self.model.train_on_batch(x, y, return_dict=True)["loss"])

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.model.predict_on_batch(x))

    def save(self, path: Path) -> int:
        target = Path(path).with_suffix(".keras")
        self.model.save(target)
        return target.stat().st_size


class NativeTrainer:
    """A native twin from models/ already has the Trainer methods; this only adds the device label.

    The twin says where it runs (`device`: "cpu", "cuda", "gpu"): a twin left on the CPU while Keras found a
    GPU must not be reported as running on the GPU. On an accelerator the framework's own name is used.
    """

    def __init__(self, twin, cpu_label: str, accelerator_label: str):
        twin_device = str(getattr(twin, "device", "cpu") or "cpu")
        self.twin = twin
        if twin_device == "cpu":
            self.device = cpu_label
        else:
            self.device = accelerator_label if not accelerator_label.startswith("cpu") else twin_device

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(self.twin.train_step(x, y))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.twin.predict(x))

    def save(self, path: Path) -> int:
        return int(self.twin.save(Path(path)))


EXECUTION = {  # (backend, jit_compile) -> what actually runs a training step
    ("torch", False): "eager", ("torch", True): "torch.compile",
    ("tensorflow", False): "tf.function, no XLA", ("tensorflow", True): "tf.function + XLA",
    ("jax", False): "jax.jit (Keras default)", ("jax", True): "jax.jit",
}


def keras_jit_compile(backend: str, jit_compile: bool) -> bool | str:
    """What to pass to Keras's compile(). On JAX, False would mean op-by-op eager JAX, a debugging mode no
    one trains in; Keras's own default ("auto") jits there, so a JAX row without compilation uses that."""
    if backend == "jax" and not jit_compile:
        return "auto"
    return jit_compile


def builder(job, weights: dict[str, np.ndarray], device: str, cpu_label: str):
    """A zero-argument function that builds the row's model (timed by the caller as build_s)."""
    spec = job.spec
    if job.api == "keras":
        keras_models = sys.modules["models.keras_models"]

        def build_keras():
            model = keras_models.build_keras_model(spec.model, spec.size, weights)
            keras_models.compile_keras_model(model, jit_compile=keras_jit_compile(job.backend, spec.jit_compile))
            return KerasTrainer(model, device)

        return build_keras
    if job.backend == "torch":
        native_torch = sys.modules["models.native_torch"]
        return lambda: NativeTrainer(
            native_torch.build_torch_twin(spec.model, spec.size, weights, compile=spec.jit_compile), cpu_label, device
        )
    native_tf = sys.modules["models.native_tf"]
    return lambda: NativeTrainer(
        native_tf.build_tf_twin(spec.model, spec.size, weights, jit_compile=spec.jit_compile), cpu_label, device
    )
