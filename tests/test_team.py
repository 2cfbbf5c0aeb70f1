"""Team sessions on both databases (SQLite in a file, PostgreSQL on a real server): codes without look-alikes,
tokens stored hashed, a revision replaces (enforced by the database), a closed session refuses new answers and
keeps old ones, admin actions need the admin token, and concurrent submitters (processes) lose nothing."""

import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest
from sqlalchemy import select

from guide.settings import REPO_ROOT
from guide.store.tables import team_answers, team_sessions
from guide.team.store import TeamError, TeamStore
from guide.team.tokens import CODE_ALPHABET

ANSWERS = {"use_case": "production", "deployment_target": ["cpu_server"]}


def test_codes_avoid_look_alikes_and_tokens_are_stored_hashed(database_url):
    store = TeamStore(database_url)
    code, admin = store.create("Workshop")
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET) and not set("0O1IL") & set(code)
    token = store.submit(code, ANSWERS).participant_token
    with store.engine.connect() as conn:
        rows = [*conn.execute(select(team_sessions)), *conn.execute(select(team_answers))]
    stored = " ".join(str(value) for row in rows for value in row)
    assert admin not in stored and token not in stored


def test_a_revision_replaces_a_closed_session_keeps_its_answers_and_admin_needs_the_token(database_url):
    store = TeamStore(database_url)
    code, admin = store.create()
    first = store.submit(code, ANSWERS, name="Kim")
    again = store.submit(code.lower(), {"use_case": "research"}, participant=first.participant_token)
    assert (first.revision, again.revision) == (1, 2)
    [kept] = store.participants(code)
    assert kept.answers == {"use_case": "research"} and kept.name is None
    for refused in (lambda: store.set_closed(code, None, True), lambda: store.set_closed(code, "guess", True),
                    lambda: store.delete(code, admin[:-1] + "x")):
        with pytest.raises(TeamError, match="not the admin token"):
            refused()
    store.set_closed(code, admin, True)
    with pytest.raises(TeamError, match="is closed"):
        store.submit(code, ANSWERS)
    assert store.count(code) == 1
    store.set_closed(code, admin, False)
    store.submit(code, ANSWERS)
    store.delete(code, admin)
    with pytest.raises(TeamError, match="There is no team session"):
        store.count(code)


def _submit_one(url: str, code: str, answers: dict, token: str | None) -> tuple[int, dict]:
    return TeamStore(url).submit(code, answers, participant=token).revision, answers


def _at_once(url: str, code: str, jobs: list[tuple[dict, str | None]]) -> list[tuple[int, dict]]:
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=get_context("fork")) as pool:
        return list(pool.map(_submit_one, *zip(*[(url, code, answers, token) for answers, token in jobs],
                                                strict=True)))


def test_fifty_processes_submitting_at_once_lose_nothing_and_duplicate_nothing(database_url):
    store = TeamStore(database_url)
    code, _ = store.create()
    _at_once(database_url, code, [({"use_case": "research", "n": str(i)}, None) for i in range(50)])
    assert store.count(code) == 50


def test_fifty_revisions_at_once_keep_one_set_the_last_acknowledged(database_url):
    store = TeamStore(database_url)
    code, _ = store.create()
    token = store.submit(code, ANSWERS).participant_token
    done = _at_once(database_url, code, [({"use_case": "research", "n": str(i)}, token) for i in range(50)])
    [kept] = store.participants(code)
    last = max(done, key=lambda d: d[0])
    assert kept.revision == 51 == last[0] and kept.answers == last[1]
    assert sorted(revision for revision, _ in done) == list(range(2, 52))


def cli(*args: str, env_url: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "guide", "team", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, env={"GUIDE_DATABASE_URL": env_url, "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.stdout or done.returncode == 2, f"team {args[0]} exited {done.returncode}: {done.stderr[-2000:]}"
    return done


def test_the_cli_contract(database_url, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(ANSWERS))
    created = json.loads(cli("create", "--title", "T", "--format", "json", env_url=database_url).stdout)
    assert {"code", "join_url", "admin_token"} <= set(created) and created["code"] in created["join_url"]
    code, admin = created["code"], created["admin_token"]
    joined = json.loads(cli("submit", code, "--answers", str(answers), "--format", "json", env_url=database_url).stdout)
    shown = json.loads(cli("show", code, "--format", "json", env_url=database_url).stdout)
    assert shown["participants"] == 1 and "individuals" not in shown and joined["participant_token"]
    as_admin = json.loads(cli("show", code, "--admin-token", admin, "--format", "json", env_url=database_url).stdout)
    assert as_admin["individuals"][0]["top_framework"] == as_admin["winner"]
    wrong = cli("show", code, "--admin-token", "nope", env_url=database_url)
    bad_code = cli("show", "ZZ", env_url=database_url)
    assert wrong.returncode == bad_code.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1


def test_exports_keep_every_answer_column_and_never_a_formula(database_url, tmp_path):
    import csv

    created = json.loads(cli("create", "--format", "json", env_url=database_url).stdout)
    code, admin = created["code"], created["admin_token"]
    assert f"team={code}" in created["join_url"] and f"admin={admin}" in created["admin_url"]
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(ANSWERS))
    cli("submit", code, "--answers", str(answers), "--name", '=HYPERLINK("http://ev.il","x")', env_url=database_url)
    for suffix in ("csv", "json", "md", "html"):
        out = tmp_path / f"team.{suffix}"
        done = cli("export", code, "--admin-token", admin, "--out", str(out), env_url=database_url)
        assert done.returncode == 0 and out.stat().st_size > 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "team.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0]["participant"] == "'=HYPERLINK(\"http://ev.il\",\"x\")"  # text in a spreadsheet, never run
    assert rows[0]["use_case"] == "production" and rows[0]["deployment_target"] == "cpu_server"
    assert rows[0]["revision"] == "1" and rows[-1]["participant"] == "team (aggregate)"
    assert json.loads((tmp_path / "team.json").read_text())["individuals"][0]["name"].startswith("=HYPERLINK")
    assert "## Where the team disagrees" in (tmp_path / "team.md").read_text()
    shown = cli("show", code, "--admin-token", admin, env_url=database_url).stdout
    assert "Team recommendation:" in shown and "=HYPERLINK" in shown  # each participant, with the token
    assert "=HYPERLINK" not in cli("show", code, env_url=database_url).stdout  # never without it
    bad = cli("export", code, "--admin-token", admin, "--out", str(tmp_path / "team.txt"), env_url=database_url)
    assert bad.returncode == 2 and ".md or .html" in bad.stderr


def test_no_token_starts_like_a_command_line_option():
    from guide.team.tokens import new_token

    assert not any(new_token().startswith("-") for _ in range(3000))  # 1 in 64 did; 3000 draws miss it 1e-21
