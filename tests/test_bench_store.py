"""The results store (SQLAlchemy Core on SQLite WAL), its cache lookup, imports, exports and the labels of
results measured elsewhere."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from guide.bench.schema import BenchmarkResult, BenchmarkSpec, MachineInfo, RowResult
from guide.bench.store import ResultFileError, ResultStore, parse_result
from guide.evidence import compare

MACHINE = MachineInfo(cpu_model="Test CPU", cpu_cores=2, threads=2, python="3.11.7")


def make_result(result_id="r1", spec=None, machine=MACHINE, ok=True, versions=None, minutes=0):
    versions = versions or {"torch": "2.13.0+cpu", "keras": "3.15.1"}
    row = RowResult(backend="torch", ok=ok, versions=versions, error=None if ok else "boom")
    return BenchmarkResult(
        id=result_id, spec=spec or BenchmarkSpec(size="tiny"), machine=machine, rows=[row],
        created_at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=minutes),
    )


@pytest.fixture()
def store(tmp_path):
    return ResultStore(f"sqlite:///{tmp_path / 'results.sqlite'}")


def test_round_trip_keeps_every_field(store):
    result = make_result()
    store.save(result)
    again = store.get("r1")
    assert again == result
    assert store.get("missing") is None


def test_sqlite_file_is_in_wal_mode(store, tmp_path):
    store.save(make_result())
    with sqlite3.connect(tmp_path / "results.sqlite") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_list_is_newest_first_with_summaries(store):
    store.save(make_result("old", minutes=0))
    store.save(make_result("new", minutes=5, ok=False))
    summaries = store.list()
    assert [s.id for s in summaries] == ["new", "old"]
    assert summaries[0].rows.startswith("0/1 ok")
    assert summaries[1].machine == "Test CPU (2 cores)"


def test_find_cached_needs_same_spec_machine_and_success(store):
    spec = BenchmarkSpec(size="tiny")
    store.save(make_result("good", spec=spec, minutes=0))
    store.save(make_result("failed", spec=spec, ok=False, minutes=10))  # newer, but a row failed
    assert store.find_cached(spec, MACHINE).id == "good"
    assert store.find_cached(BenchmarkSpec(size="tiny", steps=7), MACHINE) is None
    other = MACHINE.model_copy(update={"cpu_model": "Other CPU"})
    assert store.find_cached(spec, other) is None
    # the timeout does not change what is measured, so it does not change the key
    assert store.find_cached(spec.model_copy(update={"timeout_s": 5.0}), MACHINE).id == "good"


def test_find_cached_skips_runs_with_other_framework_versions(store):
    spec = BenchmarkSpec(size="tiny")
    store.save(make_result("r", spec=spec))
    assert store.find_cached(spec, MACHINE, {"torch": "2.13.0", "keras": "3.15.1"}).id == "r"
    assert store.find_cached(spec, MACHINE, {"torch": "2.14.1", "keras": "3.15.1"}) is None


def test_imported_results_are_not_reused_as_local_runs(store, tmp_path):
    spec = BenchmarkSpec(size="tiny")
    path = tmp_path / "elsewhere.json"
    path.write_text(make_result("x", spec=spec).model_dump_json())
    imported = store.import_json(path)
    assert imported.source == "imported: elsewhere.json"
    assert store.get(imported.id).source == "imported: elsewhere.json"
    assert store.find_cached(spec, MACHINE) is None


def test_importing_the_same_result_twice_is_a_no_op_that_says_so(store, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(make_result("same").model_dump_json())
    first, second = store.import_file(path), store.import_file(path)
    assert first.created and not second.created and first.result.id == second.result.id == "same"
    assert second.message == "already stored as same: nothing changed"
    assert len(store.list()) == 1


def test_a_different_result_under_a_taken_id_gets_a_fresh_id(store, tmp_path):
    store.save(make_result("taken"))
    other = make_result("taken").model_copy(update={"wall_s": 99.0})
    path = tmp_path / "r.json"
    path.write_text(other.model_dump_json())
    outcome = store.import_file(path)
    assert outcome.created and outcome.result.id != "taken" and len(store.list()) == 2


def _row_field(field: str, value) -> str:
    data = json.loads(make_result().model_dump_json())
    data["rows"][0][field] = value
    return json.dumps(data)


def _stats_field(field: str, value) -> str:
    data = json.loads(make_result().model_dump_json())
    data["rows"][0]["train_step_ms"] = {"n": 3, "median": 1.0, "mean": 1.0, "stdev": 0.1, "p5": 0.9, "p95": 1.1,
                                        "iqr": 0.1, "cv": 0.1, "min": 0.9, "max": 1.1, field: value}
    return json.dumps(data)


@pytest.mark.parametrize(("content", "field"), [
    (json.dumps({**json.loads(make_result().model_dump_json()), "id": "../../../etc/passwd"}), "id"),
    (_stats_field("median", -5.0), "rows.0.train_step_ms.median"),
    (_stats_field("p95", float("inf")).replace("Infinity", "1e999"), "rows.0.train_step_ms.p95"),
    (_row_field("import_s", -1), "rows.0.import_s"),
    (_row_field("peak_share", {"train": 3.5}), "rows.0.peak_share.train"),
])
def test_impossible_values_are_refused_naming_the_field(store, tmp_path, content, field):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ResultFileError, match=f"bad.json is not a valid result: {field.replace('.', '[.]')}:"):
        store.import_file(path)
    assert store.list() == []


def test_a_share_of_peak_above_one_is_kept_with_a_warning(store, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(_row_field("peak_share", {"train": 1.4}))
    outcome = store.import_file(path)
    assert outcome.created and "140% of the probe's matmul peak" in outcome.warnings[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "is not a benchmark result"),
        (json.dumps({**json.loads(make_result().model_dump_json()), "schema_version": 99}), "schema_version 99"),
        (json.dumps({**json.loads(make_result().model_dump_json()), "rows": [{"backend": "mxnet", "ok": True}]}),
         "rows.0.backend"),
    ],
)
def test_import_of_a_bad_file_says_what_is_wrong(store, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ResultFileError, match=message):
        store.import_json(path)
    assert store.list() == []


def test_import_of_a_missing_file(store, tmp_path):
    with pytest.raises(ResultFileError, match="cannot read"):
        store.import_json(tmp_path / "nope.json")


def test_export_is_valid_importable_json(store):
    store.save(make_result("e1"))
    text = store.export("e1")
    assert parse_result(text).id == "e1"
    with pytest.raises(KeyError):
        store.export("nope")


def test_different_machine_and_versions_are_labelled_never_merged():
    reference = make_result("a")
    same = make_result("b")
    other_machine = make_result("c", machine=MACHINE.model_copy(update={"cpu_model": "Big CPU", "cpu_cores": 64}))
    other_versions = make_result("d", versions={"torch": "2.14.1", "keras": "3.15.1"})
    assert compare.differences(same, reference) == []
    assert compare.comparability_label(same, reference) == "same machine"
    assert compare.comparability_label(reference, reference) == "reference"
    assert compare.comparability_label(other_machine, reference) == "different machine"
    notes = compare.differences(other_machine, reference)
    assert "different machine: Big CPU (64 cores) vs Test CPU (2 cores)" in notes
    assert compare.version_differences(other_versions, reference) == ["different torch: 2.14.1 vs 2.13.0+cpu"]
    assert compare.comparability_label(other_versions, reference) == "different versions"
