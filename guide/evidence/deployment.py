"""A deployment check as measured facts the rules can read: does each framework's phone path run this model,
and which framework's own served model answers faster over HTTP on this CPU?

For phones only "works / fails for this model" becomes a fact: a latency measured on this CPU says nothing about
a phone. The serving latency is judged once (guide.evidence.judgement) and speaks only for CPU serving (its scope
in rules.yaml)."""

from __future__ import annotations

from guide.decision.facts import MeasuredFact
from guide.deploy.schema import DeployResult
from guide.evidence.judgement import Measured, compare

# fact -> the (path, source) whose outcome it reports: each framework's own phone path from its native model
PHONE_PATHS = {"deploy.phone_path_pytorch": ("executorch-xnnpack", "pytorch"),
               "deploy.phone_path_tensorflow": ("litert", "keras-tensorflow")}


# Each framework's own artifact behind the same small HTTP server: TensorFlow's SavedModel, PyTorch's .pt2.
SERVED = {"pytorch": ("http-pt2", "pytorch"), "tensorflow": ("http-savedmodel", "keras-tensorflow")}
SERVED_LABEL = {"pytorch": "PyTorch .pt2 served over HTTP", "tensorflow": "TensorFlow SavedModel served over HTTP"}


def serving_fact(result: DeployResult) -> MeasuredFact | None:
    """Which framework's served model answered batch-1 requests faster, from every request's latency."""
    rows = {fw: result.row(*side) for fw, side in SERVED.items()}
    if not all(r and r.ok and r.latency_samples_ms for r in rows.values()):
        return None
    torch_side, tf_side = (Measured(SERVED_LABEL[fw], (tuple(rows[fw].latency_samples_ms),))
                           for fw in ("pytorch", "tensorflow"))
    c = compare(torch_side, tf_side)
    return MeasuredFact(key="deploy.serving_latency_winner", value="pytorch" if c.ratio < 1 else "tensorflow",
                        counts=c.counts, reason=c.reason, comparison=c, warnings=c.warnings,
                        detail=f"request latency median, batch 1, JSON over HTTP: {c.a_label} {c.a_value:.3g} ms vs "
                               f"{c.b_label} {c.b_value:.3g} ms", rows=(c.a_label, c.b_label),
                        machine=result.machine.label, date=result.created_at.date().isoformat(),
                        result_id=result.id)


def facts_from_deployment(result: DeployResult) -> list[MeasuredFact]:
    facts = [fact] if (fact := serving_fact(result)) else []
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
