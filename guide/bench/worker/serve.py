"""`python -m guide.bench.worker.serve`: one exported artifact behind a small Starlette app on one uvicorn worker,
as a team's first model server would be: GET /health, and POST /predict with {"inputs": nested list} answered by
{"outputs": nested list}. JSON because it is what such a first server speaks and any client can send; a binary
body (raw float32, or gRPC as TF Serving and Triton offer) would spend less time encoding and decoding.

It imports only its artifact's runtime, through guide.bench.worker.runtime's loaders, and is started, measured and
killed by guide.bench.worker.serve_client.

Job on stdin: {"path": artifact path id (onnx, pt2, savedmodel), "artifact": file, "threads": T, "port": P,
"dtype": the inputs' dtype}. Before serving, one JSON line on stdout: {"event": "loaded", "runtime_import_s",
"load_s", "versions"}, or {"event": "failed", "error": first line of the real error} and exit status 1.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback

import numpy as np
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from guide.bench.cpu import pin_to_cores
from guide.bench.worker.export import first_line
from guide.bench.worker.runtime import Predict, load

PARENT_POLL_S = 0.5


def make_app(predict: Predict, dtype: str) -> Starlette:
    """The two routes. Handlers are `async` so the model runs on the event loop's thread: one request at a time,
    within the thread budget, without the hop to a thread pool that a plain `def` handler would pay."""

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def predict_route(request: Request) -> JSONResponse:
        try:
            x = np.asarray((await request.json())["inputs"], dtype=dtype)
            return JSONResponse({"outputs": predict(x).tolist()})
        except Exception as exc:  # noqa: BLE001 - the client reports the runtime's own error, not a bare 500
            traceback.print_exc()
            return JSONResponse({"error": first_line(exc)}, status_code=500)

    return Starlette(routes=[Route("/health", health), Route("/predict", predict_route, methods=["POST"])])


def exit_with_parent() -> None:
    """The server runs in its own process group, so a kill of the client's group misses it: when the client dies
    (killed by the runner's timeout) the server follows instead of serving on as an orphan."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def main() -> int:
    job = json.loads(sys.stdin.read())
    exit_with_parent()
    if (problem := pin_to_cores(job["threads"])) is not None:
        print(problem, file=sys.stderr)
    loaded: dict = {}
    try:
        predict = load(job, loaded)
    except Exception as exc:  # noqa: BLE001 - a server that cannot load says why, then exits
        traceback.print_exc()
        print(json.dumps({"event": "failed", "error": first_line(exc)}), flush=True)
        return 1
    print(json.dumps({"event": "loaded", **loaded}), flush=True)
    uvicorn.run(make_app(predict, job["dtype"]), host="127.0.0.1", port=job["port"], workers=1, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
