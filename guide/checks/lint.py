"""lint-rules: schema errors, rules that never fire, exact ties, failing examples, and problems in the text
catalogues (a key missing in one language, placeholders that differ). Returns findings; prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guide import catalogue
from guide.checks.decisions import load_decisions
from guide.checks.examples import check_example, load_examples, rules_without_examples
from guide.checks.sweep import SweepReport, sweep
from guide.decision.conditions import iter_leaves
from guide.decision.questions import QuestionSet, load_questions
from guide.decision.rules import RuleSet, parse_ruleset
from guide.errors import DataFileError
from guide.evidence.sources import unknown_sources
from guide.settings import get_settings
from guide.text import t
from guide.userfile import read_yaml


def say(key: str, **values: object) -> str:
    """t(), or, when the text catalogues themselves are broken (which lint-rules is there to report), the
    English text read straight from its file, so the report still gets written."""
    try:
        return t(key, **values)
    except DataFileError:
        return catalogue._read_language("en")[key].format(**values)


def catalogue_problems() -> list[str]:
    """What keeps the catalogues from loading, read afresh from the files (the process's cached copy is left
    alone): each key missing in one language, each placeholder mismatch, each unreadable file."""
    try:
        catalogue.catalogues.__wrapped__()
    except DataFileError as exc:
        where = "" if exc.file == str(catalogue.CATALOGUE_DIR) else f"{exc.file}: "  # the problems name their file
        return [where + p for p in exc.problems]
    return []


@dataclass
class LintReport:
    rules_file: str
    errors: list[str] = field(default_factory=list)
    rule_count: int = 0
    example_count: int = 0
    sweep: SweepReport | None = None
    measurement_rules: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        s = self.sweep
        return {
            "rules_file": self.rules_file, "ok": self.ok, "errors": self.errors,
            "rules": self.rule_count, "examples": self.example_count,
            "measurement_rules": self.measurement_rules,
            "sweep": None if s is None else {
                "answer_sets": s.total, "seconds": round(s.seconds, 3), "sampled": s.sampled > 0,
                "exhaustive": s.exhaustive, "sampled_answer_sets": s.sampled, "sample_ties": s.sample_ties,
                "never_fires": s.never_fires(), "ties": s.ties, "tie_examples": s.tie_examples,
                "winner_share": {fw: n / s.total for fw, n in s.winner_counts.items()},
                "fire_counts": s.fire_counts,
            },
        }


def measurement_rules(ruleset: RuleSet) -> set[str]:
    """Rules that read a measured fact: silent in the answer space by design, covered by examples instead."""
    return {r.id for r in ruleset.rules if any(leaf.fact for leaf in iter_leaves(r.when))}


def lint_rules(rules_file: Path | None = None, examples_file: Path | None = None,
               questions: QuestionSet | None = None, run_sweep: bool = True) -> LintReport:
    path = Path(rules_file or get_settings().rules_file)
    report = LintReport(rules_file=str(path), errors=catalogue_problems())
    try:
        questions = questions or load_questions()
        ruleset: RuleSet = parse_ruleset(read_yaml(path), str(path), questions)
        examples = load_examples(examples_file)
    except DataFileError as exc:
        report.errors += [f"{exc.file}: {p}" for p in exc.problems]
        return report
    report.rule_count, report.example_count = len(ruleset.rules), len(examples)
    report.errors += [say("cli.lint.unknown_source", rule=r, source=s) for r, s in unknown_sources(ruleset)]
    for example in examples:
        report.errors += check_example(example, ruleset, questions)
    report.errors += [say("cli.lint.no_example", rule=r) for r in rules_without_examples(examples, ruleset)]
    if run_sweep:
        added = load_decisions().added_later  # the questionnaire before these is swept exhaustively
        report.sweep = sweep(ruleset, questions, added_questions=added.questions, added_options=added.options)
        measured = measurement_rules(ruleset)
        report.measurement_rules = sorted(measured)
        report.errors += [say("cli.lint.never_fires", rule=r) for r in report.sweep.never_fires()
                          if r not in measured]
        if report.sweep.ties:
            report.errors.append(say("cli.lint.ties_found", ties=report.sweep.ties,
                                     example=report.sweep.tie_examples[0]))
    return report
