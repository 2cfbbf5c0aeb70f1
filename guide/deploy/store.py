"""Stored deployment checks, in the table guide.store.tables.deploy_results of the one database."""

from __future__ import annotations

import logging

from pydantic import ValidationError
from sqlalchemy import insert, select

from guide.deploy.schema import DeployResult
from guide.errors import first_problem
from guide.settings import get_settings
from guide.store.engine import database
from guide.store.tables import deploy_results
from guide.userfile import UserFileError, decode_text, load_json


class DeployStore:
    def __init__(self, url: str | None = None):
        self.engine = database(url or get_settings().database_url)

    def save(self, result: DeployResult) -> str:
        with self.engine.begin() as conn:
            conn.execute(insert(deploy_results).values(
                id=result.id, created_at=result.created_at, schema_version=result.schema_version,
                model=result.spec.model, size=result.spec.size, machine_fingerprint=result.machine.fingerprint(),
                body=result.model_dump_json()))
        return result.id

    def get(self, check_id: str) -> DeployResult | None:
        query = select(deploy_results.c.body).where(deploy_results.c.id == check_id)
        with self.engine.connect() as conn:
            body = conn.execute(query).scalar_one_or_none()
        return None if body is None else _readable(body)

    def recent(self, limit: int = 100) -> list[DeployResult]:
        """Newest first; a stored check this version cannot read (written by a newer one, on a replica beside
        it) is passed over with a log line instead of taking every page that lists checks down with it."""
        query = select(deploy_results.c.body).order_by(deploy_results.c.created_at.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [check for body in conn.execute(query).scalars() if (check := _readable(body)) is not None]


def _readable(body: str) -> DeployResult | None:
    try:
        return DeployResult.model_validate_json(body)
    except ValidationError as exc:
        logging.getLogger(__name__).warning("a stored deployment check cannot be read here: %s", first_problem(exc))
        return None


def parse_deploy_result(raw: bytes, origin: str) -> DeployResult:
    """A deploy-check result from a user's file; UserFileError with one line that says what is wrong."""
    data = load_json(decode_text(raw, origin), origin)
    try:
        return DeployResult.model_validate(data)
    except ValidationError as exc:
        raise UserFileError(f"{origin} is not a deploy-check result: {first_problem(exc)}") from None
