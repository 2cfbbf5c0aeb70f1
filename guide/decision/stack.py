"""The stack: the winner as the framework to train in, and for each deployment target the answers name, the
routes from that framework to it (best first), read from the route table the rule set carries."""

from __future__ import annotations

from guide.decision.recommendation import RankedFramework, Stack, StackRoute
from guide.decision.routes import SCOPE_QUESTION, SCOPES_WITHOUT_DEPLOYMENT, RouteTable

# The Keras backend each framework id stands for, when Keras 3 wins and the other ranks say which to run it on.
KERAS_BACKENDS = {"jax": "jax", "pytorch": "torch", "tensorflow": "tensorflow"}


def keras_backend(ranking: tuple[RankedFramework, ...]) -> str:
    """The best-scored framework Keras 3 can run on, as its backend name: among those not ruled out, or among
    all of them when every one is (keeping the Keras code rules each out as a framework, not as a backend)."""
    candidates = [r for r in ranking if r.framework in KERAS_BACKENDS]
    open_ = [r for r in candidates if not r.vetoed] or candidates
    return KERAS_BACKENDS[max(open_, key=lambda r: r.score).framework] if open_ else "jax"


def build_stack(table: RouteTable, targets_hold, values, ranking: tuple[RankedFramework, ...]) -> Stack:
    """`targets_hold`: (target, predicate over the answers) pairs, compiled once with the rule set."""
    winner = ranking[0].framework
    routes, missing, labels = [], [], {}
    for target, holds in targets_hold:
        if not holds(values):
            continue
        labels[target.id] = target.label
        found = table.routes_to(target.id, winner)
        if not found:
            missing.append(target.id)
        routes += [StackRoute(target=target.id, target_label=target.label, runtime=r.runtime, via=r.via,
                              maturity=r.maturity, maturity_label=table.maturity[r.maturity].label,
                              evidence=r.evidence, check=r.check, best=i == 0)
                   for i, r in enumerate(found)]
    return Stack(framework=winner, backend=keras_backend(ranking[1:]) if winner == "keras" else None,
                 routes=tuple(routes), no_route=tuple(missing), target_labels=labels,
                 moves_ranking=values.get(SCOPE_QUESTION) not in SCOPES_WITHOUT_DEPLOYMENT)
