"""`python -m guide results list|show ID|import FILE|export [ID] [--out F]`: the stored benchmark results.

`export` without an ID writes the newest result. Results measured on another machine are labelled as such in
`list`; they are never merged with local ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "List, show, import and export stored benchmark results."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="stored results, newest first")
    listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    show = actions.add_parser("show", help="one result as a table")
    show.add_argument("id")
    importing = actions.add_parser("import", help="store a result JSON file (validated)")
    importing.add_argument("file", type=Path)
    export = actions.add_parser("export", help="a stored result as JSON (default: the newest)")
    export.add_argument("id", nargs="?")
    export.add_argument("--out", type=Path, help="write to this file instead of stdout")


def _list(store, limit: int) -> int:
    from guide.bench.cpu import cpu_cores, cpu_model
    from guide.reports.bench_table import table

    here = f"{cpu_model()} ({cpu_cores()} cores)"
    summaries = store.list(limit)
    if not summaries:
        print("no stored results yet: run `python -m guide bench`")
        return 0
    rows = [
        [
            s.id,
            s.created_at.strftime("%Y-%m-%d %H:%M"),
            f"{s.model}/{s.size}",
            s.rows,
            s.source,
            "this machine" if s.machine == here else f"different machine: {s.machine}",
        ]
        for s in summaries
    ]
    print(table(("id", "created (UTC)", "model", "rows", "source", "machine"), rows))
    return 0


def _get(store, result_id: str):
    from guide.errors import CliError

    result = store.get(result_id)
    if result is None:
        raise CliError(f"no stored result with id {result_id!r} (see `python -m guide results list`)")
    return result


def _export(store, result_id: str | None, out: Path | None) -> int:
    from guide.errors import CliError

    if result_id is None:
        newest = store.list(1)
        if not newest:
            raise CliError("nothing to export: no stored results")
        result_id = newest[0].id
    text = _get(store, result_id).model_dump_json(indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
        return 0
    try:
        out.write_text(text)
    except OSError as exc:
        raise CliError(f"--out: cannot write {out}: {exc.strerror or exc}") from exc
    print(f"wrote {result_id} to {out}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from guide.bench.store import ResultFileError, ResultStore
    from guide.errors import CliError
    from guide.reports.bench_table import summary

    store = ResultStore()
    if args.action == "list":
        return _list(store, args.limit)
    if args.action == "show":
        print(summary(_get(store, args.id)))
        return 0
    if args.action == "import":
        try:
            outcome = store.import_file(args.file)
        except ResultFileError as exc:
            raise CliError(str(exc)) from exc
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"{args.file}: {outcome.message}")
        return 0
    return _export(store, args.id, args.out)
