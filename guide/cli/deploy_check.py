"""python -m guide deploy-check --model mlp [--size small] [--targets PATH ...] [--json out.json]"""

from __future__ import annotations

from pathlib import Path

HELP = ("Export the benchmark model along each deployment path (SavedModel, LiteRT, ONNX, .pt2...), run each "
        "artifact in its own runtime process, and report size, latency, parity and failures.")


def add_arguments(parser) -> None:
    from guide.bench.schema import SIZES
    from guide.deploy.schema import PATH_IDS

    parser.add_argument("--model", default="mlp", help="mlp, cnn, transformer or lstm")
    parser.add_argument("--size", default="small", choices=SIZES)
    parser.add_argument("--targets", nargs="+", metavar="PATH",
                        help=f"paths to try (default: all): {', '.join(PATH_IDS)}")
    parser.add_argument("--runs", type=int, default=200, help="timed batch-1 inferences per path")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the result as JSON here")


def row_text(row) -> str:
    name = f"{row.path:18} {row.source:16}"
    if not row.tried:
        return f"{name} not tried here: {row.error}"
    if not row.ok:
        return f"{name} FAILED at {row.stage}: {row.error}"
    return (f"{name} ok  {row.size_bytes / 1024:8.1f} kB  batch-1 {row.latency_ms:.3f} ms "
            f"(p95 {row.latency_p95_ms:.3f})  CPU {row.cpu_ms_per_inference:.3f} ms  max diff "
            f"{row.max_abs_diff:.2g}  batch of N: {'yes' if row.dynamic_batch else 'no'}")


def run(args) -> int:
    from pydantic import ValidationError
    from tqdm import tqdm

    from guide.deploy.runner import run_deploy_check
    from guide.deploy.schema import PATH_IDS, DeploySpec, paths_for
    from guide.deploy.store import DeployStore
    from guide.errors import CliError

    try:
        spec = DeploySpec(model=args.model, size=args.size, targets=tuple(args.targets or PATH_IDS), runs=args.runs,
                          threads=args.threads)
    except ValidationError as exc:
        raise CliError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    with tqdm(total=len(paths_for(spec.targets)), desc=f"deploy-check {spec.model}/{spec.size}", unit="path") as bar:
        def on_row(row) -> None:
            bar.write(row_text(row))
            bar.update(1)

        result = run_deploy_check(spec, on_row=on_row)
    print(f"stored as {DeployStore().save(result)} (the Claims page and `python -m guide claims` judge on it)")
    if args.json:
        args.json.write_text(result.model_dump_json(indent=2), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0
