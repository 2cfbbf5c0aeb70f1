"""Run a deployment check: one export process per backend, then one runtime-only process per artifact.

Each process has a timeout; a crash, a timeout or a missing package is a failed row with its reason (the stage
and the first line of the real error) while the other paths still report. The manager imports no framework.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from guide.bench.cpu import cpu_cores, is_busy
from guide.bench.machine import busy_margin_cores, machine_info
from guide.bench.spawn import LINE_SEEN, read_until_exit, start_process, stderr_tail, worker_env
from guide.deploy.schema import DeployPath, DeployResult, DeployRow, DeploySpec, paths_for

BACKEND_OF = {"keras-tensorflow": "tensorflow", "keras-torch": "torch", "keras-jax": "jax", "pytorch": "torch"}
OnRow = Callable[[DeployRow], None]
# (step id, its values): the job's thread has no language, so the page words the step when it draws it.
OnStep = Callable[[str, dict[str, str]], None]
log = logging.getLogger(__name__)


class DeployCancelled(RuntimeError):
    """Stop was asked for: the running worker was killed, and nothing is returned or stored."""


def _json_lines(module: str, job: dict, env: dict[str, str], stderr_path: Path, timeout_s: float,
                cancel: threading.Event | None = None):
    """Run `python -m module` with `job` on stdin: (its JSON lines, why it stopped early or None)."""
    lines: list[dict] = []

    def keep(line: str) -> int:
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                log.warning("%s sent a garbled line: %.200s", module, line)
        return LINE_SEEN

    with open(stderr_path, "wb") as stderr:
        process = start_process([sys.executable, "-m", module], env, stderr, json.dumps(job))
        stopped = read_until_exit(process, timeout_s, keep, cancel)
        if stopped is None:
            process.wait()
    if stopped == "cancelled":
        raise DeployCancelled(module)
    if stopped is not None:
        return lines, f"{stopped} after {timeout_s:g} s"
    if process.returncode != 0:
        return lines, f"exit status {process.returncode}: {stderr_tail(stderr_path) or 'no message'}"
    return lines, None


def _row(path: DeployPath, **fields) -> DeployRow:
    return DeployRow(path=path.id, source=path.source, runtime=path.runtime, precision=path.precision,
                     tolerance=path.tolerance, **fields)


def _export(spec: DeploySpec, source: str, folder: Path, cancel: threading.Event | None) -> dict[str, dict]:
    """Export every target of `source`; per path its 'exported' line (or a made-up failed one)."""
    env = worker_env(BACKEND_OF[source], spec.threads, folder / "keras_home")
    job = {"spec": spec.model_dump(mode="json"), "source": source, "dir": str(folder)}
    lines, problem = _json_lines("guide.bench.worker.export", job, env, folder / f"stderr_export_{source}.txt",
                                 spec.timeout_s, cancel)
    done = {line["path"]: line for line in lines if line.get("event") == "exported"}
    for path_id in (p.artifact_id for p in paths_for(spec.targets, source) if p.artifact_id not in done):
        done[path_id] = {"ok": False, "error": f"export process ended before this path: {problem}"}
    return done


def _run(spec: DeploySpec, path: DeployPath, exported: dict, folder: Path,
         cancel: threading.Event | None) -> DeployRow:
    if not exported["ok"]:
        return _row(path, ok=False, stage="export", error=exported["error"], versions=exported.get("versions", {}))
    job = {"path": path.id, "artifact": exported["artifact"], "io": str(folder / "io.npz"), "runs": spec.runs,
           "threads": spec.threads, "tolerance": path.tolerance, "timeout_s": spec.timeout_s}
    env = worker_env(BACKEND_OF[path.source], spec.threads, folder / "keras_home")
    lines, problem = _json_lines(path.worker, job, env, folder / f"stderr_run_{path.id}.txt", spec.timeout_s,
                                 cancel)
    ran = next((line for line in lines if line.get("event") == "ran"), None)
    common = {"size_bytes": exported["size_bytes"], "export_s": exported["export_s"]}
    if ran is None:
        return _row(path, ok=False, stage="run", error=f"runtime process: {problem}", **common)
    ran.pop("event")
    ran["versions"] = {**exported.get("versions", {}), **ran.get("versions", {})}
    return with_noise_note(_row(path, **common, **ran), spec.threads)


def with_noise_note(row: DeployRow, threads: int) -> DeployRow:
    """`noisy` and `noise_note` by the one busy rule, for display (the judgement derives busy afresh)."""
    load, free = row.other_load_cores, cpu_cores() - threads
    if not is_busy(load, free, busy_margin_cores()):
        return row
    note = f"other processes kept {load:.1f} cores busy while it was timed, over the {max(free, 0)} it left free"
    return row.model_copy(update={"noisy": True, "noise_note": note})


def run_deploy_check(spec: DeploySpec, on_row: OnRow | None = None, keep_dir: Path | None = None,
                     cancel: threading.Event | None = None, on_step: OnStep | None = None) -> DeployResult:
    """Every target of `spec`, in the order of the spec; `on_row` hears each row as it is done and `on_step`
    what starts next. DeployCancelled as soon as `cancel` is set (the running worker is killed)."""
    on_step = on_step or (lambda _step, _values: None)
    folder = Path(tempfile.mkdtemp(prefix="guide-deploy-", dir=keep_dir))
    rows = [_row(p, ok=False, tried=False, error=p.not_here) for p in paths_for(spec.targets) if p.not_here]
    for row in rows if on_row is not None else ():
        on_row(row)
    try:
        for source in spec.sources():
            (folder / source).mkdir()
            on_step("exporting", {"source": source})
            exported = _export(spec, source, folder / source, cancel)
            for path in (p for p in paths_for(spec.targets, source) if p.not_here is None):
                on_step("running", {"path": path.id, "source": source})
                rows.append(_run(spec, path, exported[path.artifact_id], folder / source, cancel))
                if on_row is not None:
                    on_row(rows[-1])
    finally:
        if keep_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    order = {(p.id, p.source): i for i, p in enumerate(paths_for(spec.targets))}
    rows.sort(key=lambda r: order[(r.path, r.source)])
    return DeployResult(spec=spec, machine=machine_info(spec.threads), rows=rows)
