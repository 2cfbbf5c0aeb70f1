"""A deployment check as measured facts the rules can read: does each framework's phone path run this model,
and which framework's own served model answers faster over HTTP on this CPU?

For phones only "works / fails for this model" becomes a fact: a latency measured on this CPU says nothing about
a phone. The serving latency is judged once (guide.evidence.judgement) and speaks only for CPU serving (its scope
in rules.yaml). Labels and details are in this run's language (guide.text.t): facts are built per run."""

from __future__ import annotations

from guide.decision.facts import MeasuredFact
from guide.deploy.schema import DeployResult, source_label
from guide.evidence.judgement import Measured, compare
from guide.text import t

# fact -> the (path, source) whose outcome it reports: each framework's own phone path from its native model
PHONE_PATHS = {"deploy.phone_path_pytorch": ("executorch-xnnpack", "pytorch"),
               "deploy.phone_path_tensorflow": ("litert", "keras-tensorflow")}


# Each framework's own artifact behind the same small HTTP server: TensorFlow's SavedModel, PyTorch's .pt2.
SERVED = {"pytorch": ("http-pt2", "pytorch"), "tensorflow": ("http-savedmodel", "keras-tensorflow")}


def serving_fact(result: DeployResult) -> MeasuredFact | None:
    """Which framework's served model answered batch-1 requests faster, from every request's latency."""
    rows = {fw: result.row(*side) for fw, side in SERVED.items()}
    if not all(r and r.ok and r.latency_samples_ms for r in rows.values()):
        return None
    torch_side, tf_side = (Measured(t(f"deployment.fact.served_{fw}"), (tuple(rows[fw].latency_samples_ms),), key=fw)
                           for fw in ("pytorch", "tensorflow"))
    c = compare(torch_side, tf_side)
    return MeasuredFact(key="deploy.serving_latency_winner", value="pytorch" if c.ratio < 1 else "tensorflow",
                        counts=c.counts, reason=c.reason, comparison=c, warnings=c.warnings,
                        detail=t("deployment.fact.serving_detail", a=c.a_label, a_value=c.a_value, b=c.b_label,
                                 b_value=c.b_value), rows=(c.a_label, c.b_label),
                        machine=result.machine.label, date=result.created_at.date().isoformat(),
                        result_id=result.id)


def facts_from_deployment(result: DeployResult) -> list[MeasuredFact]:
    facts = [fact] if (fact := serving_fact(result)) else []
    for key, (path, source) in PHONE_PATHS.items():
        row = result.row(path, source)
        if row is None or not row.tried:
            continue
        name = t("deployment.path_from", path=path, source=source_label(source))
        detail = (t("deployment.fact.phone_ok", name=name, model=result.spec.model, size=result.spec.size)
                  if row.ok else t("deployment.fact.phone_failed", name=name, error=row.error,
                                   stage=t(f"deployment.stage.{row.stage}") if row.stage else row.stage))
        facts.append(MeasuredFact(key=key, value="works" if row.ok else "fails", counts=True,
                                  reason=t("deployment.fact.phone_reason"),
                                  detail=detail, rows=(name,), machine=result.machine.label,
                                  date=result.created_at.date().isoformat(), result_id=result.id))
    return facts
