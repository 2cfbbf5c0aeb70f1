"""python -m guide decisions [--format text|json] [--lang en|ko]: how the guide does on the documented decisions
(guide/data/decisions.yaml). Machine-independent: no benchmark or deployment check enters, only answers and rules."""

from __future__ import annotations

import json

HELP = ("Run the documented framework decisions through the rules: agreement overall, per framework chosen, per "
        "period, on the part kept aside and per confidence, and every miss with why.")


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args) -> int:
    from dataclasses import asdict

    from guide.decision.questions import load_questions
    from guide.decision.rules import load_ruleset
    from guide.reports.decisions_view import decisions_view
    from guide.text import t

    view = decisions_view(load_ruleset(), load_questions())
    if args.format == "json":
        print(json.dumps({"count": view.count, "summary": [list(row) for row in view.summary],
                          "decisions": [asdict(r) for r in view.rows]}, indent=2, ensure_ascii=False))
        return 0
    print(t("about.decisions.heading", count=view.count))
    width = max(len(label) for label, _, _ in view.summary)
    print(f"{t('about.decisions.column.what'):<{width}}  {t('about.decisions.column.all')}  |  "
          f"{t('about.decisions.column.today')}")
    for label, full, today in view.summary:
        print(f"{label:<{width}}  {full:<14}  |  {today}")
    print()
    print(t("about.decisions.misses", count=len(view.misses)))
    for row in view.misses:
        print(f"- {row.organisation} ({row.date}): {row.chose} → {row.picked} [{row.confidence}]. {row.why}")
    return 0
