"""Label results that were measured in a different context; never merge them (pyperf's rule).

`differences(result, reference)` lists what differs (machine, thread budget, versions, spec) in words a page
can show beside the numbers; an empty list means the two results can be compared as one machine.
"""

from __future__ import annotations

from guide.bench.schema import BenchmarkResult

SPEC_FIELDS = ("model", "size", "batch_size", "steps", "warmup", "jit_compile", "infer_batch")


def _versions(result: BenchmarkResult) -> dict[str, str]:
    """Versions over all rows (python, numpy, keras, and each backend's framework)."""
    merged: dict[str, str] = {}
    for row in result.rows:
        merged.update(row.versions)
    return merged


def machine_differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    mine, theirs = result.machine, reference.machine
    notes = []
    if (mine.cpu_model, mine.cpu_cores) != (theirs.cpu_model, theirs.cpu_cores):
        notes.append(
            f"different machine: {mine.label} vs {theirs.label}"
        )
    if mine.gpu != theirs.gpu:
        notes.append(f"different GPU: {mine.gpu or 'none'} vs {theirs.gpu or 'none'}")
    if mine.threads != theirs.threads:
        notes.append(f"different thread budget: {mine.threads} vs {theirs.threads}")
    return notes


def version_differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    mine, theirs = _versions(result), _versions(reference)
    return [
        f"different {name}: {mine[name]} vs {theirs[name]}"
        for name in sorted(set(mine) & set(theirs))
        if mine[name] != theirs[name]
    ]


def spec_differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    return [
        f"different {name}: {getattr(result.spec, name)} vs {getattr(reference.spec, name)}"
        for name in SPEC_FIELDS
        if getattr(result.spec, name) != getattr(reference.spec, name)
    ]


def differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    """Everything that makes `result` not directly comparable with `reference`, most important first."""
    return (
        machine_differences(result, reference)
        + version_differences(result, reference)
        + spec_differences(result, reference)
    )


def comparability_label(result: BenchmarkResult, reference: BenchmarkResult) -> str:
    """One short label for a table column: 'same machine' or what differs."""
    if result.id and result.id == reference.id:
        return "reference"
    machine = machine_differences(result, reference)
    versions = version_differences(result, reference)
    if machine:
        return "different machine"
    if versions:
        return "different versions"
    if spec_differences(result, reference):
        return "same machine, other settings"
    return "same machine"


def run_label(result: BenchmarkResult, reference: BenchmarkResult) -> str:
    """How a run is named in a side-by-side chart: when, which id, and how it relates to the reference."""
    return f"{result.created_at:%Y-%m-%d %H:%M} · {result.id} · {comparability_label(result, reference)}"


def history_rows(results: list[BenchmarkResult], reference: BenchmarkResult | None) -> list[dict[str, object]]:
    """One line per stored run for a table: what ran, how many rows held, and whether it compares."""
    rows = []
    for result in results:
        spec = result.spec
        rows.append({
            "id": result.id,
            "created (UTC)": f"{result.created_at:%Y-%m-%d %H:%M}",
            "model": f"{spec.model}/{spec.size}, batch {spec.batch_size}",
            "rows ok": f"{sum(r.ok for r in result.rows)}/{len(result.rows)}",
            "rows": ", ".join(r.label for r in result.rows),
            "source": result.source,
            "compared with the shown run": comparability_label(result, reference) if reference else "",
            "what differs": "; ".join(differences(result, reference)) if reference else "",
        })
    return rows
