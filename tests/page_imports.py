"""`python -m tests.page_imports [MODULE...]`: run every page through AppTest in this fresh process, then print
which frameworks this process imported, as JSON. MODULEs are imported first (the check's own self-test)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
ANSWERS = {"use_case": "research", "deployment_target": "mobile", "mobile_platform": "ios"}


def run_every_page() -> list[str]:
    failures = []
    for page in sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py")):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in ANSWERS.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
        if at.exception:
            failures.append(page)
    return failures


if __name__ == "__main__":
    for name in sys.argv[1:]:
        importlib.import_module(name)
    failed = run_every_page()
    print(json.dumps({"failed_pages": failed, "frameworks": [m for m in FRAMEWORKS if m in sys.modules]}))
