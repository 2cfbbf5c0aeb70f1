"""A recommendation as the JSON document of the CLI contract and the page's download."""

from __future__ import annotations

from guide.decision.recommendation import Recommendation

EXPORT_VERSION = 1


def recommendation_json(rec: Recommendation) -> dict:
    """The CLI contract: ranking (best first), trace, counterfactuals, deployment_path, and the rest."""
    data = rec.model_dump(mode="json")
    data["ranking"] = [
        {"framework": r.framework, "score": r.score, "vetoed": r.vetoed} for r in rec.ranking
    ]
    return {"export_version": EXPORT_VERSION, **data}
