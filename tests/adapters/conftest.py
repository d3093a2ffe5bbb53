"""Fixtures of the adapter tests: committing databases (the registry tests' and a second
one), and a small geography."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hub.db import Database
from hub.registry.population.generator import Geography
from tests.conftest import POSTGRES_URL, _admin_execute
from tests.registry.conftest import committed, committed_template, committed_url

__all__ = ["committed", "committed_template", "committed_url"]

# Real units: Phường Sài Gòn 26740 (from Bến Nghé 26740, Đa Kao 26737) and Phường Ba Đình
# 00004 (from Trúc Bạch 00004 and Quán Thánh 00013).
SMALL = Geography(
    communes=[("26740", "Phường Sài Gòn", "79"), ("00004", "Phường Ba Đình", "01")],
    legacy_communes=[
        ("26740", "Phường Bến Nghé", "79"),
        ("26737", "Phường Đa Kao", "79"),
        ("00004", "Phường Trúc Bạch", "01"),
        ("00013", "Phường Quán Thánh", "01"),
    ],
    crosswalk=[("26740", "26740"), ("26737", "26740"), ("00004", "00004"), ("00013", "00004")],
)


@pytest.fixture
async def other_committed(
    backend: str, committed_template: str, tmp_path: Path
) -> AsyncIterator[Database]:
    """A second committing database, to compare two runs' results (on PostgreSQL two
    databases bound to rolled-back transactions would wait on each other's row locks)."""
    if backend == "sqlite":
        copy = tmp_path / "other.db"
        shutil.copyfile(Path(make_url(committed_template).database or ""), copy)
        url = f"sqlite:///{copy}"
    else:
        assert POSTGRES_URL is not None
        name = f"hub_other_{uuid.uuid4().hex[:10]}"
        template = make_url(committed_template).database
        await _admin_execute(POSTGRES_URL, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    database = Database.from_url(url)
    yield database
    await database.dispose()
    if backend != "sqlite":
        await _admin_execute(POSTGRES_URL or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
