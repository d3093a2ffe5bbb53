"""Requests per client per minute: counted in process (SQLite) or in a table (PostgreSQL)."""
