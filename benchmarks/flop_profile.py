"""Cross-check of models.flops against PyTorch's own counter, torch.utils.flop_counter.FlopCounterMode.

    python -m benchmarks.flop_profile --model mlp cnn transformer [--size tiny] [--batch 8]

prints one JSON line per model with the profiler's forward and forward+backward FLOPs per sample beside
count_flops's. Attention runs through the math SDPA kernel: the fused CPU kernel
(_scaled_dot_product_flash_attention_for_cpu) is invisible to FlopCounterMode in torch 2.13. The LSTM is
left out: aten::lstm is one opaque op to the counter. Imports torch: run it in its own process.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import torch
from torch.nn import functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from models.data import make_dataset
from models.flops import count_flops
from models.native_torch import build_torch_model, torch_inputs

PROFILED_MODELS = ("mlp", "cnn", "transformer")


def profile_flops(name: str, size: str = "tiny", batch: int = 8) -> dict:
    """Profiler FLOPs per sample for one forward pass, and for a forward + backward pass."""
    model = build_torch_model(name, size)
    data = make_dataset(name, size, 0)
    x = torch_inputs(name, data.x_train[:batch])
    y = torch.from_numpy(data.y_train[:batch].astype(np.int64))
    with sdpa_kernel(SDPBackend.MATH):
        with FlopCounterMode(display=False) as forward:
            model(x)
        with FlopCounterMode(display=False) as train:
            F.cross_entropy(model(x), y).backward()
    counted = count_flops(name, size)
    return {
        "model": name, "size": size, "batch": batch,
        "profiler_forward_per_sample": forward.get_total_flops() / batch,
        "profiler_train_per_sample": train.get_total_flops() / batch,
        "count_forward_per_sample": counted.forward_per_sample,
        "count_train_per_sample": counted.train_per_sample,
        "count_first_layer": counted.breakdown[0][1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.flop_profile")
    parser.add_argument("--model", nargs="+", default=list(PROFILED_MODELS), choices=PROFILED_MODELS)
    parser.add_argument("--size", default="tiny", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    for name in args.model:
        print(json.dumps(profile_flops(name, args.size, args.batch)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
