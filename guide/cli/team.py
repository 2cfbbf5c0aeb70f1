"""python -m guide team create|submit|show|close|reopen|delete|export ... [--format text|json]

For automation and for a facilitator preparing a workshop. Bad codes, bad tokens, a closed session and
malformed answers exit 2 with one line on stderr (guide.team.store.TeamError, guide.errors.CliError)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from guide.text import t

HELP = "Team sessions: create one, submit or revise answers, see the aggregate, close, reopen, export, delete."
ADMIN_ACTIONS = ("close", "reopen", "delete")


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="a new session: its join code, join link and admin token")
    create.add_argument("--title", default="")
    submit = actions.add_parser("submit", help="answers for a session (with --participant: revise them)")
    submit.add_argument("code")
    submit.add_argument("--answers", type=Path, required=True, help="JSON file of answers")
    submit.add_argument("--name", help="optional display name (anonymous without it)")
    submit.add_argument("--participant", help="your participant token, to revise your answers")
    show = actions.add_parser("show", help="the aggregate (and, with the admin token, each participant)")
    show.add_argument("code")
    show.add_argument("--admin-token")
    for name in ADMIN_ACTIONS:
        admin = actions.add_parser(name, help=f"{name} the session (needs the admin token)")
        admin.add_argument("code")
        admin.add_argument("--admin-token", required=True)
    export = actions.add_parser("export", help="every participant's answers and the aggregate (CSV or JSON), or "
                                "the team report (Markdown or HTML)")
    export.add_argument("code")
    export.add_argument("--admin-token", required=True)
    export.add_argument("--out", type=Path, required=True, help="F.csv, F.json, F.md or F.html")
    for sub in actions.choices.values():
        sub.add_argument("--format", choices=["text", "json"], default="text")
        # also after the action (team create --lang ko); SUPPRESS keeps `team --lang ko create` as given
        sub.add_argument("--lang", choices=["en", "ko"], default=argparse.SUPPRESS, help="language of the output")


def _emit(args, data: dict, text: str) -> int:
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.format == "json" else text)
    return 0


def run(args) -> int:
    from guide.errors import CliError
    from guide.team.store import TeamError, TeamStore

    try:
        return ACTIONS[args.action](args, TeamStore())
    except TeamError as exc:
        raise CliError(str(exc)) from None


def _create(args, store) -> int:
    code, admin = store.create(args.title)
    from guide.team.links import admin_url, join_url

    data = {"code": code, "join_url": join_url(code), "admin_token": admin, "admin_url": admin_url(code, admin)}
    text = t("team.cli.created", code=code, url=data["join_url"], admin=admin, admin_url=data["admin_url"])
    if not os.environ.get("GUIDE_PUBLIC_URL"):  # the default address is this computer: no phone can open it
        text += "\n" + t("team.cli.no_public_url")
    return _emit(args, data, text)


def _submit(args, store) -> int:
    from guide.cli.recommend import read_answers

    answers = read_answers(args.answers)
    done = store.submit(args.code, answers.to_json_dict(), args.name, args.participant)
    data = {"participant_token": done.participant_token, "revision": done.revision}
    return _emit(args, data, t("team.cli.stored", revision=done.revision, token=done.participant_token))


def _show(args, store) -> int:
    from guide.reports.team_report import team_text
    from guide.reports.team_view import team_view
    from guide.team.report import team_outcome, team_summary

    if args.format == "json":
        return _emit(args, team_summary(store, args.code, args.admin_token), "")
    return _emit(args, {}, team_text(team_view(team_outcome(store, args.code, args.admin_token))))


def _admin(args, store) -> int:
    if args.action == "delete":
        store.delete(args.code, args.admin_token)
    else:
        store.set_closed(args.code, args.admin_token, closed=args.action == "close")
    return _emit(args, {"code": args.code, "done": args.action}, t(f"team.cli.{args.action}", code=args.code))


def _export(args, store) -> int:
    from guide.errors import CliError
    from guide.reports.team_report import team_html, team_markdown, team_report
    from guide.team.report import export_text, team_outcome, team_summary

    kind = args.out.suffix[1:]
    if kind in ("csv", "json"):
        summary = team_summary(store, args.code, args.admin_token)
        text, participants = export_text(summary, kind), summary["participants"]
    elif kind in ("md", "html"):
        view, report = team_report(team_outcome(store, args.code, args.admin_token))
        text, participants = (team_markdown if kind == "md" else team_html)(view, report), view.participants
    else:
        raise CliError(t("team.cli.bad_out", got=args.out.suffix or args.out.name))
    # newline="": the CSV text carries its own line ends (\r\n, as the csv module writes them)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return _emit(args, {"out": str(args.out), "participants": participants},
                 t("team.cli.wrote", path=args.out, n=participants))


ACTIONS = {"create": _create, "submit": _submit, "show": _show, "close": _admin, "reopen": _admin,
           "delete": _admin, "export": _export}
