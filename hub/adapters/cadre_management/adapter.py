"""The cadre-management adapter: CSV and XLSX exports from a drop folder, each file read
whole (refused whole when no encoding fits), then moved to ``done/`` or ``failed/``."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from hub.adapters.cadre_management.exports import read_rows
from hub.adapters.cadre_management.mapping import SYSTEM, parse_row
from hub.adapters.protocol import (
    Adapter,
    AdapterConfig,
    BadRecord,
    Checkpoint,
    ConfigurationError,
    Item,
    RawRecord,
    RecordError,
    Stream,
)
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

# With --full the waiting exports are taken as the whole staff list: who is missing left.
EXPORTS = Stream(
    name="can-bo",
    entity_types=(PERSON, CIVIL_SERVANT_APPOINTMENT),
    key="Mã nhân sự",
    full_snapshot=True,
)


class CadreManagementConfig(AdapterConfig):
    """The drop folder, and the CSV encoding when it should not be detected."""

    folder: Path = Field(description="where the HR software's exports are dropped")
    encoding: Literal["utf-8", "windows-1258", "vni", "tcvn3"] | None = None


class CadreManagementAdapter(Adapter[CadreManagementConfig]):
    """Reads the civil-servant HR software's exports."""

    name = "cadre-management"
    system = SYSTEM
    description = "civil-servant HR software: CSV/XLSX exports (legacy encodings) from a folder"
    config_class = CadreManagementConfig
    source_option = "folder"

    async def check(self) -> str:
        """The folder exists and the hub may move files out of it."""
        folder = self.config.folder
        if not folder.is_dir():
            raise ConfigurationError(f"the drop folder {folder} does not exist")
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise ConfigurationError(f"the hub may not read and move files in {folder}")
        return f"{folder}: {len(_waiting(folder))} export file(s) waiting"

    def streams(self) -> Sequence[Stream]:
        """One stream: the exported staff rows."""
        return (EXPORTS,)

    async def read(self, stream: Stream, state: Mapping[str, Any] | None) -> AsyncIterator[Item]:
        """Yield each waiting file's rows, one checkpoint per file."""
        await self.check()
        files = _waiting(self.config.folder)
        for done, path in enumerate(files, start=1):
            after = {"last_file": path.name}
            try:
                encoding, rows = read_rows(path, self.config.encoding)
            except RecordError as error:
                yield BadRecord({"file": path.name}, f"{path.name}: {error.message}")
                yield Checkpoint(after, done, len(files), (_mover(path, "failed"),))
                continue
            stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()
            context = {"file": path.name, "encoding": encoding, "exported_at": stamp}
            for row in rows:
                yield RawRecord({**context, "cells": row}, row.get("Mã nhân sự") or None)
            yield Checkpoint(after, done, len(files), (_mover(path, "done"),))

    @classmethod
    def parse(cls, stream: str, raw: Mapping[str, Any]) -> list[SourceRecordInput]:
        """The person and appointment of one row."""
        return parse_row(raw)


def _waiting(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".xlsx")
    )


def _mover(path: Path, to: str) -> Callable[[], None]:
    def move() -> None:
        target = path.parent / to
        target.mkdir(exist_ok=True)
        if path.exists():
            shutil.move(str(path), str(target / path.name))

    return move
