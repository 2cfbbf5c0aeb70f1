"""python -m guide report --answers A.json [--bench RESULT.json] [--deploy CHECK.json] --out report.html|report.md
[--lang en|ko]: the report is written in the language chosen by --lang or GUIDE_LANG (guide.cli sets it)."""

from __future__ import annotations

from pathlib import Path

from guide.text import t

HELP = "Write the decision report (Markdown or self-contained HTML) for a set of answers and a benchmark."


def add_arguments(parser) -> None:
    parser.add_argument("--answers", type=Path, required=True, help="JSON file of answers")
    parser.add_argument("--bench", type=Path, help="a benchmark result JSON (its measurements and charts)")
    parser.add_argument("--deploy", type=Path, help="a deploy-check result JSON (its section, and its phone-path "
                        "facts in the recommendation)")
    parser.add_argument("--out", type=Path, required=True, help="report.html or report.md")


def run(args) -> int:
    from guide.bench.store import parse_result
    from guide.cli.recommend import load_deploy_check
    from guide.decision.answers import parse_answers_json
    from guide.decision.questions import load_questions
    from guide.errors import AnswerError, CliError
    from guide.reports.markdown import to_markdown
    from guide.reports.model import build_report

    if args.out.suffix not in (".html", ".md"):
        raise CliError(t("cli.report.bad_suffix", suffix=args.out.suffix or args.out.name))
    try:
        answers, _ = parse_answers_json(args.answers.read_bytes(), load_questions(), strict=True,
                                        name=str(args.answers))
        bench = parse_result(args.bench.read_bytes(), str(args.bench)) if args.bench else None
    except OSError as exc:
        raise CliError(t("cli.cannot_read", path=exc.filename, reason=exc.strerror)) from None
    except (AnswerError, ValueError) as exc:
        raise CliError(str(exc).splitlines()[0]) from None
    deployment = load_deploy_check(args.deploy) if args.deploy else None
    report = build_report(answers, bench, deployment=deployment)
    if args.out.suffix == ".html":
        from guide.reports.html import to_html

        text = to_html(report)
    else:
        text = to_markdown(report)
    args.out.write_text(text, encoding="utf-8")
    print(t("cli.report.wrote", path=args.out, chars=len(text)))
    return 0
