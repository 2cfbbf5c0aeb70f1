"""Native PyTorch twins of the registry models, written as a PyTorch user would write them.

torch.nn modules in NCHW / (out, in) layouts, a plain torch.optim.SGD loop, optional torch.compile.
`load_torch_weights` loads the Keras-keyed weights through the mapping in models.torch_weights.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from models.registry import LN_EPSILON, ModelConfig, cnn_feature_side, model_config
from models.torch_weights import torch_state
from models.weights import Weights, initial_weights


class MLP(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        widths = (cfg.features, *cfg.hidden)
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False))
        self.logits = nn.Linear(widths[-1], cfg.num_classes)

    def forward(self, x):
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.logits(x)


class CNN(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        channels = (1, *cfg.filters)
        self.convs = nn.ModuleList(nn.Conv2d(a, b, 3) for a, b in zip(channels, channels[1:], strict=False))
        widths = (cnn_feature_side(cfg) ** 2 * channels[-1], *cfg.dense)
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False))
        self.logits = nn.Linear(widths[-1], cfg.num_classes)

    def forward(self, x):  # x: NCHW
        for conv in self.convs:
            x = F.max_pool2d(F.relu(conv(x)), 2)
        x = torch.flatten(x, 1)
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.logits(x)


class EncoderBlock(nn.Module):
    """Post-LN encoder block: x = LN(x + MHA(x)); x = LN(x + FF(x))."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.attn = nn.MultiheadAttention(cfg.d_model, cfg.heads, batch_first=True)
        self.ln_attn = nn.LayerNorm(cfg.d_model, eps=LN_EPSILON)
        self.ff_in = nn.Linear(cfg.d_model, cfg.ff)
        self.ff_out = nn.Linear(cfg.ff, cfg.d_model)
        self.ln_ff = nn.LayerNorm(cfg.d_model, eps=LN_EPSILON)

    def forward(self, x):
        x = self.ln_attn(x + self.attn(x, x, x, need_weights=False)[0])
        return self.ln_ff(x + self.ff_out(F.relu(self.ff_in(x))))


class Transformer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.token_embedding = nn.Embedding(cfg.vocab, cfg.d_model)
        self.position_embedding = nn.Parameter(torch.zeros(cfg.seq_len, cfg.d_model))
        self.blocks = nn.ModuleList(EncoderBlock(cfg) for _ in range(cfg.blocks))
        self.logits = nn.Linear(cfg.d_model, cfg.num_classes)

    def forward(self, tokens):
        x = self.token_embedding(tokens) + self.position_embedding
        for block in self.blocks:
            x = block(x)
        return self.logits(x.mean(dim=1))


class LSTMClassifier(nn.Module):
    """nn.LSTM keeps two biases (b_ih + b_hh) where Keras keeps one; b_hh is held at zero and frozen, or
    SGD would move the effective bias twice as far as Keras does."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.token_embedding = nn.Embedding(cfg.vocab, cfg.d_model)
        self.lstm = nn.LSTM(cfg.d_model, cfg.units, batch_first=True)
        self.lstm.bias_hh_l0.requires_grad_(False)
        self.logits = nn.Linear(cfg.units, cfg.num_classes)

    def forward(self, tokens):
        _, (h_n, _) = self.lstm(self.token_embedding(tokens))
        return self.logits(h_n[-1])


_MODULES = {"mlp": MLP, "cnn": CNN, "transformer": Transformer, "lstm": LSTMClassifier}


def build_torch_model(
    name: str, size: str, weights: Weights | None = None, seed: int = 0, compile: bool = False
) -> nn.Module:
    """The twin with `weights` (default initial_weights(seed)) loaded; compile=True wraps it in torch.compile."""
    cfg = model_config(name, size)
    model = _MODULES[name](cfg)
    weights = weights if weights is not None else initial_weights(name, size, seed)
    load_torch_weights(model, name, size, weights)
    return torch.compile(model) if compile else model


class TorchTwin:
    """What a PyTorch user runs: the module on the default device, torch.optim.SGD, a plain step.

    train_step(x, y) -> float is the loss before the update (`.item()` synchronises the device);
    predict(x) -> logits as numpy; save(path) -> bytes of the state_dict written to path.with_suffix('.pt').
    Inputs are numpy in the registry layout and are moved to the device on every call, as Keras does.
    """

    def __init__(self, name: str, size: str, weights: Weights | None = None, seed: int = 0,
                 compile: bool = False, device: str | None = None):
        self.name = name
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.module = build_torch_model(name, size, weights, seed).to(self.device)
        self.model = torch.compile(self.module) if compile else self.module
        self.optimizer = make_torch_optimizer(self.module, model_config(name, size).learning_rate)
        self.param_count = sum(p.numel() for p in self.module.parameters() if p.requires_grad)

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        labels = torch.from_numpy(np.asarray(y, dtype=np.int64)).to(self.device)
        inputs = torch_inputs(self.name, x).to(self.device)
        return float(torch_train_step(self.model, self.optimizer, inputs, labels).item())

    def predict(self, x: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return self.model(torch_inputs(self.name, x).to(self.device)).cpu().numpy()

    def save(self, path: str | Path) -> int:
        target = Path(path).with_suffix(".pt")
        torch.save(self.module.state_dict(), target)
        return target.stat().st_size


def build_torch_twin(
    name: str, size: str, weights: Weights | None = None, compile: bool = False, seed: int = 0
) -> TorchTwin:
    """The contract's entry point: a TorchTwin (compile=True wraps the module in torch.compile)."""
    return TorchTwin(name, size, weights, seed=seed, compile=compile)


def torch_inputs(name: str, x: np.ndarray) -> torch.Tensor:
    """Numpy inputs in the registry layout -> torch tensors (NHWC images become NCHW, tokens int64)."""
    if name == "cnn":
        return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    if name in ("transformer", "lstm"):
        return torch.from_numpy(x.astype(np.int64))
    return torch.from_numpy(np.ascontiguousarray(x))


def make_torch_optimizer(model: nn.Module, learning_rate: float) -> torch.optim.Optimizer:
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=learning_rate)


def torch_train_step(model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor):
    """One SGD step; returns the loss tensor (computed before the update), detached."""
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def load_torch_weights(model: nn.Module, name: str, size: str, weights: Weights) -> None:
    """Copy Keras-keyed numpy weights into the twin; strict, so a missed parameter raises."""
    arrays = torch_state(name, size, weights)
    state = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in arrays.items()}
    model.load_state_dict(state, strict=True)
