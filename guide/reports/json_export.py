"""A recommendation as the JSON document of the CLI contract and the page's download."""

from __future__ import annotations

from guide.decision.recommendation import Recommendation
from guide.evidence.sources import load_sources

EXPORT_VERSION = 1


def recommendation_json(rec: Recommendation) -> dict:
    """The CLI contract: ranking (best first), trace, counterfactuals, deployment_path, and the rest."""
    data = rec.model_dump(mode="json")
    for route in (data.get("stack") or {}).get("routes", []):  # each source with its link, as the page cites it
        for evidence in route["evidence"]:
            source = load_sources().get(evidence["source"])
            evidence["url"] = evidence["url"] or (source.url if source else None)
    data["ranking"] = [
        {"framework": r.framework, "score": r.score, "vetoed": r.vetoed} for r in rec.ranking
    ]
    return {"export_version": EXPORT_VERSION, **data}
