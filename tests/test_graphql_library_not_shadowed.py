"""Guard: nothing in the project shadows the ``graphql`` library that strawberry imports."""

from __future__ import annotations

from pathlib import Path

import graphql

ROOT = Path(__file__).resolve().parents[1]


def test_graphql_is_the_library() -> None:
    location = Path(graphql.__file__).resolve()
    assert "site-packages" in location.parts, f"graphql imported from {location}"
    assert hasattr(graphql, "graphql_sync")


def test_no_top_level_graphql_package() -> None:
    assert not (ROOT / "graphql").exists()
    assert not (ROOT / "graphql.py").exists()
