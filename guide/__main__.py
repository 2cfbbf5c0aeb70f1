import os
import sys

from guide.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (`python -m guide decisions | head`): stop quietly, as Unix tools do, instead of a
    # traceback, and keep Python from failing again while flushing stdout at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
