"""Team sessions in the one database (guide.store): create, submit (a revision replaces, by an upsert on the
database's unique constraint), read, close, reopen, delete. Every admin action checks the admin token here,
so the CLI and the pages cannot forget it."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from guide.settings import get_settings
from guide.store.engine import database
from guide.store.tables import team_answers, team_sessions
from guide.team.tokens import new_code, new_token, normal_code, token_hash, token_matches
from guide.text import t

UPSERT = {"sqlite": sqlite_insert, "postgresql": pg_insert}


class TeamError(ValueError):
    """A bad code, a bad token, a closed session: one line for the person who tried."""


@dataclass(frozen=True)
class Submission:
    participant_token: str
    revision: int  # 1 for the first answers, +1 for each revision: the highest is the one kept


@dataclass(frozen=True)
class Participant:
    name: str | None
    answers: dict
    revision: int
    submitted_at: datetime


def _participant(row) -> Participant:
    return Participant(row["name"], json.loads(row["answers"]), row["revision"], row["submitted_at"])


class TeamStore:
    def __init__(self, url: str | None = None):
        self.engine = database(url or get_settings().database_url)

    def create(self, title: str = "") -> tuple[str, str]:
        """(join code, admin token): the token is shown once and stored only as its hash."""
        admin = new_token()
        for _ in range(10):  # a code already in use is drawn again
            code = new_code()
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(team_sessions).values(
                        code=code, title=title, created_at=datetime.now(UTC), admin_hash=token_hash(admin),
                        closed=False, show_aggregate=False))
                return code, admin
            except IntegrityError:
                continue
        raise TeamError(t("team.no_free_code"))

    def session(self, code: str) -> dict:
        found = normal_code(code)
        with self.engine.connect() as conn:
            row = conn.execute(select(team_sessions).where(team_sessions.c.code == found)).mappings().first()
        if found is None or row is None:
            raise TeamError(t("team.unknown_code", code=str(code)[:20]))
        return dict(row)

    def submit(self, code: str, answers: dict, name: str | None = None, participant: str | None = None) -> Submission:
        """Store a participant's answers; with their token, replace their earlier ones (never a second set)."""
        session = self.session(code)
        if session["closed"]:
            raise TeamError(t("team.closed", code=session["code"]))
        token = participant or new_token()
        values = dict(session_code=session["code"], participant_hash=token_hash(token), name=name or None,
                      answers=json.dumps(answers, sort_keys=True), revision=1, submitted_at=datetime.now(UTC))
        statement = UPSERT[self.engine.dialect.name](team_answers).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["session_code", "participant_hash"],
            set_={"answers": values["answers"], "name": values["name"], "submitted_at": values["submitted_at"],
                  "revision": team_answers.c.revision + 1}).returning(team_answers.c.revision)
        with self.engine.begin() as conn:
            revision = conn.execute(statement).scalar_one()
        return Submission(token, revision)

    def participants(self, code: str) -> list[Participant]:
        session = self.session(code)
        query = select(team_answers).where(team_answers.c.session_code == session["code"]).order_by(
            team_answers.c.id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_participant(r) for r in rows]

    def participant(self, code: str, token: str | None) -> Participant | None:
        """The answers stored under a participant token, or None (an unknown or tampered token)."""
        if not token:
            return None
        session = self.session(code)
        query = select(team_answers).where(team_answers.c.session_code == session["code"],
                                           team_answers.c.participant_hash == token_hash(token))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _participant(row)

    def count(self, code: str) -> int:
        session = self.session(code)
        query = select(func.count()).select_from(team_answers).where(team_answers.c.session_code == session["code"])
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def screen_key(self, code: str, token: str | None) -> str:
        """The key of the session's projector link (made on first use; the admin token is needed to see it)."""
        session = self.admin(code, token)
        if session["screen_key"]:
            return session["screen_key"]
        key = new_token()
        with self.engine.begin() as conn:  # two dashboards at once: the first key written stays
            conn.execute(update(team_sessions).where(team_sessions.c.code == session["code"],
                                                     team_sessions.c.screen_key.is_(None)).values(screen_key=key))
        return self.session(code)["screen_key"]

    def screen(self, code: str, key: str | None) -> dict:
        """The session, when `key` is its screen key; TeamError otherwise."""
        session = self.session(code)
        if not (key and session["screen_key"] and hmac.compare_digest(key, session["screen_key"])):
            raise TeamError(t("team.not_screen", code=session["code"]))
        return session

    def stamp(self, code: str) -> tuple:
        """Changes whenever anything a view shows changes (a submission, a revision, close, sharing): a live
        page recomputes the team only then."""
        session = self.session(code)
        query = select(func.count(), func.coalesce(func.sum(team_answers.c.revision), 0)).where(
            team_answers.c.session_code == session["code"])
        with self.engine.connect() as conn:
            count, revisions = conn.execute(query).one()
        return session["code"], count, revisions, session["closed"], session["show_aggregate"]

    def admin(self, code: str, token: str | None) -> dict:
        """The session, when `token` is its admin token; TeamError otherwise (the same for a wrong code)."""
        session = self.session(code)
        if not token_matches(token, session["admin_hash"]):
            raise TeamError(t("team.not_admin", code=session["code"]))
        return session

    def set_closed(self, code: str, token: str | None, closed: bool) -> None:
        self._set(code, token, closed=closed)

    def set_show_aggregate(self, code: str, token: str | None, shown: bool) -> None:
        """Whether participants may see the team's aggregate (never the individual answers)."""
        self._set(code, token, show_aggregate=shown)

    def _set(self, code: str, token: str | None, **values) -> None:
        session = self.admin(code, token)
        with self.engine.begin() as conn:
            conn.execute(update(team_sessions).where(team_sessions.c.code == session["code"]).values(**values))

    def delete(self, code: str, token: str | None) -> None:
        session = self.admin(code, token)
        with self.engine.begin() as conn:  # answers first: SQLite enforces no foreign keys unless asked
            conn.execute(delete(team_answers).where(team_answers.c.session_code == session["code"]))
            conn.execute(delete(team_sessions).where(team_sessions.c.code == session["code"]))
