"""Seeded, learnable data sets, numpy only (plus scikit-learn's bundled digits for the CNN).

- mlp: a Gaussian mixture, two clusters per class in `features` dimensions (not linearly separable by
  construction, learnable by one hidden layer), standardised.
- cnn: scikit-learn's 8x8 digits upsampled to 28x28 (bilinear), each sample shifted by up to +/-2 pixels
  and given Gaussian noise; train and test draw from disjoint halves of the 1,797 originals.
- transformer / lstm: token sequences; the vocabulary is split into `num_classes` groups (token % classes)
  and the label is the group that occurs most often in the sequence (a planted group makes it dominant).

Labels are int32; inputs are float32 (mlp, cnn, NHWC) or int32 token ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from models.registry import IMAGE_SIDE, ModelConfig, model_config


@dataclass(frozen=True)
class Dataset:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    num_classes: int

    def batch(self, index: int, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """Training batch number `index`, cycling over the training set (wraps around its end)."""
        n = len(self.x_train)
        rows = (np.arange(batch_size) + index * batch_size) % n
        return self.x_train[rows], self.y_train[rows]


def make_dataset(name: str, size: str, seed: int = 0) -> Dataset:
    """The data set for (name, size); identical arrays for identical arguments."""
    cfg = model_config(name, size)
    rng = np.random.default_rng([seed, 0xDA7A])
    maker = {"mlp": _mixture, "cnn": _digits, "transformer": _tokens, "lstm": _tokens}[name]
    x_train, y_train, x_test, y_test = maker(cfg, rng)
    return Dataset(x_train, y_train.astype(np.int32), x_test, y_test.astype(np.int32), cfg.num_classes)


def _mixture(cfg: ModelConfig, rng: np.random.Generator):
    k, f = cfg.num_classes, cfg.features
    centres = rng.normal(size=(2 * k, f)).astype(np.float32)
    n = cfg.n_train + cfg.n_test
    cluster = rng.integers(0, 2 * k, size=n)
    x = centres[cluster] + rng.normal(scale=1.0, size=(n, f)).astype(np.float32)
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-6)
    y = cluster % k
    return x[: cfg.n_train], y[: cfg.n_train], x[cfg.n_train :], y[cfg.n_train :]


@lru_cache(maxsize=1)
def _digits_28() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 scikit-learn digits as float32 28x28 images in [0, 1], with their labels."""
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype(np.float32) / 16.0
    big = zoom(images, (1, IMAGE_SIDE / 8, IMAGE_SIDE / 8), order=1)
    return np.clip(big, 0.0, 1.0).astype(np.float32), digits.target.astype(np.int32)


def _jittered(images: np.ndarray, labels: np.ndarray, n: int, rng: np.random.Generator):
    pick = rng.integers(0, len(images), size=n)
    shifts = rng.integers(-2, 3, size=(n, 2))
    out = np.empty((n, IMAGE_SIDE, IMAGE_SIDE, 1), np.float32)
    for i, (src, (dy, dx)) in enumerate(zip(pick, shifts, strict=True)):
        out[i, :, :, 0] = np.roll(images[src], (dy, dx), axis=(0, 1))
    out += rng.normal(scale=0.05, size=out.shape).astype(np.float32)
    return out, labels[pick]


def _digits(cfg: ModelConfig, rng: np.random.Generator):
    images, labels = _digits_28()
    order = rng.permutation(len(images))
    cut = len(images) * 3 // 4
    train, test = order[:cut], order[cut:]
    x_train, y_train = _jittered(images[train], labels[train], cfg.n_train, rng)
    x_test, y_test = _jittered(images[test], labels[test], cfg.n_test, rng)
    return x_train, y_train, x_test, y_test


def token_labels(tokens: np.ndarray, num_classes: int) -> np.ndarray:
    """The labelling rule: the most frequent group (token % num_classes); ties go to the lowest group."""
    counts = np.stack([(tokens % num_classes == g).sum(axis=1) for g in range(num_classes)], axis=1)
    return counts.argmax(axis=1)


def _tokens(cfg: ModelConfig, rng: np.random.Generator):
    k, v, length = cfg.num_classes, cfg.vocab, cfg.seq_len
    n = cfg.n_train + cfg.n_test
    planted = rng.integers(0, k, size=n)
    tokens = rng.integers(0, v, size=(n, length))
    group_tokens = rng.integers(0, v // k, size=(n, length)) * k + planted[:, None]
    use_planted = rng.random(size=(n, length)) < 0.25
    tokens = np.where(use_planted, group_tokens, tokens).astype(np.int32)
    y = token_labels(tokens, k)
    return tokens[: cfg.n_train], y[: cfg.n_train], tokens[cfg.n_train :], y[cfg.n_train :]
