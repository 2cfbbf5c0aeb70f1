"""Plain-text tables of a BenchmarkResult for the terminal (CLI summary, `results show`), and CSV rows.

Formatting only: every number is read from the result, nothing is computed here beyond unit display.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence

from guide.bench.schema import BenchmarkResult, RowResult
from guide.text import t

COLUMN_IDS = ("row", "status", "step", "samples", "batch_1", "peak_mb", "gflops", "parity")


class _Columns(Sequence):
    """The table's headers in the language of whoever reads them: looked up on every use, so a module that
    imported COLUMNS once still writes each report in its reader's language."""

    def __getitem__(self, index):
        return tuple(t(f"bench.table.column.{c}") for c in COLUMN_IDS)[index]

    def __len__(self) -> int:
        return len(COLUMN_IDS)


COLUMNS = _Columns()


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _parity_text(row: RowResult) -> str:
    parity = row.parity
    if parity is None:
        return "-"
    verdict = t("bench.table.parity_ok" if parity.ok else "bench.table.parity_differs")
    if parity.max_abs_diff_pred is None:
        return verdict
    return t("bench.table.parity_diff", verdict=verdict, diff=parity.max_abs_diff_pred)


def row_cells(row: RowResult) -> list[str]:
    if not row.ok:
        return [row.name, t("bench.table.failed", error=row.error), "", "", "", "", "", ""]
    step = row.train_step_ms
    latency = row.infer_latency_ms.get("batch_1")
    gflops = row.achieved_gflops.get("train")
    share = row.peak_share.get("train")
    return [
        row.name,
        t("bench.table.noisy" if row.noisy else "bench.table.ok"),
        f"{_fmt(step.median, 2)} ({_fmt(step.p95, 2)})" if step else "-",
        _fmt(row.samples_per_s.median if row.samples_per_s else None, 0),
        _fmt(latency.median if latency else None, 3),
        _fmt(row.peak_rss_mb, 0),
        f"{_fmt(gflops, 2)} ({_fmt(share * 100 if share is not None else None, 1)}%)" if gflops else "-",
        _parity_text(row),
    ]


def _width(text: str) -> int:
    """Columns a terminal gives the text: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(headers: Sequence[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(_pad(str(h), w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def summary(result: BenchmarkResult) -> str:
    """Heading, one line per row, then the notes a reader needs (noise, failures are in the rows)."""
    spec, machine = result.spec, result.machine
    heading = t("bench.table.heading", model=f"{spec.model}/{spec.size}", batch=spec.batch_size, steps=spec.steps,
                repeats=spec.repeats, threads=spec.threads, jit=spec.jit_compile)
    lines = [
        heading,
        t("bench.table.machine", machine=machine.name, probe=probe_text(machine)),
        "",
        table(COLUMNS, [row_cells(r) for r in result.rows]),
    ]
    notes = [f"  {r.name}: {r.noise_note}" for r in result.rows if r.noise_note]
    if notes:
        lines += ["", t("bench.table.noisy_rows"), *notes]
    if result.wall_s is not None:
        lines += ["", t("bench.table.wall", seconds=result.wall_s, id=result.id)]
    return "\n".join(lines)


# The probe worker records where it ran as "cpu, 2 threads (numpy)": worded in the reader's language when drawn.
PROBE_ON_CPU = re.compile(r"cpu, (\d+) threads \((\w+)\)")


def probe_device_text(device: str | None) -> str:
    found = PROBE_ON_CPU.fullmatch(device or "")
    return t("bench.table.probe_cpu", threads=found[1], library=found[2]) if found else str(device)


def probe_text(machine) -> str:
    """The matmul probe's result, or why there is none (the reason is the runner's, as it came)."""
    if machine.probe_gflops:
        return t("bench.table.probe", gflops=machine.probe_gflops, device=probe_device_text(machine.probe_device))
    if machine.probe_device:
        return t("bench.table.no_probe_because", why=machine.probe_device)
    return t("bench.table.no_probe")


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
        return None, t("bench.table.parity.none")
    reference = next((r.name for r in result.rows if r.label == checked[0].parity.reference),
                     checked[0].parity.reference)  # stored as the row's English label
    differing = [row for row in checked if not row.parity.ok]
    worst = max((row.parity.max_abs_diff_pred or 0.0) for row in checked)
    if not differing:
        return True, t("bench.table.parity.held", reference=reference, tolerance=checked[0].parity.tolerance,
                       worst=worst)
    names = ", ".join(t("bench.table.parity.row", row=row.name, diff=row.parity.max_abs_diff_pred or 0)
                      for row in differing)
    return False, t("bench.table.parity.failed", names=names, reference=reference)
