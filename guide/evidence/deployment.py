"""A deployment check as measured facts the rules can read: does each framework's phone path run this model,
and which framework's own served model answers faster over HTTP on this CPU?

For phones only "works / fails for this model" becomes a fact: a latency measured on this CPU says nothing about
a phone. The serving latency is judged once (guide.evidence.judgement) and speaks only for CPU serving (its scope
in rules.yaml). Labels and details are in this run's language (guide.text.t): facts are built per run."""

from __future__ import annotations

from guide.decision.facts import MeasuredFact
from guide.deploy.limitations import documented
from guide.deploy.schema import DeployResult, source_label
from guide.evidence.judgement import Measured, compare
from guide.evidence.measurements import free_cores
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
    free = free_cores(result.machine.cpu_cores, result.spec.threads)
    torch_side, tf_side = (Measured(t(f"deployment.fact.served_{fw}"), (tuple(rows[fw].latency_samples_ms),), key=fw,
                                    busy_cores=rows[fw].other_load_cores, free_cores=free)
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
        facts.append(_phone_fact(key, row, result))
    return facts


def _phone_fact(key: str, row, result: DeployResult) -> MeasuredFact:
    """Whether a phone path ran this model. A failure counts only as a documented limitation of the runtime;
    otherwise it is our export recipe failing, shown with its error and counting against no framework."""
    name = t("deployment.path_from", path=row.path, source=source_label(row.source))
    limit = documented(row, result.spec.model)
    if row.ok:
        detail, reason = (t("deployment.fact.phone_ok", name=name, model=result.spec.model, size=result.spec.size),
                          t("deployment.fact.phone_reason"))
    else:
        detail = t("deployment.fact.phone_failed", name=name, error=row.error,
                   stage=t(f"deployment.stage.{row.stage}") if row.stage else row.stage)
        reason = (t("deployment.fact.documented", says=limit.says.get(), cited=limit.cited, date=limit.date)
                  if limit else t("deployment.fact.our_recipe"))
    return MeasuredFact(key=key, value="works" if row.ok else "fails", counts=row.ok or limit is not None,
                        reason=reason, detail=detail, rows=(name,), machine=result.machine.label,
                        date=result.created_at.date().isoformat(), result_id=result.id)
