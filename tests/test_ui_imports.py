"""Rule 1, checked in a process of its own: after every page ran, the Streamlit side has imported no framework.
A fresh process, because the pytest process's sys.modules depends on which tests ran before."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def page_imports(*first: str, extra_path: Path | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (extra_path, ROOT) if p)
    done = subprocess.run([sys.executable, "-m", "tests.page_imports", *first], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_page_runs_in_a_fresh_process_without_importing_a_framework():
    seen = page_imports()
    assert seen == {"failed_pages": [], "frameworks": []}


def test_the_check_sees_a_framework_that_was_imported(tmp_path):
    (tmp_path / "keras").mkdir()
    (tmp_path / "keras" / "__init__.py").write_text("")  # a stand-in: the check must notice it is loaded
    assert page_imports("keras", extra_path=tmp_path)["frameworks"] == ["keras"]
