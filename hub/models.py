"""Imports every table module so that ``SQLModel.metadata`` knows them all (for Alembic)."""

from __future__ import annotations

from hub.registry.codelists import models as codelists_models

__all__ = ["codelists_models"]
