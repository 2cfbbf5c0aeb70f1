"""`python -m guide bench` and `python -m guide results`: bad input is one line and exit 2; a run prints a
summary and writes the result JSON; results can be listed, shown, exported and imported back."""

import json
import subprocess
import sys

import pytest

from guide.bench import runner
from guide.bench.schema import BenchmarkResult
from guide.cli import main
from guide.settings import REPO_ROOT


@pytest.fixture(autouse=True)
def fake_benchmarks(tmp_path, monkeypatch):
    """A private data folder, the framework-free fake worker, and no matmul probe."""
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({"tensorflow/keras": "crash"}))
    monkeypatch.setattr(runner, "DEFAULT_WORKER_MODULE", "tests.fake_worker")
    monkeypatch.setattr(runner, "run_probe", lambda spec, run_dir, cancel=None: (50.0, "cpu (fake probe)"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bench", "--steps", "0"], "--steps: Input should be greater than or equal to 1"),
        (["bench", "--backends", "torch,mxnet"], "--backends: unknown mxnet"),
        (["bench", "--batch-size", "100000"], "--batch-size: Input should be less than or equal to 4096"),
        (["bench", "--timeout", "-1"], "--timeout: Input should be greater than 0"),
        (["results", "show", "nope"], "no stored result with id 'nope'"),
        (["results", "export"], "nothing to export"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {err.removeprefix('error: ')}" and "\n" not in err
    assert message in err


def test_bench_prints_a_summary_writes_json_and_exits_1_on_a_failed_row(tmp_path, capsys):
    out_file = tmp_path / "out.json"
    code = main(["bench", "--model", "mlp", "--size", "tiny", "--steps", "6", "--repeats", "1",
                 "--native", "--json", str(out_file)])
    assert code == 1  # Keras 3 on TensorFlow crashed (on purpose)
    printed = capsys.readouterr().out
    assert "Keras 3 on torch" in printed and "PyTorch, native" in printed
    assert "failed: worker exited with status 3" in printed
    result = BenchmarkResult.model_validate_json(out_file.read_text())
    assert result.spec.steps == 6 and result.spec.native
    assert result.machine.probe_gflops == 100.0  # from the first worker (the fake's fixed answer)
    torch_row = result.row("torch")
    assert torch_row.ok and torch_row.train_step_ms.median > 0 and torch_row.parity.ok
    assert torch_row.peak_share["train"] == pytest.approx(torch_row.achieved_gflops["train"] / 100.0)


def test_results_list_show_export_import(tmp_path, capsys, monkeypatch):
    main(["bench", "--size", "tiny", "--steps", "3", "--repeats", "1", "--backends", "torch"])
    capsys.readouterr()
    assert main(["results", "list"]) == 0
    listing = capsys.readouterr().out
    assert "mlp/tiny" in listing and "this machine" in listing
    result_id = listing.splitlines()[2].split()[0]
    assert main(["results", "show", result_id]) == 0
    assert "Keras 3 on torch" in capsys.readouterr().out
    exported = tmp_path / "export.json"
    assert main(["results", "export", result_id, "--out", str(exported)]) == 0
    assert main(["results", "import", str(exported)]) == 0
    assert f"already stored as {result_id}: nothing changed" in capsys.readouterr().out  # same store: a no-op
    monkeypatch.setenv("GUIDE_DATA_DIR", str(tmp_path / "other machine"))
    assert main(["results", "import", str(exported)]) == 0
    assert "imported: export.json" in capsys.readouterr().out
    assert main(["results", "list"]) == 0
    assert "imported: export.json" in capsys.readouterr().out


def test_import_of_a_bad_file_fails_cleanly(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 0, "rows": []}')
    assert main(["results", "import", str(bad)]) == 2
    assert "bad.json has schema_version 0" in capsys.readouterr().err


def test_help_imports_no_framework():
    code = ("import sys; from guide.cli import build_parser; build_parser()\n"
            "heavy = {'torch', 'tensorflow', 'keras', 'jax'} & set(sys.modules); print(sorted(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_thorough_flag_runs_a_process_per_repeat(tmp_path, monkeypatch, capsys):
    record = tmp_path / "workers.txt"
    monkeypatch.setenv("GUIDE_FAKE_WORKER", json.dumps({"*": f"record:{record}"}))
    out_file = tmp_path / "out.json"
    flags = ["bench", "--size", "tiny", "--steps", "3", "--repeats", "2", "--backends", "torch", "--json"]
    assert main([*flags, str(out_file), "--thorough"]) == 0
    assert BenchmarkResult.model_validate_json(out_file.read_text()).spec.thorough
    assert [line.split()[5] for line in record.read_text().splitlines()] == ["1", "1"]  # repeats per process
    record.unlink()
    assert main([*flags, str(tmp_path / "fast.json")]) == 0
    assert [line.split()[5] for line in record.read_text().splitlines()] == ["2"]
    assert "100%" in capsys.readouterr().err  # the row's bar ended full
