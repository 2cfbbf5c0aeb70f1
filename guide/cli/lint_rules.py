"""python -m guide lint-rules [FILE]"""

from __future__ import annotations

import json
from pathlib import Path

HELP = "Check a rules file: schema, examples, rules that never fire and exact ties over the whole answer space."


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
    print(f"rules file: {report.rules_file}")
    print(f"{report.rule_count} rules, {report.example_count} examples")
    s = report.sweep
    if s is not None:
        print(f"swept the full answer space: {s.total:,} answer sets in {s.seconds:.1f} s (nothing sampled)")
        share = ", ".join(f"{fw} {n / s.total:.1%}" for fw, n in s.winner_counts.items())
        print(f"winner share: {share}")
        print(f"exact ties for first place: {s.ties:,}")
        print("rules that read measurements are checked by examples, not by the sweep (no benchmark there)")
    for err in report.errors:
        print(f"ERROR {err}")
    print("OK" if report.ok else f"FAILED: {len(report.errors)} problem(s)")
