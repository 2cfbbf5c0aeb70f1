"""What a Korean reader would still see in English on a page run through AppTest: used by tests/test_i18n_pages.py
(and handy while translating: `python -m tests.i18n_scan app_pages/claims.py`).

Every rendered text element is read (titles, headers, markdown, captions, alerts, metrics, buttons and widget
labels and options, table headers, chart titles and axis titles) and scanned for English words of four letters
or more that are not product, framework or unit names, file names, ids or code."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
# Names that stay as they are in Korean writing: products, frameworks, runtimes, formats, units, protocol words.
ALLOWED = {
    "pytorch", "tensorflow", "keras", "jax", "torch", "onnx", "litert", "executorch", "xnnpack", "openvino",
    "core", "coreml", "savedmodel", "serving", "triton", "torchserve", "starlette", "uvicorn", "chromium",
    "runtime", "wasm", "webgpu", "webgl", "tflite", "tfjs", "tfx", "flax", "optax", "orbax", "lightning",
    "hugging", "face", "transformers", "python", "numpy", "cuda", "rocm", "apple", "metal", "android", "linux",
    "macos", "windows", "google", "colab", "kaggle", "github", "vulkan", "coremltools", "inductor",
    "aotinductor", "ray", "kserve", "bentoml", "grappler", "dynamo", "export", "json", "html", "markdown", "yaml",
    "http", "https", "rest", "grpc", "mlp", "lstm", "tiny", "small", "medium", "large", "epyc", "intel",
    "xeon", "nvidia", "tpu", "gpu", "cpu", "float", "int8", "float16", "float32", "bfloat16", "p95", "median",
    "tf.function", "function", "eager", "module", "torchao", "pt2e", "arm", "cortex", "ethos", "micro",
    "microcontrollers", "stable", "baselines", "brax", "sklearn", "scikit", "learn", "xgboost", "lightgbm",
    "streamlit", "sqlite", "postgresql", "alembic", "rapl", "fp16", "mlpackage", "pte", "jit_compile",
    "twin", "native", "backend", "cnn", "transformer", "ml", "neurips", "arxiv", "docs", "api",
    "pydantic", "docker", "pypi", "debian", "tritonclient", "tritonserver", "pytriton", "autograd", "nn.module",
    "torch.export", "basics", "serve", "sequential", "evaluate", "edge", "lite",  # Ray Serve, Keras API, AI Edge
  # "Learn the Basics" is the title of PyTorch's tutorial
    "pmap", "mlops", "javascript",  # a JAX transform, a discipline, a language: as written in Korean too
    "torchscript", "english", "processor",  # the language switch names English; CPU names come from /proc/cpuinfo
    "meta", "tensorrt", "vllm", "jetstream", "maxtext", "torchtitan", "megatron", "fsdp2", "gemma",
    "llama", "mistral", "numpyro", "diffrax", "shard_map", "jax2tf", "tensorflowjs_converter", "xai", "grok",
    "rust", "axlearn", "gspmd",  # companies, runtimes and libraries the routes and rules name
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{3,}")


def _organisation_words() -> set[str]:
    """Organisations of the documented decisions are names, as they are in Korean writing too."""
    from guide.checks.decisions import load_decisions

    return {w.lower() for d in load_decisions().decisions for w in WORD.findall(d.organisation)}


ALLOWED |= _organisation_words()
# Code, links, file names and Streamlit's :colour[...] directives are not prose.
CODE = re.compile(r":[a-z]+\[|\w+='[^']*'|\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?|`[^`]*`|https?://\S+|\?\S+=\S+|\b[\w.-]+\.(?:py|json|yaml|md|html|onnx|pt2|pte|tflite|csv)\b")


def _texts_of(at: AppTest) -> list[str]:
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text", "code"):
        texts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    for kind in ("button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "number_input",
                 "text_input", "slider", "select_slider", "expander", "tabs", "metric"):
        for element in getattr(at, kind, []):
            texts.append(str(getattr(element, "label", "")))
            texts += [str(o) for o in getattr(element, "options", [])]
    texts += [" ".join(map(str, df.value.columns)) for df in at.dataframe]
    for chart in at.get("vega_lite_chart"):
        texts += _chart_texts(json.loads(chart.proto.spec))
    return texts


def _chart_texts(node) -> list[str]:
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                out.append(value)
            elif key != "data" and key != "datasets":
                out += _chart_texts(value)
    elif isinstance(node, list):
        for item in node:
            out += _chart_texts(item)
    return out


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(CODE.sub(" ", text)) if w.lower().strip(".-_") not in ALLOWED
            and not any(c.isdigit() for c in w) and "_" not in w and "-" not in w and not w.isupper()]


def leftovers(at: AppTest, ignore: str = "") -> dict[str, list[str]]:
    """Each rendered text that still has English words in it, with those words; words of `ignore` (stored
    runtime errors, shown as the characters they are) do not count."""
    found, ignored = {}, set(english_words(ignore))
    for text in _texts_of(at):
        if words := [w for w in english_words(text) if w not in ignored]:
            found[text[:160]] = words
    return found


def open_in_korean(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"lang": "ko", **(params or {})})
    at.run()
    at.switch_page(page).run()
    return at


if __name__ == "__main__":
    for text, words in leftovers(open_in_korean(sys.argv[1])).items():
        print(f"{words}: {text}")
