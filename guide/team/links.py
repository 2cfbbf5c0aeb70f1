"""The links of a team session. Behind a load balancer the app cannot see the address people reach it at, so
GUIDE_PUBLIC_URL names it; otherwise the page uses the address its browser opened (the CLI: localhost)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

JOIN_PAGE = "team"  # st.Page url paths (app.py): participants answer here; the lead's dashboard and projector
DASHBOARD_PAGE = "team_dashboard"
PROJECTOR_PAGE = "projector"
DEFAULT_BASE = "http://localhost:8501"


def public_base(seen_url: str | None = None, base_path: str = "") -> str:
    """GUIDE_PUBLIC_URL, else the scheme and host of the page's own address with the app's base path (Streamlit's
    server.baseUrlPath, for an app served under /guide/ say), else localhost."""
    if configured := os.environ.get("GUIDE_PUBLIC_URL"):
        return configured.rstrip("/")
    parts = urlsplit(seen_url or "")
    if not (parts.scheme and parts.netloc):
        return DEFAULT_BASE
    path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


def join_url(code: str, base: str | None = None) -> str:
    return f"{base or public_base()}/{JOIN_PAGE}?team={code}"


def admin_url(code: str, admin_token: str, base: str | None = None) -> str:
    """Private: whoever has it can see individual answers, close, export and delete the session."""
    return f"{base or public_base()}/{DASHBOARD_PAGE}?team={code}&admin={admin_token}"


def projector_url(code: str, screen_key: str, base: str | None = None) -> str:
    """The projector view in a window of its own (a second screen): the key opens that view and nothing else."""
    return f"{base or public_base()}/{PROJECTOR_PAGE}?team={code}&screen={screen_key}"
