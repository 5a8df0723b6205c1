"""Alembic migrations of the store's schema, the same for SQLite and PostgreSQL."""
