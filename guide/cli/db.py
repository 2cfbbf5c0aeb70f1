"""python -m guide db upgrade: bring the configured database (GUIDE_DATABASE_URL, else SQLite in the data
folder) to the current schema, as every entry point does on its first use."""

from __future__ import annotations

HELP = "Bring the database (GUIDE_DATABASE_URL, else SQLite in the data folder) to the current schema."


def add_arguments(parser) -> None:
    parser.add_argument("action", choices=["upgrade"], help="upgrade: run the migrations the database lacks")


def run(args) -> int:
    from sqlalchemy.engine import make_url

    from guide.settings import get_settings
    from guide.store.engine import make_engine
    from guide.store.migrate import current_revision, upgrade

    url = get_settings().database_url
    engine = make_engine(url)
    before = current_revision(engine)
    upgrade(engine)
    shown = make_url(url).render_as_string(hide_password=True)
    print(f"{shown}: {before or 'empty'} -> {current_revision(engine)}")
    return 0
