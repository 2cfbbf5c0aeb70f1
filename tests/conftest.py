import os
import sys
import tempfile
from pathlib import Path

# Keras writes ~/.keras/keras.json on first import; keep every test (and its workers) away from $HOME.
os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="keras-home-"))

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The results store and run folders go to a throwaway data folder, never the developer's data/.
os.environ.setdefault("GUIDE_DATA_DIR", tempfile.mkdtemp(prefix="guide-data-"))
