"""`python -m guide`: one subcommand per module, each exposing HELP, add_arguments(parser) and run(args).

Subcommand modules import nothing heavy at module level, so `--help` stays fast and framework-free.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from guide.errors import CliError

COMMANDS: dict[str, str] = {
    "recommend": "guide.cli.recommend",
    "lint-rules": "guide.cli.lint_rules",
    "bench": "guide.cli.bench",
    "results": "guide.cli.results",
    "claims": "guide.cli.claims",
    "report": "guide.cli.report",
    "deploy-check": "guide.cli.deploy_check",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m guide",
        description="PyTorch-vs-TensorFlow decision guide: recommendations, rule checks and benchmarks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)  # the project's own modules: never silently optional
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
