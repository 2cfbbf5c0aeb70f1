"""`python -m guide`: one subcommand per module, each exposing HELP, add_arguments(parser) and run(args).

Subcommand modules import nothing heavy at module level, so `--help` stays fast and framework-free.
Every subcommand takes `--lang en|ko` (default: the GUIDE_LANG environment variable, else English); the choice
is set once (guide.text.use_lang) before the subcommand runs, so every text it prints follows.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from guide.errors import CliError
from guide.text import current_lang, lang_of, t, use_lang

COMMANDS: dict[str, str] = {
    "recommend": "guide.cli.recommend",
    "lint-rules": "guide.cli.lint_rules",
    "decisions": "guide.cli.decisions",
    "bench": "guide.cli.bench",
    "results": "guide.cli.results",
    "claims": "guide.cli.claims",
    "report": "guide.cli.report",
    "deploy-check": "guide.cli.deploy_check",
    "db": "guide.cli.db",
    "team": "guide.cli.team",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m guide",
        description="PyTorch-vs-TensorFlow decision guide: recommendations, rule checks and benchmarks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)  # the project's own modules: never silently optional
        # "resolve": a subcommand that defines its own --lang replaces this one instead of clashing with it
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP, conflict_handler="resolve")
        cmd.add_argument("--lang", choices=["en", "ko"],
                         help="language of the output (default: $GUIDE_LANG, else en)")
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.run)
    return parser


def chosen_lang(args: argparse.Namespace):
    """--lang, else GUIDE_LANG (en, ko, or a locale such as ko_KR.UTF-8), else English."""
    return getattr(args, "lang", None) or lang_of(os.environ.get("GUIDE_LANG")) or "en"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    before = current_lang()
    use_lang(chosen_lang(args))
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(t("cli.error", message=exc), file=sys.stderr)
        return 2
    finally:
        use_lang(before)  # main() called in-process (tests) leaves the caller's language as it was
