import os
import sys
import tempfile
from pathlib import Path

import pytest

# Keras writes ~/.keras/keras.json on first import; keep every test (and its workers) away from $HOME.
os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The results store and run folders go to a throwaway data folder, never the developer's data/.
os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-data-"))


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres import start_server

    url, stop = start_server()
    yield url
    stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind the store supports: SQLite in a file, PostgreSQL on a real server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'guide.db'}"
    from tests.postgres import new_database

    return new_database(request.getfixturevalue("postgres_server"))
