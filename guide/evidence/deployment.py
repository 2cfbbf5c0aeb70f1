"""A deployment check as measured facts the rules can read: does each framework's phone path run this model?

Only "works / fails for this model" becomes a fact: a latency measured on this CPU says nothing about a phone.
"""

from __future__ import annotations

from guide.decision.facts import MeasuredFact
from guide.deploy.schema import DeployResult

# fact -> the (path, source) whose outcome it reports: each framework's own phone path from its native model
PHONE_PATHS = {"deploy.phone_path_pytorch": ("executorch-xnnpack", "pytorch"),
               "deploy.phone_path_tensorflow": ("litert", "keras-tensorflow")}


def facts_from_deployment(result: DeployResult) -> list[MeasuredFact]:
    facts = []
    for key, (path, source) in PHONE_PATHS.items():
        row = result.row(path, source)
        if row is None or not row.tried:
            continue
        detail = (f"{path} from {source} ran {result.spec.model}/{result.spec.size} and matched its outputs"
                  if row.ok else f"{path} from {source} failed at {row.stage}: {row.error}")
        facts.append(MeasuredFact(key=key, value="works" if row.ok else "fails", counts=True,
                                  reason="whether the path runs this model, checked in a deployment check",
                                  detail=detail, rows=(f"{path} from {source}",), machine=result.machine.label,
                                  date=result.created_at.date().isoformat(), result_id=result.id))
    return facts
