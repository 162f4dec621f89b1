"""Persistence: SQLModel tables, database opening and migrations, SQL counting."""
