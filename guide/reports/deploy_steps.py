"""What a deployment check found for each step of a recommended deployment path: the step's own checks (its
(path, source) pairs, data in rules.yaml), each one sentence, and for a path that failed, the paths to the same
kind of target that ran this model in the same check (its alternative here)."""

from __future__ import annotations

from collections.abc import Sequence

from guide.deploy.schema import DeployResult, DeployRow
from guide.reports.deploy_table import source_label

# Which kind of target a path ships to: a failed phone path's alternative is another phone path, never a server.
TARGET_OF = {"savedmodel": "server", "onnx": "server", "pt2": "server", "openvino": "server",
             "litert": "phone", "litert-fp16": "phone", "litert-int8": "phone", "executorch-xnnpack": "phone",
             "coreml": "phone", "onnx-web": "browser"}


def target_of(path_id: str) -> str:
    return "server" if path_id.startswith("http-") else TARGET_OF.get(path_id, "server")


def _name(row: DeployRow) -> str:
    return f"{row.path} from {source_label(row.source)}"


def alternatives(check: DeployResult, failed: DeployRow) -> list[str]:
    """The paths to the same kind of target that ran this model in this check."""
    target = target_of(failed.path)
    return [_name(r) for r in check.rows if r.ok and target_of(r.path) == target and r is not failed]


def check_line(check: DeployResult, row: DeployRow) -> str:
    where = f"(check {check.id}, {check.spec.model}/{check.spec.size}, {check.created_at:%Y-%m-%d})"
    if row.ok:
        speed = f", batch-1 {row.latency_ms:.3f} ms on this CPU" if row.latency_ms is not None else ""
        size = f", {row.size_bytes / 1024:,.0f} kB" if row.size_bytes else ""
        return f"Checked here: {_name(row)} runs this model{speed}{size} {where}."
    if not row.tried:
        return f"Not tried here: {_name(row)}: {row.error} {where}."
    others = alternatives(check, row)
    instead = (f" Ran instead, to the same kind of target: {', '.join(others)}." if others
               else f" No other {target_of(row.path)} path ran this model in this check.")
    return f"Failed here: {_name(row)} failed at {row.stage}: {row.error} {where}.{instead}"


def step_check_lines(checks: Sequence[tuple[str, str]], check: DeployResult | None) -> tuple[str, ...]:
    """One sentence per (path, source) of a step that the check tried or said it could not try."""
    if check is None:
        return ()
    return tuple(check_line(check, row) for path, source in checks if (row := check.row(path, source)))
