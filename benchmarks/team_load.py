"""Load figure for team mode: N simulated participants (default 200) submit their answers and then revise them
once, as in a workshop, from several client processes at once (each with its own connection pool, as each app
replica has); per submission latency and submissions per second, on SQLite (the default file) and on PostgreSQL
(a real server started here, from Debian's binaries, as the tests do). Then how long the lead's dashboard takes
to recompute the team of N (what each live refresh costs when something changed).

    .venv/bin/python benchmarks/team_load.py [--participants 200] [--clients 8] [--databases sqlite postgresql]

A figure for the README, never an assert: it depends on the machine (printed with the results)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guide.bench.cpu import cpu_cores, cpu_model  # noqa: E402
from guide.decision.questions import load_questions  # noqa: E402
from guide.team.report import team_outcome  # noqa: E402
from guide.team.store import TeamStore  # noqa: E402


def random_answers(rng: random.Random) -> dict:
    answers = {}
    for q in load_questions().questions:
        if q.show_if or rng.random() < 0.2:
            continue
        answers[q.id] = rng.choice(q.option_ids) if q.kind == "one" else rng.sample(q.option_ids, rng.randint(1, 2))
    return answers


def participants(url: str, code: str, seeds: list[int]) -> list[float]:
    """One client process: each of its participants submits, then revises once; the latency of each."""
    store, latencies = TeamStore(url), []
    for seed in seeds:
        rng = random.Random(seed)
        start = time.perf_counter()
        token = store.submit(code, random_answers(rng), name=f"p{seed}").participant_token
        latencies.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.submit(code, random_answers(rng), participant=token)
        latencies.append(time.perf_counter() - start)
    return latencies


def run(url: str, n: int, clients: int) -> dict:
    store = TeamStore(url)  # migrates the empty database before the clock starts
    code, admin = store.create("load")
    chunks = [list(range(i, n, clients)) for i in range(clients)]
    start = time.perf_counter()
    with ProcessPoolExecutor(clients, mp_context=get_context("fork")) as pool:
        latencies = [x for part in pool.map(participants, [url] * clients, [code] * clients, chunks) for x in part]
    wall = time.perf_counter() - start
    people = store.participants(code)
    assert len(people) == n and all(p.revision == 2 for p in people), "a submission was lost or duplicated"
    start = time.perf_counter()
    team_outcome(store, code, admin)
    dashboard = time.perf_counter() - start
    ms = sorted(1000 * x for x in latencies)
    return {"submissions": len(ms), "per_s": len(ms) / wall, "p50": statistics.median(ms),
            "p95": ms[int(0.95 * (len(ms) - 1))], "max": ms[-1], "dashboard_s": dashboard}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(f"machine: {cpu_model()}, {cpu_cores()} cores; {args.participants} participants, each submits and "
          f"revises once, from {args.clients} client processes")
    print("| database | submissions | per second | p50 ms | p95 ms | max ms | dashboard recompute s |")
    print("|---|---|---|---|---|---|---|")
    for kind in args.databases:
        with database_url(kind) as url:
            r = run(url, args.participants, args.clients)
        print(f"| {kind} | {r['submissions']} | {r['per_s']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['max']:.1f} | {r['dashboard_s']:.2f} |")


class database_url:  # noqa: N801 - a context manager read as a phrase: `with database_url("sqlite") as url`
    def __init__(self, kind: str):
        self.kind, self.stop = kind, None

    def __enter__(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{Path(tempfile.mkdtemp(prefix='team-load-')) / 'results.sqlite'}"
        from tests.postgres import new_database, start_server

        server, self.stop = start_server()
        return new_database(server)

    def __exit__(self, *exc) -> None:
        if self.stop:
            self.stop()


if __name__ == "__main__":
    os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="team-load-data-"))
    main()
