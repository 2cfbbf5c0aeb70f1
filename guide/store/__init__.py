"""The database: one engine from the one URL setting (SQLite in the data folder by default), the tables, and
the Alembic migrations that bring an empty or older database to the current schema."""
