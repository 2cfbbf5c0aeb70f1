"""The PyTorch-vs-TensorFlow decision guide: the product's logic, importable without Streamlit.

Nothing in this package imports torch, tensorflow, keras or jax at module level: frameworks are only
ever imported inside benchmark worker subprocesses (see guide.bench.worker.main).
"""

__version__ = "0.1.0"
