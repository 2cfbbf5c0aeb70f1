"""Alembic's entry point: migrate on the connection guide.store.migrate hands over (never from a URL here)."""

from alembic import context

from guide.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
