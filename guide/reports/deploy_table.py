"""A deployment check as table rows and sentences, for the Deployment page, the reports and the CLI, in this
run's language (guide.text.t).

Sources are named as every view names them: a Keras backend is not the framework."""

from __future__ import annotations

import re

from guide.bench.cpu import is_busy
from guide.bench.machine import busy_margin_cores
from guide.deploy.limitations import documented
from guide.deploy.schema import DeployResult, DeployRow, source_label
from guide.text import has_text, t, when

STAGES = ("export", "load", "run", "parity")


def stage_name(stage: str | None) -> str:
    return t(f"deployment.stage.{stage}") if stage in STAGES else str(stage)


def stage_meaning(stage: str | None) -> str:
    """What a failure at this stage means for a team on this path."""
    return t(f"deployment.stage_meaning.{stage if stage in STAGES else 'unknown'}")


def path_name(path: str, source: str) -> str:
    """'litert from Keras 3 on TensorFlow': a path and where its model came from."""
    return t("deployment.path_from", path=path, source=source)


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def result_text(row: DeployRow) -> str:
    if row.ok:
        return t("deployment.result.ok")
    return t("deployment.result.failed", stage=stage_name(row.stage)) if row.tried else t("deployment.result.not_tried")


def table_rows(result: DeployResult) -> list[dict[str, str]]:
    return [table_row(r, result.spec.batch) for r in result.rows]


def table_row(row: DeployRow, batch_of: int = 4) -> dict[str, str]:
    """One row's cells under headers in the reader's language; `batch_of` is the batch that tested a dynamic
    batch dimension (the spec's), named in its header."""
    batch = {True: t("deployment.answer_yes"), False: t("deployment.answer_no"), None: ""}[row.dynamic_batch]
    values = {
        "path": row.path, "from": source_label(row.source), "runtime": row.runtime, "precision": row.precision,
        "result": result_text(row),
        "size": "" if row.size_bytes is None else f"{row.size_bytes / 1024:,.0f} kB",
        "latency": _ms(row.latency_ms), "p95": _ms(row.latency_p95_ms), "cpu": _ms(row.cpu_ms_per_inference),
        "diff": "" if row.max_abs_diff is None else f"{row.max_abs_diff:.2g}", "batch": batch,
        "rss": "" if row.peak_rss_mb is None else f"{row.peak_rss_mb:,.0f} MB",
        "ready": "" if row.ready_s is None else f"{row.ready_s:.1f}",
    }
    return {t(f"deployment.column.{key}", n=batch_of): value for key, value in values.items()}


# ExecuTorch reports only a number ("method->execute() failed with error 0x12"): its name, from
# executorch/runtime/core/error.h of the pinned release, says what kind of failure it was.
EXECUTORCH_ERRORS = {0x01: "Internal", 0x02: "InvalidState", 0x10: "NotSupported", 0x11: "NotImplemented",
                     0x12: "InvalidArgument", 0x13: "InvalidType", 0x14: "OperatorMissing", 0x20: "NotFound",
                     0x21: "MemoryAllocationFailed", 0x23: "InvalidProgram", 0x30: "DelegateInvalidCompatibility"}
EXECUTORCH_CODE = re.compile(r"error (0x[0-9a-fA-F]+)")


def error_text(row: DeployRow) -> str:
    """The runtime's own error, with ExecuTorch's error number named."""
    found = EXECUTORCH_CODE.search(row.error or "") if row.path.startswith("executorch") else None
    name = EXECUTORCH_ERRORS.get(int(found[1], 16)) if found else None
    return f"{row.error} ({t('deployment.executorch_error', code=found[1], name=name)})" if name else str(row.error)


def failure_lines(result: DeployResult) -> list[str]:
    """One sentence per failed row: what failed, the real error, and what it means: a documented limitation of
    the runtime (with its source), or else our own export recipe failing, which counts against no framework."""
    lines = []
    for r in (r for r in result.rows if r.tried and not r.ok):
        limit = documented(r, result.spec.model)
        meaning = (t("deployment.documented_meaning", meaning=stage_meaning(r.stage), says=limit.says.get(),
                     cited=limit.cited, date=limit.date) if limit else t("deployment.our_recipe"))
        lines.append(t("deployment.failure", name=path_name(r.path, source_label(r.source)), stage=stage_name(r.stage),
                       error=error_text(r), meaning=meaning))
    return lines


def busy_lines(result: DeployResult) -> list[str]:
    """One sentence per row timed on a busy machine (the one busy rule, derived afresh from other_load_cores), in
    the reader's language: its timings are shown, and no comparison with it counts."""
    free = (result.machine.cpu_cores or 0) - result.spec.threads
    margin = busy_margin_cores()
    return [t("deployment.busy_row", name=path_name(r.path, source_label(r.source)), load=r.other_load_cores,
              free=max(free, 0)) for r in result.rows if r.ok and is_busy(r.other_load_cores, free, margin)]


def not_tried_lines(result: DeployResult) -> list[str]:
    """Paths this machine cannot try, each with why: not a verdict on the path."""
    return [f"{path_name(r.path, source_label(r.source))}: {not_tried_reason(r)}." for r in result.rows if not r.tried]


def not_tried_reason(row: DeployRow) -> str:
    """Why a path was not run here, in the reader's language where the guide knows the reason (the row keeps
    the English one as its error, for files and the CLI's JSON)."""
    key = f"deployment.not_here.{row.path}"
    return t(key) if has_text(key) else str(row.error)


def heading(result: DeployResult) -> str:
    s = result.spec
    return t("deployment.heading", model=s.model, size=s.size, runs=s.runs, threads=s.threads,
             machine=result.machine.name, created=when(result.created_at), id=result.id)
