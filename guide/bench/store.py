"""Stored benchmark results, in the table guide.store.tables.benchmark_results of the one database (guide.store).

Each row keeps the whole BenchmarkResult as JSON plus the columns needed to find it again: the spec's cache
key and the machine fingerprint (an identical spec on the same machine can be reused instead of re-run), the
schema version (an old result is never read as a new one) and where it came from (measured here or imported).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import insert, select

from guide.bench.schema import SCHEMA_VERSION, BenchmarkResult, BenchmarkSpec, MachineInfo
from guide.errors import first_problem
from guide.settings import get_settings
from guide.store.engine import database
from guide.store.tables import benchmark_results as results
from guide.userfile import UserFileError, decode_text, load_json


class ResultFileError(ValueError):
    """An imported file is not a usable result: unreadable, not JSON, another schema version, invalid."""


@dataclass(frozen=True)
class ResultSummary:
    id: str
    created_at: datetime
    model: str
    size: str
    rows: str
    source: str
    machine: str


def parse_result(text: str | bytes, origin: str = "file") -> BenchmarkResult:
    """A BenchmarkResult from JSON text (or a user's file as bytes), with an error that says what is wrong and
    how to fix it."""
    try:
        data = load_json(decode_text(text, origin) if isinstance(text, bytes) else text, origin)
    except UserFileError as exc:
        raise ResultFileError(str(exc)) from None
    if not isinstance(data, dict) or "rows" not in data:
        raise ResultFileError(f"{origin} is not a benchmark result (expected an object with 'rows')")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= SCHEMA_VERSION:
        raise ResultFileError(
            f"{origin} has schema_version {version!r}; this version of the guide reads 1 to {SCHEMA_VERSION}"
            " (re-export it with a matching version, or re-run the benchmark)"
        )
    try:
        return BenchmarkResult.model_validate(data)
    except ValidationError as exc:
        raise ResultFileError(f"{origin} is not a valid result: {first_problem(exc)}") from exc


class ResultStore:
    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database(self.url)

    def save(self, result: BenchmarkResult) -> str:
        with self.engine.begin() as conn:
            conn.execute(
                insert(results).values(
                    id=result.id,
                    created_at=result.created_at,
                    schema_version=result.schema_version,
                    cache_key=result.spec.cache_key(),
                    machine_fingerprint=result.machine.fingerprint(),
                    source=result.source,
                    body=result.model_dump_json(),
                )
            )
        return result.id

    def get(self, result_id: str) -> BenchmarkResult | None:
        with self.engine.connect() as conn:
            body = conn.execute(select(results.c.body).where(results.c.id == result_id)).scalar_one_or_none()
        return None if body is None else BenchmarkResult.model_validate_json(body)

    def list(self, limit: int = 100) -> list[ResultSummary]:
        """Newest first; summaries only, read from the stored JSON."""
        query = select(results.c.body).order_by(results.c.created_at.desc()).limit(limit)
        with self.engine.connect() as conn:
            bodies = conn.execute(query).scalars().all()
        return [_summary(BenchmarkResult.model_validate_json(body)) for body in bodies]

    def find_cached(
        self, spec: BenchmarkSpec, machine: MachineInfo, versions: dict[str, str] | None = None
    ) -> BenchmarkResult | None:
        """The newest stored run of an identical spec on this machine whose rows all succeeded.

        A run with a failed row is not reused (a timeout may not happen twice); with `versions` given, a run
        measured with other framework versions is not reused either.
        """
        query = (
            select(results.c.body)
            .where(
                results.c.cache_key == spec.cache_key(),
                results.c.machine_fingerprint == machine.fingerprint(),
                results.c.schema_version == SCHEMA_VERSION,
                results.c.source == "local",
            )
            .order_by(results.c.created_at.desc())
        )
        with self.engine.connect() as conn:
            bodies = conn.execute(query).scalars().all()
        for body in bodies:
            result = BenchmarkResult.model_validate_json(body)
            if all(row.ok for row in result.rows) and _versions_match(result, versions):
                return result
        return None

    def import_json(self, path: str | Path) -> BenchmarkResult:
        """Validate and store a result file; it is kept apart from local runs by its source."""
        return self.import_file(path).result

    def import_file(self, path: str | Path) -> ImportOutcome:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ResultFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
        return self.import_result(data, path.name)

    def import_text(self, text: str | bytes, name: str) -> BenchmarkResult:
        return self.import_result(text, name).result

    def import_result(self, text: str | bytes, name: str) -> ImportOutcome:
        """Validate and store a result given as text (an upload); `name` says where it came from. The same
        result imported twice is stored once: the second import changes nothing and says so."""
        result = parse_result(text, origin=name)
        existing = self.get(result.id) if result.id else None
        if existing is not None and _same_measurement(existing, result):
            return ImportOutcome(existing, created=False, warnings=result_warnings(existing))
        if result.source == "local":
            result.source = f"imported: {name}"
        if not result.id or existing is not None:
            result.id = _fresh_id()
        self.save(result)
        return ImportOutcome(result, created=True, warnings=result_warnings(result))

    def export(self, result_id: str) -> str:
        result = self.get(result_id)
        if result is None:
            raise KeyError(result_id)
        return result.model_dump_json(indent=2)


@dataclass(frozen=True)
class ImportOutcome:
    result: BenchmarkResult
    created: bool  # False: the identical result was already stored, nothing changed
    warnings: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if not self.created:
            return f"already stored as {self.result.id}: nothing changed"
        return f"stored as {self.result.id} ({self.result.source})"


def _same_measurement(a: BenchmarkResult, b: BenchmarkResult) -> bool:
    """The same run, wherever it was exported and re-imported (its source label may differ)."""
    return a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})


def result_warnings(result: BenchmarkResult) -> tuple[str, ...]:
    """Possible but surprising figures, shown beside an imported result (impossible ones are refused)."""
    return tuple(f"{row.label}: {what} runs at {share:.0%} of the probe's matmul peak; the probe underestimated "
                 "this machine's peak, so shares of peak in this result read high"
                 for row in result.rows for what, share in row.peak_share.items() if share > 1)


def _fresh_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def _versions_match(result: BenchmarkResult, versions: dict[str, str] | None) -> bool:
    if not versions:
        return True
    for row in result.rows:
        for name, version in row.versions.items():
            if name in versions and versions[name].split("+")[0] != version.split("+")[0]:
                return False
    return True


def _summary(result: BenchmarkResult) -> ResultSummary:
    spec = result.spec
    ok = sum(row.ok for row in result.rows)
    return ResultSummary(
        id=result.id,
        created_at=result.created_at,
        model=spec.model,
        size=spec.size,
        rows=f"{ok}/{len(result.rows)} ok: " + ", ".join(row.label for row in result.rows),
        source=result.source,
        machine=result.machine.label,
    )
