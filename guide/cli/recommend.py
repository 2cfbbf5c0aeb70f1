"""python -m guide recommend --answers FILE.json [--format json|text] [--lang en|ko]

The text output follows the language chosen by --lang or GUIDE_LANG (guide.cli sets it); the JSON output is
the language-neutral contract (ids and both languages' texts)."""

from __future__ import annotations

import json
from pathlib import Path

from guide.text import t

HELP = "Recommend a framework for the answers in a JSON file (question id -> option id or list of ids)."


def add_arguments(parser) -> None:
    parser.add_argument("--answers", type=Path, required=True, help="JSON file of answers ('-' for stdin)")
    parser.add_argument("--format", choices=["json", "text"], default="text")
    parser.add_argument("--bench", type=Path, help="a benchmark result JSON whose measurements enter the rules")
    parser.add_argument("--deploy", type=Path, help="a deploy-check result JSON (whether each phone path works)")


def load_bench_facts(path: Path):
    """Measured facts from a result file; a bad file is one clear line, never a traceback."""
    from guide.bench.store import parse_result
    from guide.errors import CliError
    from guide.evidence.measurements import facts_from_result

    try:
        return facts_from_result(parse_result(path.read_bytes(), origin=str(path)))
    except OSError as exc:
        raise CliError(t("cli.cannot_read", path=path, reason=exc.strerror)) from None
    except ValueError as exc:
        raise CliError(str(exc).splitlines()[0]) from None


def load_deploy_check(path: Path):
    """A deploy-check result file (python -m guide deploy-check --json); a bad file is one clear line."""
    from guide.deploy.store import parse_deploy_result
    from guide.errors import CliError
    from guide.userfile import UserFileError

    try:
        return parse_deploy_result(path.read_bytes(), str(path))
    except OSError as exc:
        raise CliError(t("cli.cannot_read", path=path, reason=exc.strerror)) from None
    except UserFileError as exc:
        raise CliError(str(exc)) from None


def read_answers(path: Path):
    """An answers file (or stdin for "-"), strict: a bad file is one clear line and exit 2."""
    import sys

    from guide.decision.answers import parse_answers_json
    from guide.decision.questions import load_questions
    from guide.errors import AnswerError, CliError, DataFileError
    from guide.text import current_lang

    try:
        text = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise CliError(t("cli.cannot_read", path=path, reason=exc.strerror)) from None
    try:
        answers, _ = parse_answers_json(text, load_questions(), strict=True, name=t("cli.answers_file"),
                                        lang=current_lang())
    except (AnswerError, DataFileError) as exc:
        raise CliError(f"{path}: {exc}") from None
    return answers


def run(args) -> int:
    from guide.decision.engine import recommend
    from guide.evidence.deployment import facts_from_deployment
    from guide.reports.json_export import recommendation_json
    from guide.reports.markdown import recommendation_markdown

    answers = read_answers(args.answers)
    deploy_facts = facts_from_deployment(load_deploy_check(args.deploy)) if args.deploy else ()
    facts = [*(load_bench_facts(args.bench) if args.bench else ()), *deploy_facts]
    rec = recommend(answers, measurements=tuple(facts))
    if args.format == "json":
        print(json.dumps(recommendation_json(rec), indent=2, ensure_ascii=False))
    else:
        print(recommendation_markdown(rec))
    return 0
