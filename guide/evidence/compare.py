"""Label results that were measured in a different context; never merge them (pyperf's rule).

`differences(result, reference)` lists what differs (machine, thread budget, versions, spec) in words a page
can show beside the numbers; an empty list means the two results can be compared as one machine.
"""

from __future__ import annotations

from guide.bench.schema import BenchmarkResult
from guide.text import t

SPEC_FIELDS = ("model", "size", "batch_size", "steps", "warmup", "jit_compile", "infer_batch")
IMPORTED = "imported: "  # how guide.bench.store marks an imported result's source
HISTORY_COLUMNS = ("id", "created", "model", "rows_ok", "rows", "source", "compared", "differs")


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
        notes.append(t("evidence.compare.machine", mine=mine.name, theirs=theirs.name))
    if mine.gpu != theirs.gpu:
        none = t("evidence.compare.no_gpu")
        notes.append(t("evidence.compare.gpu", mine=mine.gpu or none, theirs=theirs.gpu or none))
    if mine.threads != theirs.threads:
        notes.append(t("evidence.compare.threads", mine=mine.threads, theirs=theirs.threads))
    return notes


def version_differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    mine, theirs = _versions(result), _versions(reference)
    return [
        t("evidence.compare.other", name=name, mine=mine[name], theirs=theirs[name])
        for name in sorted(set(mine) & set(theirs))
        if mine[name] != theirs[name]
    ]


def spec_differences(result: BenchmarkResult, reference: BenchmarkResult) -> list[str]:
    return [
        t("evidence.compare.other", name=t(f"evidence.compare.field.{name}"), mine=getattr(result.spec, name),
          theirs=getattr(reference.spec, name))
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
        return t("evidence.compare.label.reference")
    machine = machine_differences(result, reference)
    versions = version_differences(result, reference)
    if machine:
        return t("evidence.compare.label.machine")
    if versions:
        return t("evidence.compare.label.versions")
    if spec_differences(result, reference):
        return t("evidence.compare.label.settings")
    return t("evidence.compare.label.same")


def run_label(result: BenchmarkResult, reference: BenchmarkResult) -> str:
    """How a run is named in a side-by-side chart: when, which id, and how it relates to the reference."""
    return f"{result.created_at:%Y-%m-%d %H:%M} · {result.id} · {comparability_label(result, reference)}"


def history_rows(results: list[BenchmarkResult], reference: BenchmarkResult | None) -> list[dict[str, object]]:
    """One line per stored run for a table: what ran, how many rows held, and whether it compares."""
    rows = []
    column = {c: t(f"evidence.compare.column.{c}") for c in HISTORY_COLUMNS}
    for result in results:
        spec = result.spec
        rows.append({
            column["id"]: result.id,
            column["created"]: f"{result.created_at:%Y-%m-%d %H:%M}",
            column["model"]: t("evidence.compare.model", model=f"{spec.model}/{spec.size}", batch=spec.batch_size),
            column["rows_ok"]: f"{sum(r.ok for r in result.rows)}/{len(result.rows)}",
            column["rows"]: ", ".join(r.name for r in result.rows),
            column["source"]: source_text(result.source),
            column["compared"]: comparability_label(result, reference) if reference else "",
            column["differs"]: "; ".join(differences(result, reference)) if reference else "",
        })
    return rows


def source_text(source: str) -> str:
    """Where a result comes from, in the reader's words: 'local', or 'imported: <file>' as the store records it
    (guide.bench.store); any other origin as it was given."""
    if source == "local":
        return t("evidence.compare.local")
    if source.startswith(IMPORTED):
        return t("evidence.compare.imported", name=source.removeprefix(IMPORTED))
    return source
