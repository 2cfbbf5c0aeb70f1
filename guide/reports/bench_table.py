"""Plain-text tables of a BenchmarkResult for the terminal (CLI summary, `results show`), and CSV rows.

Formatting only: every number is read from the result, nothing is computed here beyond unit display.
"""

from __future__ import annotations

import csv
import io

from guide.bench.schema import BenchmarkResult, RowResult

COLUMNS = (
    "row",
    "status",
    "step ms (median, p95)",
    "samples/s",
    "batch-1 ms",
    "peak MB",
    "GFLOP/s (peak %)",
    "parity",
)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _parity_text(row: RowResult) -> str:
    parity = row.parity
    if parity is None:
        return "-"
    verdict = "ok" if parity.ok else "DIFFERS"
    if parity.max_abs_diff_pred is None:
        return verdict
    return f"{verdict} (max diff {parity.max_abs_diff_pred:.1e})"


def row_cells(row: RowResult) -> list[str]:
    if not row.ok:
        return [row.label, f"failed: {row.error}", "", "", "", "", "", ""]
    step = row.train_step_ms
    latency = row.infer_latency_ms.get("batch_1")
    gflops = row.achieved_gflops.get("train")
    share = row.peak_share.get("train")
    return [
        row.label,
        "noisy" if row.noisy else "ok",
        f"{_fmt(step.median, 2)} ({_fmt(step.p95, 2)})" if step else "-",
        _fmt(row.samples_per_s.median if row.samples_per_s else None, 0),
        _fmt(latency.median if latency else None, 3),
        _fmt(row.peak_rss_mb, 0),
        f"{_fmt(gflops, 2)} ({_fmt(share * 100 if share is not None else None, 1)}%)" if gflops else "-",
        _parity_text(row),
    ]


def table(headers: tuple[str, ...] | list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def summary(result: BenchmarkResult) -> str:
    """Heading, one line per row, then the notes a reader needs (noise, failures are in the rows)."""
    spec, machine = result.spec, result.machine
    heading = (
        f"{spec.model}/{spec.size}, batch {spec.batch_size}, {spec.steps} timed steps x {spec.repeats}"
        f" repeats, {spec.threads} threads, jit_compile={spec.jit_compile}"
    )
    lines = [
        heading,
        f"machine: {machine.label}; matmul probe {machine.probe_text}",
        "",
        table(COLUMNS, [row_cells(r) for r in result.rows]),
    ]
    notes = [f"  {r.label}: {r.noise_note}" for r in result.rows if r.noise_note]
    if notes:
        lines += ["", "noisy rows (re-run on an idle machine, or raise --steps / --repeats):", *notes]
    if result.wall_s is not None:
        lines += ["", f"wall time {result.wall_s:.1f} s, result id {result.id}"]
    return "\n".join(lines)


CSV_FIELDS = (
    "label",
    "backend",
    "api",
    "ok",
    "error",
    "train_step_ms_median",
    "train_step_ms_p95",
    "train_step_ms_cv",
    "samples_per_s_median",
    "infer_batch_1_ms_median",
    "peak_rss_mb",
    "test_accuracy",
    "import_s",
    "build_s",
    "first_step_s",
    "achieved_gflops_train",
    "peak_share_train",
    "parity_ok",
    "noisy",
)


def to_csv(result: BenchmarkResult) -> str:
    """One line per row, flat columns, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in result.rows:
        step, latency = row.train_step_ms, row.infer_latency_ms.get("batch_1")
        writer.writerow(
            {
                "label": row.label,
                "backend": row.backend,
                "api": row.api,
                "ok": row.ok,
                "error": row.error or "",
                "train_step_ms_median": step.median if step else "",
                "train_step_ms_p95": step.p95 if step else "",
                "train_step_ms_cv": step.cv if step else "",
                "samples_per_s_median": row.samples_per_s.median if row.samples_per_s else "",
                "infer_batch_1_ms_median": latency.median if latency else "",
                "peak_rss_mb": row.peak_rss_mb,
                "test_accuracy": row.test_accuracy,
                "import_s": row.import_s,
                "build_s": row.build_s,
                "first_step_s": row.first_step_s,
                "achieved_gflops_train": row.achieved_gflops.get("train", ""),
                "peak_share_train": row.peak_share.get("train", ""),
                "parity_ok": row.parity.ok if row.parity else "",
                "noisy": row.noisy,
            }
        )
    return buffer.getvalue()


def parity_verdict(result: BenchmarkResult) -> tuple[bool | None, str]:
    """(held?, one sentence) over all rows; None when no row has a parity check (nothing to compare)."""
    checked = [row for row in result.rows if row.ok and row.parity is not None]
    if not checked:
        return None, "No parity check: no row finished, or there was no Keras row to compare against."
    reference = checked[0].parity.reference
    differing = [row for row in checked if not row.parity.ok]
    worst = max((row.parity.max_abs_diff_pred or 0.0) for row in checked)
    if not differing:
        return True, (f"Parity held: every row started from the same weights, and its untrained predictions and its"
                      f" loss after one update match {reference} within {checked[0].parity.tolerance:g}"
                      f" (largest prediction difference {worst:.1e}). The rows train the same model.")
    names = ", ".join(f"{row.label} (max difference {row.parity.max_abs_diff_pred or 0:.1e})" for row in differing)
    return False, (f"Parity failed for {names} against {reference}: those rows compute something else, so their"
                   " timings do not compare like for like.")
