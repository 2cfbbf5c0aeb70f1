"""Every command that reads a user's file gives one line on stderr and exit 2 for every malformed input, and
the app's readers say the same: not UTF-8 (UTF-16 with a BOM, CP949, Latin-1), empty, truncated JSON, nesting
50,000 deep, YAML tags that would build Python objects. A UTF-8 file with a byte-order mark is read."""

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guide.decision.answers import parse_answers_json
from guide.decision.questions import load_questions
from guide.errors import AnswerError
from guide.userfile import UserFileError, decode_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "bench_result_mlp_small.json"
ANSWERS = '{"use_case": "research", "note": "팀 리드"}'

MALFORMED_JSON = {
    "utf16": (ANSWERS.encode("utf-16"), "is UTF-16, not UTF-8"),
    "cp949": (ANSWERS.encode("cp949"), "CP949 / EUC-KR (Korean Windows)"),
    "latin1": ('{"use_case": "research", "note": "café"}'.encode("latin-1"), "Latin-1"),
    "empty": (b"  \n", "is empty"),
    "truncated": (b'{"use_case": "resea', "is not JSON: Unterminated string"),
    "deep": (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def one_line_exit_2(done: subprocess.CompletedProcess, expected: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr[-500:]
    assert expected in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("case", sorted(MALFORMED_JSON))
def test_answers_and_result_files_in_every_command(tmp_path, case):
    data, expected = MALFORMED_JSON[case]
    bad = tmp_path / f"{case}.json"
    bad.write_bytes(data)
    good = tmp_path / "good.json"
    good.write_text('{"use_case": "research"}', encoding="utf-8")
    one_line_exit_2(cli("recommend", "--answers", str(bad)), expected)
    one_line_exit_2(cli("recommend", "--answers", str(good), "--bench", str(bad)), expected)
    one_line_exit_2(cli("report", "--answers", str(bad), "--out", str(tmp_path / "r.md")), expected)
    one_line_exit_2(cli("report", "--answers", str(good), "--bench", str(bad), "--out", str(tmp_path / "r.md")),
                    expected)
    one_line_exit_2(cli("results", "import", str(bad)), expected)


MALFORMED_YAML = {
    "utf16": ("version: x\n".encode("utf-16"), "is UTF-16, not UTF-8"),
    "cp949": ("version: '규칙'\n".encode("cp949"), "CP949"),
    "empty": (b"", "is empty"),
    "python-tag": (b"version: !!python/object/apply:os.system ['true']\n", "cannot read YAML"),
    "deep": (b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_YAML))
def test_rules_files(tmp_path, case):
    data, expected = MALFORMED_YAML[case]
    bad = tmp_path / "rules.yaml"
    bad.write_bytes(data)
    done = cli("lint-rules", str(bad), "--no-sweep")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-500:]
    errors = [line for line in done.stdout.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and expected in errors[0]


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + ANSWERS.encode("utf-8"))
    done = cli("recommend", "--answers", str(path), "--format", "json")
    assert done.returncode == 2 and "unknown question 'note'" in done.stderr  # read: the strict CLI objects to
    answers, problems = parse_answers_json(path.read_bytes(), load_questions())  # the extra key, the app drops it
    assert answers.values == {"use_case": "research"} and len(problems) == 1


def test_the_app_reader_gives_the_whole_message():
    with pytest.raises(AnswerError) as caught:
        parse_answers_json(ANSWERS.encode("cp949"), load_questions(), name="answers.json")
    message = str(caught.value)
    assert message.startswith("answers.json is not UTF-8") and message.endswith("and try again")
    with pytest.raises(UserFileError, match="x.json is empty"):
        decode_text(b"", "x.json")


def test_a_benchmark_file_round_trips_through_the_importer(tmp_path):
    done = cli("results", "import", str(FIXTURE))
    assert done.returncode == 0, done.stderr
    assert json.loads(FIXTURE.read_text())["schema_version"] == 1  # an older file still imports
