"""The land-records adapter: change batch files from a drop folder, each file processed once
and moved to ``done/`` (after its parcels committed) or ``failed/`` (refused whole)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import Field

from hub.adapters.land_records.mapping import SYSTEM, parse_parcel
from hub.adapters.land_records.xml_batches import BatchHeader, header, parcels, verify
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
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.pipeline.inputs import SourceRecordInput

_REMEMBERED = 500
BATCHES = Stream(name="goi-thay-doi", entity_types=(LAND_PARCEL,), key="legacy key")


class LandRecordsConfig(AdapterConfig):
    """The drop folder."""

    folder: Path = Field(description="where the cadastral database drops its XML batches")


class LandRecordsAdapter(Adapter[LandRecordsConfig]):
    """Reads the cadastral database's XML change batches."""

    name = "land-records"
    system = SYSTEM
    description = "cadastral database: XML change batches of parcels from a drop folder"
    config_class = LandRecordsConfig
    source_option = "folder"

    async def check(self) -> str:
        """The folder exists and the hub may move files out of it."""
        folder = self.config.folder
        if not folder.is_dir():
            raise ConfigurationError(f"the drop folder {folder} does not exist")
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise ConfigurationError(f"the hub may not read and move files in {folder}")
        waiting = len(_waiting(folder))
        return f"{folder}: {waiting} batch file(s) waiting"

    def streams(self) -> Sequence[Stream]:
        """One stream: the change batches."""
        return (BATCHES,)

    async def read(self, stream: Stream, state: Mapping[str, Any] | None) -> AsyncIterator[Item]:
        """Yield the parcels of each waiting file, oldest batch of each commune first, one
        checkpoint per file. The state holds the last batch applied per commune and the ids of
        the latest ones: a batch applied before changes nothing and is moved to ``done/``; a
        batch older than the last applied, never applied, is refused (a dead letter, moved to
        ``failed/``)."""
        await self.check()
        applied: dict[str, list[str]] = dict((state or {}).get("communes", {}))
        seen: dict[str, list[str]] = dict((state or {}).get("seen", {}))

        def after() -> dict[str, Any]:
            return {"communes": applied, "seen": seen}

        files = _waiting(self.config.folder)
        ordered: list[tuple[BatchHeader, Path]] = []
        for done, path in enumerate(files, start=1):
            try:
                ordered.append((header(path), path))
            except RecordError as error:
                yield BadRecord({"file": path.name}, f"{path.name}: {error.message}")
                yield Checkpoint(after(), done, len(files), (_mover(path, "failed"),))
        ordered.sort(key=lambda pair: (pair[0].commune, pair[0].made_at, pair[0].batch_id))
        for done, (batch, path) in enumerate(ordered, start=len(files) - len(ordered) + 1):
            last = applied.get(batch.commune)
            known = seen.get(batch.commune, [])
            if last is not None and (batch.batch_id == last[1] or batch.batch_id in known):
                # Dropped again: it was applied; nothing changes.
                yield Checkpoint(after(), done, len(files), (_mover(path, "done"),))
                continue
            if last is not None and [batch.made_at, batch.batch_id] < last:
                # Never applied, but older than what was: applying it would put older values
                # over newer ones, so it is refused for an operator to look at.
                yield BadRecord(
                    {"file": path.name, "maGoi": batch.batch_id, "maXa": batch.commune},
                    f"{path.name}: batch {batch.batch_id} of commune {batch.commune} was made "
                    f"at {batch.made_at}, before batch {last[1]} ({last[0]}) already applied; "
                    "refused so that older values never overwrite newer ones",
                )
                yield Checkpoint(after(), done, len(files), (_mover(path, "failed"),))
                continue
            try:
                verify(path)
            except RecordError as error:
                yield BadRecord({"file": path.name}, f"{path.name}: {error.message}")
                yield Checkpoint(after(), done, len(files), (_mover(path, "failed"),))
                continue
            context = {"maGoi": batch.batch_id, "maXa": batch.commune, "ngayLap": batch.made_at}
            for tag, fields in parcels(path):
                if tag == "Thua":
                    key = (
                        f"{batch.commune}-{fields.get('SoHieuToBanDo')}-{fields.get('SoThuTuThua')}"
                    )
                    yield RawRecord({**context, "Thua": fields}, key)
                else:
                    key = f"{batch.commune}-{fields.get('soTo')}-{fields.get('soThua')}"
                    yield RawRecord({**context, "ThuaXoa": fields}, key)
            applied = {**applied, batch.commune: [batch.made_at, batch.batch_id]}
            # The last batches applied per commune, to tell a batch dropped again from a late one.
            seen = {**seen, batch.commune: [*known, batch.batch_id][-_REMEMBERED:]}
            yield Checkpoint(after(), done, len(files), (_mover(path, "done"),))

    @classmethod
    def parse(cls, stream: str, raw: Mapping[str, Any]) -> list[SourceRecordInput]:
        """The parcel input of one ``<Thua>``."""
        return parse_parcel(raw)


def _waiting(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.xml") if p.is_file())


def _mover(path: Path, to: str) -> Callable[[], None]:
    def move() -> None:
        target = path.parent / to
        target.mkdir(exist_ok=True)
        if path.exists():
            shutil.move(str(path), str(target / path.name))

    return move
