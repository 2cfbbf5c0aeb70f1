"""python -m guide lint-rules [FILE] [--lang en|ko]: the findings in the language chosen by --lang or GUIDE_LANG.

Texts go through guide.checks.lint.say, not t(): a broken text catalogue is one of the findings, and the
report of it must still be written."""

from __future__ import annotations

import json
from pathlib import Path

HELP = ("Check a rules file: schema, examples, rules that never fire and exact ties over the whole answer space; "
        "and the text catalogues.")


def add_arguments(parser) -> None:
    parser.add_argument("file", nargs="?", type=Path, help="rules YAML (default: the shipped rules)")
    parser.add_argument("--examples", type=Path, help="examples YAML (default: the shipped examples)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the answer-space sweep")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args) -> int:
    from guide.checks.lint import lint_rules

    report = lint_rules(args.file, args.examples, run_sweep=not args.no_sweep)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    return 0 if report.ok else 1


def _print_text(report) -> None:
    from guide.checks.lint import say

    print(say("cli.lint.rules_file", file=report.rules_file))
    print(say("cli.lint.counts", rules=report.rule_count, examples=report.example_count))
    s = report.sweep
    if s is not None:
        print(say("cli.lint.swept", total=s.exhaustive, sampled=s.sampled, seconds=s.seconds))
        share = ", ".join(f"{fw} {n / s.total:.1%}" for fw, n in s.winner_counts.items())
        print(say("cli.lint.share", share=share))
        print(say("cli.lint.ties", ties=s.ties))
        print(say("cli.lint.measured_note"))
    for err in report.errors:
        print(say("cli.lint.error", error=err))
    print(say("cli.lint.ok") if report.ok else say("cli.lint.failed", count=len(report.errors)))
