"""python -m guide claims [--quick] [--json out.json] [--lang en|ko]

The text output follows --lang, else GUIDE_LANG (guide.cli sets the language for every subcommand); the JSON
keeps ids and both languages of each claim."""

from __future__ import annotations

import json
from pathlib import Path

HELP = "Check the article's testable claims against benchmarks on this machine (runs what is missing)."


def add_arguments(parser) -> None:
    parser.add_argument("--quick", action="store_true", help="tiny and small sizes, few steps (about a minute)")
    parser.add_argument("--rerun", action="store_true", help="measure again even if stored results match")
    parser.add_argument("--json", type=Path, help="write the verdicts as JSON here")


def run_needed(quick: bool, rerun: bool) -> list:
    """Run (or reuse) every benchmark the claims need, with one progress bar over all worker runs."""
    from tqdm import tqdm

    from guide.bench.runner import planned_rows, run_benchmark
    from guide.bench.store import ResultStore
    from guide.evidence.claims import specs_needed

    specs, store = specs_needed(quick), ResultStore()
    total = sum(len(planned_rows(s)) * s.repeats for s in specs)
    results = []
    with tqdm(total=total, desc="claims", unit="run") as bar:
        shown = [""]

        def on_event(event) -> None:
            if event.kind == "row_finished":
                bar.update(1)
            elif event.kind == "cached":
                bar.update(total // len(specs))
            status = f"{event.label} {event.phase}".strip()[:40]
            if status != shown[0]:  # a new phase, not every step: keeps logs readable
                shown[0] = status
                bar.set_postfix_str(status)

        for spec in specs:
            results.append(run_benchmark(spec, on_event=on_event, store=store, reuse=not rerun))
    return results


def run(args) -> int:
    from guide.deploy.store import DeployStore
    from guide.evidence.claims import judge, load_claims, observation_text
    from guide.evidence.sources import source_title
    from guide.text import t

    results = run_needed(args.quick, args.rerun)
    deployments = DeployStore().recent(limit=50)  # claims about runtimes: stored deploy-check results
    verdicts = [judge(c, results, deployments) for c in load_claims()]
    for v in verdicts:
        verdict = t(f"claims.verdict.{v.verdict}").upper()
        print(f"[{verdict:>12}] {v.claim.claim.get()} ({source_title(v.claim.source)})")
        print(f"               {v.explanation}")
        for o in v.observations:
            print(f"               {observation_text(o)}")
        print("               " + t("claims.cli_limits", limits=v.claim.limits.get()))
    if args.json:
        args.json.write_text(json.dumps([v.model_dump(mode="json") for v in verdicts], indent=2), encoding="utf-8")
    return 0
