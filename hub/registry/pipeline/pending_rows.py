"""Rows ingestion creates for new records, written in bulk at the end of a batch.

Building an ORM object per new source record, cross-reference, master, task and issue cost
more than matching the record (SQLModel validates and instruments every attribute of every
object). New rows never need change tracking within the batch, so they are kept as column
values and inserted with one multi-row statement per table; what placement reads back from a
new record (its id, system, source id and attributes) is a small dataclass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.pipeline.source_models import SourceRecord, Xref

_defaults: dict[type[Any], dict[str, Any]] = {}


def row(model: type[Any], **values: Any) -> dict[str, Any]:
    """Return every column value of a new ``model`` row: ``values``, then the model's defaults
    (factories called), so that all rows of a table have the same keys.
    """
    if model not in _defaults:
        keys = {c.name for c in model.__table__.primary_key.columns}
        _defaults[model] = {
            name: info.default_factory if info.default_factory is not None else info.default
            for name, info in model.model_fields.items()
            if info.default_factory is not None
            # An integer key left to the database (autoincrement) is not a value to send.
            or (
                info.default is not PydanticUndefined
                and not (name in keys and info.default is None)
            )
        }
    filled = dict(values)
    for name, default in _defaults[model].items():
        if name not in filled:
            filled[name] = default() if callable(default) else default
    return filled


@dataclass(frozen=True)
class NewSource:
    """What placement and issue tracking read of a source record stored in this batch."""

    id: str
    system: str
    source_id: str
    attributes: Mapping[str, Any]
    flags: list[dict[str, str]]
    content_hash: str


@dataclass
class NewLink:
    """The master a new record was placed in."""

    master_id: str


@dataclass
class PendingRows:
    """New rows of one batch, by table, in the order foreign keys need them written."""

    masters: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    xrefs: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)

    async def write(self, session: AsyncSession, master_model: type[Any]) -> None:
        """Insert every pending row and forget them."""
        for model, rows in (
            (master_model, self.masters),
            (SourceRecord, self.sources),
            (Xref, self.xrefs),
            (MatchTask, self.tasks),
            (QualityIssue, self.issues),
        ):
            if rows:
                # render_nulls keeps rows with and without a value in one multi-row statement
                # (the ORM otherwise splits them into runs of equal key sets).
                await session.execute(insert(model).execution_options(render_nulls=True), rows)
                rows.clear()
