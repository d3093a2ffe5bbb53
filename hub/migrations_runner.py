"""Alembic driven from the ``hub`` command: the migrations live in ``migrations/``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str | None = None) -> Config:
    """Return the Alembic configuration, optionally for another database than the settings'."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str | None = None, revision: str = "heads") -> None:
    """Migrate the database up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    """Migrate the database down to ``revision``."""
    command.downgrade(alembic_config(database_url), revision)


def head_revisions() -> set[str]:
    """Return the newest revision of every migration branch (parallel work may add branches)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def stored_revisions(connection: Connection) -> set[str]:
    """Return the revisions the database behind ``connection`` is migrated to (none: never)."""
    return set(MigrationContext.configure(connection).get_current_heads())


def schema_problem(stored: set[str]) -> str | None:
    """Say what a person must do about a database migrated to ``stored``; None when current."""
    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    if stored == heads:
        return None
    if not stored:
        return "the database has none of the hub's tables: run `hub db upgrade` first"
    unknown = stored - {revision.revision for revision in script.walk_revisions()}
    if unknown:
        return (
            f"the database was migrated by a newer version of the hub (revision "
            f"{', '.join(sorted(unknown))}); run that version, or update this one"
        )
    return (
        f"the database schema is older than this hub (revision {', '.join(sorted(stored))}, "
        f"newest {', '.join(sorted(heads))}): run `hub db upgrade`"
    )
