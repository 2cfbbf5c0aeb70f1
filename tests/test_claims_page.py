"""The Claims page renders verdicts from stored results, grouped by machine, without importing a framework."""

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from guide.bench.store import ResultStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "data" / "bench_result_mlp_small.json"


def test_claims_page_shows_verdicts_for_an_imported_result():
    ResultStore().import_json(FIXTURE)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/claims.py").run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert any(h.startswith("Measured on") for h in headers)
    text = " ".join(m.value for m in at.markdown)
    assert "For small models PyTorch often trains faster" in text
    assert any(v in text for v in ("supported", "contradicted", "inconclusive"))
    assert at.dataframe, "observations table missing"
    assert not [m for m in ("torch", "tensorflow", "keras", "jax") if m in sys.modules]
