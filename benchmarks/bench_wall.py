"""Wall time of whole benchmark runs, start-up included: the CLI and the app's matched spec, and a 1-thread run
against the bare trainings it contains.

    .venv/bin/python benchmarks/bench_wall.py [--root DIR] [--only cli,app,bare] [--thorough]

- cli:  `python -m guide bench` with the matched spec's settings (mlp/small, --native, 40 steps, 3 warm-up, 3
        repeats, default threads), timed from outside (interpreter start included).
- app:  run_benchmark() with guide.evidence.matching's spec for model_family=tabular, timed around the call as the page
        makes it (the server has its imports done already), storing the result as the page does.
- bare: the 4-row run at 1 thread (`--threads 1 --native`, 50 steps x 3 repeats) against four bare trainings
        (benchmarks/bare_training.py: a fresh process per row that imports its framework and trains the same
        model for the same total number of steps), and the ratio of the two.
--root times another checkout with the same commands, e.g. the code before a change:
    git archive <commit> | tar -x -C /tmp/before && .venv/bin/python benchmarks/bench_wall.py --root /tmp/before
(--thorough is then not passed on: older checkouts lack it). Targets (issue "Evidence that counts"): app < 30 s;
harness <= 2x the bare trainings. Run it on an idle machine: every figure here is a wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.bench.spawn import worker_env  # noqa: E402
from guide.reports.bench_table import table  # noqa: E402

TARGETS = {"app": 30.0, "bare_ratio": 2.0}
MATCHED_FLAGS = ["--model", "mlp", "--size", "small", "--native", "--steps", "40", "--warmup", "3",
                 "--repeats", "3"]
ONE_THREAD = {"threads": 1, "steps": 50, "warmup": 5, "repeats": 3, "batch_size": 64}
APP_CODE = """
import json, sys, time
from guide.bench.runner import run_benchmark
from guide.bench.store import ResultStore
from guide.evidence.matching import matched_benchmark
spec = matched_benchmark({"model_family": "tabular"}).spec
if "--thorough" in sys.argv:
    spec = spec.model_copy(update={"thorough": True})
start = time.monotonic()
result = run_benchmark(spec, store=ResultStore(), reuse=False)
print(json.dumps({"wall_s": time.monotonic() - start, "failed": [r.label for r in result.rows if not r.ok]}))
"""


def fresh_env(root: Path) -> dict[str, str]:
    """A private data folder and Keras home per run: nothing is reused from an earlier measurement."""
    return {**os.environ, "GUIDE_DATA_DIR": tempfile.mkdtemp(prefix="bench-wall-data-"),
            "KERAS_HOME": tempfile.mkdtemp(prefix="bench-wall-keras-"), "PYTHONPATH": str(root)}


def timed_process(argv: list[str], root: Path, env: dict[str, str], stdin: str = "") -> tuple[float, str]:
    start = time.monotonic()
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, cwd=root, env=env, timeout=900)
    wall = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}... exited {done.returncode}: {done.stderr[-800:]}")
    return wall, done.stdout


def cli_wall(root: Path, flags: list[str]) -> float:
    return timed_process([sys.executable, "-m", "guide", "bench", *flags, "--rerun"], root, fresh_env(root))[0]


def app_wall(root: Path, thorough: bool) -> float:
    argv = [sys.executable, "-c", APP_CODE] + (["--thorough"] if thorough else [])
    _, out = timed_process(argv, root, fresh_env(root))
    answer = json.loads(out.strip().splitlines()[-1])
    if answer["failed"]:
        raise RuntimeError(f"rows failed: {answer['failed']}")
    return float(answer["wall_s"])


def bare_walls(trim_imports: bool = False) -> dict[str, float]:
    """Seconds of each bare training process, interpreter start, imports and shutdown included."""
    from models.data import make_dataset
    from models.weights import initial_weights

    inputs = Path(tempfile.mkdtemp(prefix="bench-wall-bare-"))
    np.savez(inputs / "weights.npz", **initial_weights("mlp", "small", 0))
    data = make_dataset("mlp", "small", 0)
    np.savez(inputs / "data.npz", x_train=data.x_train, y_train=data.y_train)
    total = ONE_THREAD["repeats"] * (1 + ONE_THREAD["warmup"] + ONE_THREAD["steps"])
    walls = {}
    for backend, api in (("torch", "keras"), ("tensorflow", "keras"), ("torch", "native"), ("tensorflow", "native")):
        job = {"backend": backend, "api": api, "model": "mlp", "size": "small", "steps": total,
               "batch_size": ONE_THREAD["batch_size"], "threads": 1, "weights": str(inputs / "weights.npz"),
               "data": str(inputs / "data.npz"), "trim_imports": trim_imports}
        env = {**worker_env(backend, 1, inputs / "keras_home"), "PYTHONPATH": str(ROOT)}
        walls[f"{backend}/{api}"] = timed_process([sys.executable, str(ROOT / "benchmarks" / "bare_training.py")],
                                                  ROOT, env, json.dumps(job))[0]
    return walls


def one_thread_flags(thorough: bool) -> list[str]:
    flags = ["--model", "mlp", "--size", "small", "--native"]
    for name, value in ONE_THREAD.items():
        flags += [f"--{name.replace('_', '-')}", str(value)]
    return flags + (["--thorough"] if thorough else [])


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def measure(root: Path, only: set[str], thorough: bool) -> tuple[list[list[str]], bool]:
    lines, ok = [], True
    mode = "thorough" if thorough else "default"
    if "cli" in only:
        wall = cli_wall(root, MATCHED_FLAGS + (["--thorough"] if thorough else []))
        lines.append([f"CLI, matched spec (4 rows, 40 steps x 3), {mode}", f"{wall:.1f} s", "", ""])
    if "app" in only:
        wall = app_wall(root, thorough)
        met = wall < TARGETS["app"]
        ok = ok and (met or thorough)
        lines.append([f"app path, run_benchmark(matched spec), {mode}", f"{wall:.1f} s",
                      f"< {TARGETS['app']:.0f} s", verdict(met)])
    if "bare" in only:
        harness = cli_wall(root, one_thread_flags(thorough))
        walls, trimmed = bare_walls(), sum(bare_walls(trim_imports=True).values())
        bare = sum(walls.values())
        ratio = harness / bare
        ok = ok and (ratio <= TARGETS["bare_ratio"] or thorough)
        lines += [[f"bare training {key}, {ONE_THREAD['repeats']} x (1 + 5 + 50) steps", f"{wall:.1f} s", "", ""]
                  for key, wall in walls.items()]
        lines += [["four bare trainings, sum", f"{bare:.1f} s", "", ""],
                  ["same, imports trimmed as in the workers", f"{trimmed:.1f} s", "", ""],
                  [f"CLI 1 thread, 4 rows, 50 steps x 3, {mode}", f"{harness:.1f} s (x{ratio:.2f} bare, "
                   f"x{harness / trimmed:.2f} trimmed)", f"<= x{TARGETS['bare_ratio']:.0f}",
                   verdict(ratio <= TARGETS["bare_ratio"])]]
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--only", default="cli,app,bare", help="comma-separated: cli, app, bare")
    parser.add_argument("--thorough", action="store_true", help="a process per repeat (spec.thorough)")
    args = parser.parse_args(argv)
    thorough = args.thorough and args.root.resolve() == ROOT
    load = os.getloadavg()[0]
    lines, ok = measure(args.root.resolve(), set(args.only.split(",")), thorough)
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), "unknown CPU")
    print(f"{cpu}, {os.cpu_count()} CPUs, load average before {load:.2f}; timed checkout: {args.root}")
    print(table(("measurement", "wall", "target", "met"), lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
