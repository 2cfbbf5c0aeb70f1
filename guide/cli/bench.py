"""`python -m guide bench`: run a live mini-benchmark from the terminal, with a progress bar per row.

Example: python -m guide bench --model mlp --backends torch,tensorflow --steps 50 --json out.json
Exit status: 0 when every row succeeded, 1 when a row failed (the result is still stored and written),
2 for bad input (one line on stderr). Module level imports nothing heavy, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import get_args

HELP = "Run a live mini-benchmark: one Keras 3 model on each backend (plus native twins), in worker processes."

SPEC_ARGS = {  # CLI flag dest -> BenchmarkSpec field; unset flags keep the spec's defaults
    "model": "model",
    "size": "size",
    "batch_size": "batch_size",
    "steps": "steps",
    "warmup": "warmup",
    "repeats": "repeats",
    "native": "native",
    "jit_compile": "jit_compile",
    "threads": "threads",
    "infer_batch": "infer_batch",
    "seed": "seed",
    "timeout": "timeout_s",
    "thorough": "thorough",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from guide.bench.schema import ModelName, Size

    parser.add_argument("--model", choices=get_args(ModelName), help="model family (default mlp)")
    parser.add_argument("--size", choices=get_args(Size), help="model and data size (default small)")
    parser.add_argument(
        "--backends", help="comma-separated Keras backends: torch,tensorflow,jax (default torch,tensorflow)"
    )
    parser.add_argument("--batch-size", type=int, help="training batch size (default 64)")
    parser.add_argument("--steps", type=int, help="timed training steps per repeat (default 50)")
    parser.add_argument("--warmup", type=int, help="untimed steps after the first (default 5)")
    parser.add_argument("--repeats", type=int,
                        help="repeats per row (default 3), run inside one worker process per row")
    parser.add_argument("--thorough", action="store_true", default=None,
                        help="a fresh worker process per repeat, rows alternated A B A B (slower: every repeat "
                             "pays the imports; shows cold-start variation)")
    parser.add_argument(
        "--native",
        action="store_true",
        default=None,
        help="add native PyTorch / TensorFlow rows beside the Keras rows",
    )
    parser.add_argument(
        "--jit-compile",
        action="store_true",
        default=None,
        help="torch.compile on torch, XLA on TensorFlow (compile time is reported apart)",
    )
    parser.add_argument("--threads", type=int,
                        help="intra-op thread budget, equal for every row (default: all cores but one)")
    parser.add_argument("--infer-batch", type=int, help="batch size of the throughput inference (default 256)")
    parser.add_argument("--seed", type=int, help="seed of the weights and data (default 0)")
    parser.add_argument("--timeout", type=float, help="seconds a worker may spend per repeat (default 300)")
    parser.add_argument("--rerun", action="store_true", help="measure again even if an identical run is stored")
    parser.add_argument("--no-wait", action="store_true", help="fail at once if another benchmark is running")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the result JSON to PATH")


def build_spec(args: argparse.Namespace):
    """A BenchmarkSpec from the flags; CliError with one line for anything invalid."""
    from pydantic import ValidationError

    from guide.bench.schema import Backend, BenchmarkSpec
    from guide.errors import CliError

    values = {field: getattr(args, dest) for dest, field in SPEC_ARGS.items() if getattr(args, dest) is not None}
    if args.backends is not None:
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
        unknown = [b for b in backends if b not in get_args(Backend)]
        if unknown or not backends:
            raise CliError(
                f"--backends: unknown {', '.join(unknown) or 'empty list'}; choose from {', '.join(get_args(Backend))}"
            )
        values["backends"] = backends
    try:
        return BenchmarkSpec(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        flags = {f: "--" + dest.replace("_", "-") for dest, f in SPEC_ARGS.items()} | {"backends": "--backends"}
        raise CliError(f"{flags.get(field, field or 'input')}: {first['msg']}") from exc


class ProgressBars:
    """One tqdm bar per row on stderr, in percent of the row's work (guide.bench.progress.RowProgress: every
    phase has its share, so imports and builds move the bar too), fed by the runner's events."""

    SCALE = 1000  # bar units per row: per-mille steps keep short phases visible

    def __init__(self, spec) -> None:
        from guide.bench.progress import RowProgress

        self.spec, self.bars, self.tracker = spec, {}, RowProgress(spec)

    def _bar(self, label: str):
        from tqdm import tqdm

        if label not in self.bars:
            self.bars[label] = tqdm(total=self.SCALE, desc=label.ljust(20), position=len(self.bars), file=sys.stderr,
                                    leave=True, bar_format="{desc} {percentage:3.0f}%|{bar}| {postfix}")
        return self.bars[label]

    def __call__(self, event) -> None:
        if event.kind in ("waiting", "cached", "probe", "cancelled"):
            print(event.message, file=sys.stderr)
        state = self.tracker.update(event)
        if state is None:
            return
        bar = self._bar(state.label)
        bar.n = round(state.fraction * self.SCALE)
        bar.set_postfix_str(state.text, refresh=True)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def run(args: argparse.Namespace) -> int:
    from guide.bench.lock import BenchmarkBusy
    from guide.bench.runner import run_benchmark
    from guide.bench.store import ResultStore
    from guide.errors import CliError
    from guide.reports.bench_table import summary

    spec = build_spec(args)
    bars = ProgressBars(spec)
    try:
        result = run_benchmark(spec, on_event=bars, store=ResultStore(), reuse=not args.rerun, wait=not args.no_wait)
    except BenchmarkBusy as exc:
        raise CliError(str(exc)) from exc
    finally:
        bars.close()
    print(summary(result))
    if args.json is not None:
        try:
            args.json.write_text(result.model_dump_json(indent=2))
        except OSError as exc:
            raise CliError(f"--json: cannot write {args.json}: {exc.strerror or exc}") from exc
    return 0 if all(row.ok for row in result.rows) else 1
