"""python -m guide deploy-check --model mlp [--size small] [--targets PATH ...] [--json out.json] [--lang en|ko]

The text output follows --lang, else GUIDE_LANG (guide.cli sets the language for every subcommand)."""

from __future__ import annotations

from pathlib import Path

from guide.text import t

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
    from guide.reports.deploy_table import stage_name

    name = f"{row.path:18} {row.source:16}"
    if not row.tried:
        return t("deployment.cli.row_not_tried", name=name, error=row.error)
    if not row.ok:
        return t("deployment.cli.row_failed", name=name, stage=stage_name(row.stage), error=row.error)
    return t("deployment.cli.row_ok", name=name, kb=row.size_bytes / 1024, ms=row.latency_ms,
             p95=row.latency_p95_ms, cpu=row.cpu_ms_per_inference, diff=row.max_abs_diff,
             batch=t("deployment.answer_yes" if row.dynamic_batch else "deployment.answer_no"))


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
    print(t("deployment.cli.stored", id=DeployStore().save(result)))
    if args.json:
        args.json.write_text(result.model_dump_json(indent=2), encoding="utf-8")
        print(t("deployment.cli.wrote", path=args.json))
    return 0
