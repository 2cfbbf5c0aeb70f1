"""count_flops against figures worked out by hand, and against PyTorch's FlopCounterMode in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from models.flops import TRAIN_FACTOR, count_flops
from models.registry import MODEL_NAMES, SIZES
from tests.model_helpers import ROOT, model_env


def test_mlp_tiny_by_hand():
    # MLP 32 -> 64 -> 10: two matrix products, 2 FLOPs per multiply-add.
    dense_0 = 2 * 32 * 64  # 4,096
    logits = 2 * 64 * 10  # 1,280
    count = count_flops("mlp", "tiny")
    assert count.forward_per_sample == dense_0 + logits == 5_376
    assert count.train_per_sample == 3 * 5_376 == 16_128
    assert count.breakdown == (("dense_0", 4_096), ("logits", 1_280))


def test_cnn_tiny_by_hand():
    # 28x28x1 -> conv 3x3 'valid' 4 filters -> 26x26x4 -> pool -> 13x13x4
    conv_0 = 2 * (26 * 26) * (3 * 3 * 1) * 4  # 48,672
    # -> conv 3x3 8 filters -> 11x11x8 -> pool -> 5x5x8 = 200 features
    conv_1 = 2 * (11 * 11) * (3 * 3 * 4) * 8  # 69,696
    logits = 2 * 200 * 10  # 4,000
    count = count_flops("cnn", "tiny")
    assert count.forward_per_sample == conv_0 + conv_1 + logits == 122_368
    assert count.train_per_sample == 3 * 122_368


def test_transformer_tiny_by_hand():
    # L = 16 tokens, d = 16 (2 heads x 8), ff = 32, 1 block, 4 classes.
    qkv = 3 * 2 * 16 * 16 * 16  # three (L x d) @ (d x d) projections: 24,576
    scores = 2 * 16 * 16 * 16  # Q Kᵀ: L x L per head over head_dim, summed over heads: 8,192
    weighted_values = 2 * 16 * 16 * 16  # softmax(scores) V: 8,192
    attention_output = 2 * 16 * 16 * 16  # 8,192
    feed_forward = 2 * 16 * 16 * 32 * 2  # d -> ff -> d: 16,384 each
    logits = 2 * 16 * 4  # after mean pooling: 128
    total = qkv + scores + weighted_values + attention_output + feed_forward + logits
    assert count_flops("transformer", "tiny").forward_per_sample == total == 82_048


def test_lstm_small_by_hand():
    # 32 steps, embedding 32, 64 units: per step x·W (32 -> 256) and h·U (64 -> 256); head 64 -> 4.
    per_step = 2 * 32 * 256 + 2 * 64 * 256
    assert count_flops("lstm", "small").forward_per_sample == 32 * per_step + 2 * 64 * 4 == 1_573_376


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_flops_grow_with_size_and_train_is_three_forwards(name):
    counts = [count_flops(name, size) for size in SIZES]
    forwards = [c.forward_per_sample for c in counts]
    assert forwards == sorted(forwards) and len(set(forwards)) == len(forwards)
    for c in counts:
        assert c.train_per_sample == TRAIN_FACTOR * c.forward_per_sample
        assert sum(flops for _, flops in c.breakdown) == c.forward_per_sample


def test_unknown_model_is_a_value_error():
    with pytest.raises(ValueError, match="choose one of"):
        count_flops("resnet", "tiny")


@pytest.mark.slow
def test_counts_match_pytorch_flop_counter():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.flop_profile", "--model", "mlp", "cnn", "transformer"],
        capture_output=True, text=True, env=model_env("torch"), cwd=ROOT, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [r["model"] for r in rows] == ["mlp", "cnn", "transformer"]
    for r in rows:
        assert r["profiler_forward_per_sample"] == r["count_forward_per_sample"], r
        # Backward costs 2x forward, except that no gradient is taken with respect to the raw inputs, so the
        # first layer's input-gradient product is skipped. The transformer's first product (the attention
        # projections) does take an input gradient: its inputs are embeddings, which are trained.
        skipped = 0 if r["model"] == "transformer" else r["count_first_layer"]
        assert r["profiler_train_per_sample"] == r["count_train_per_sample"] - skipped, r
