"""What a deployment check found for each step of a recommended deployment path: the step's own checks (its
(path, source) pairs, data in rules.yaml), each one sentence, and for a path that failed, the paths to the same
kind of target that ran this model in the same check (its alternative here)."""

from __future__ import annotations

from collections.abc import Sequence

from guide.deploy.schema import DeployResult, DeployRow, source_label
from guide.reports.deploy_table import not_tried_reason, path_name, stage_name
from guide.text import day, t

# Which kind of target a path ships to: a failed phone path's alternative is another phone path, never a server.
TARGET_OF = {"savedmodel": "server", "onnx": "server", "pt2": "server", "openvino": "server",
             "litert": "phone", "litert-fp16": "phone", "litert-int8": "phone", "executorch-xnnpack": "phone",
             "coreml": "phone", "onnx-web": "browser"}


def target_of(path_id: str) -> str:
    return "server" if path_id.startswith("http-") else TARGET_OF.get(path_id, "server")


def _name(row: DeployRow) -> str:
    return path_name(row.path, source_label(row.source))


def alternatives(check: DeployResult, failed: DeployRow) -> list[str]:
    """The paths to the same kind of target that ran this model in this check."""
    target = target_of(failed.path)
    return [_name(r) for r in check.rows if r.ok and target_of(r.path) == target and r is not failed]


def check_line(check: DeployResult, row: DeployRow) -> str:
    where = t("deployment.step_check.where", id=check.id, model=check.spec.model, size=check.spec.size,
              date=day(check.created_at))
    if row.ok:
        speed = t("deployment.step_check.speed", ms=row.latency_ms) if row.latency_ms is not None else ""
        size = f", {row.size_bytes / 1024:,.0f} kB" if row.size_bytes else ""
        return t("deployment.step_check.checked", name=_name(row), speed=speed, size=size, where=where)
    if not row.tried:
        return t("deployment.step_check.not_tried", name=_name(row), error=not_tried_reason(row), where=where)
    others = alternatives(check, row)
    instead = (t("deployment.step_check.instead", others=", ".join(others)) if others
               else t("deployment.step_check.no_other", target=t(f"deployment.target.{target_of(row.path)}")))
    return t("deployment.step_check.failed", name=_name(row), stage=stage_name(row.stage), error=row.error,
             where=where, instead=instead)


def step_check_lines(checks: Sequence[tuple[str, str]], check: DeployResult | None) -> tuple[str, ...]:
    """One sentence per (path, source) of a step that the check tried or said it could not try."""
    if check is None:
        return ()
    return tuple(check_line(check, row) for path, source in checks if (row := check.row(path, source)))
