"""Syncing the HR software's exports: every legacy encoding to the same Unicode, QCVN 102
agency codes converted, bad rows and unreadable files refused with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hub.adapters import dead_letters
from hub.adapters.cadre_management.adapter import (
    EXPORTS,
    CadreManagementAdapter,
    CadreManagementConfig,
)
from hub.adapters.cadre_management.exports import decode_csv
from hub.adapters.cadre_management.legacy_encodings import (
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    encode_windows_1258,
)
from hub.adapters.cadre_management.simulator import write_exports
from hub.adapters.protocol import RawRecord, RecordError
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.source_models import SourceRecord
from hub.registry.population.generator import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from tests.adapters.conftest import SMALL

NAMES = ("Nguyễn Văn An", "Đặng Thị Hường", "Phạm Quỳnh Ỷ", "Lê Thị Ngọc Diễm", "Trương Ưng")


@pytest.mark.parametrize("name", NAMES)
def test_legacy_encodings_read_back_as_the_same_nfc_text(name: str) -> None:
    # Given a name written in each legacy encoding, and in capitals in TCVN3
    # When each is decoded
    # Then the text is the same NFC name (capitals made capitals again)
    assert decode_vni(encode_vni(name)) == name
    assert decode_vni(encode_vni(name.upper())) == name.upper()
    assert decode_tcvn3(encode_tcvn3(name.upper())) == name.upper()
    assert decode_csv(encode_windows_1258(f"Họ và tên,Ngày sinh\n{name}"), None)[1].endswith(name)


def test_a_file_in_an_unknown_encoding_is_refused_naming_the_encodings_tried() -> None:
    # Given a header written in UTF-16, which the HR software never writes
    data = "Họ và tên,Ngày sinh\n".encode("utf-16")
    # When its encoding is detected, then it is refused naming every encoding tried
    with pytest.raises(RecordError, match="tried utf-8, windows-1258, vni, tcvn3"):
        decode_csv(data, None)


async def test_exports_in_every_encoding_land_with_agency_codes_converted(
    committed: Database, tmp_path: Path
) -> None:
    # Given the simulator's exports: XLSX and CSV in UTF-8, Windows-1258, VNI and TCVN3
    folder = tmp_path / "drop"
    written = write_exports(folder, SMALL, 200, seed=4)
    (folder / "broken.csv").write_bytes("Họ và tên,Ngày sinh\n".encode("utf-16"))
    # When they are synced
    run = await run_sync(
        committed,
        CadreManagementAdapter(CadreManagementConfig(folder=folder)),
        RunOptions(dead_letter_threshold=0.5),
    )
    # Then every file's names decoded to NFC Vietnamese, QCVN 102 codes became Decision 20
    # codes, the broken file went to failed/ with its reason, and the rest to done/
    async with committed.session() as session:
        sources = (await session.execute(select(SourceRecord))).scalars().all()
        appointments = (await session.execute(select(CivilServantAppointment))).scalars().all()
    names = {s.payload.get("full_name") for s in sources if s.entity_type == PERSON}
    assert run.created > 0 and len(names) > 10
    assert all(n is None or "?" not in n for n in names)
    assert any(n and not n.isascii() for n in names)
    # every letter with marks is one the generated names hold, in either case: no mojibake
    alphabet = "".join(n for n, _ in FAMILY_NAMES) + str(MIDDLE_NAMES) + str(GIVEN_NAMES)
    marked = set(alphabet) | set(alphabet.upper())
    assert {ch for n in names if n for ch in n if not ch.isascii()} <= marked
    by_file = {s.source_id.split(":")[1] for s in sources if ":" in s.source_id}
    assert {"G12.18", "H01.05", "G01.08"} <= by_file
    assert {a.agency_code for a in appointments} <= {"G12.18", "H01.05", "G01.08"}
    assert sorted(p.name for p in (folder / "done").iterdir()) == sorted(p.name for p in written)
    letters, _ = await dead_letters.listed(committed)
    assert any("broken.csv" in letter.error and "tried" in letter.error for letter in letters)


async def test_a_full_sync_retires_the_staff_missing_from_the_snapshot_and_brings_them_back(
    committed: Database, tmp_path: Path
) -> None:
    # Given two exports synced, then only the first dropped again
    folder = tmp_path / "drop"
    written = write_exports(folder, SMALL, 60, seed=5)
    adapter = CadreManagementAdapter(CadreManagementConfig(folder=folder))
    options = RunOptions(dead_letter_threshold=1.0)
    await run_sync(committed, adapter, options)
    kept, dropped = written[0], written[1:]
    for path in written:
        (folder / "done" / path.name).rename(path)
    for path in dropped:
        path.rename(tmp_path / path.name)
    expected: set[tuple[str, str]] = set()
    async for item in adapter.read(EXPORTS, None):
        if isinstance(item, RawRecord):
            try:
                parsed = adapter.parse(EXPORTS.name, item.payload)
            except RecordError:
                continue
            expected |= {(r.entity_type, r.source_id) for r in parsed}
    # When a full sync reads that one export as the whole staff list
    run = await run_sync(
        committed, adapter, RunOptions(full_refresh=True, dead_letter_threshold=1.0)
    )
    # Then exactly the records it did not hold are retired
    async with committed.session() as session:
        sources = (await session.execute(select(SourceRecord))).scalars().all()
    retired = {(s.entity_type, s.source_id) for s in sources if s.retired_at is not None}
    assert retired and retired == {(s.entity_type, s.source_id) for s in sources} - expected
    assert run.retired == len(retired)
    # And when every export comes back in a full sync, every record is live again
    for path in (kept, *dropped):
        source = folder / "done" / path.name if path == kept else tmp_path / path.name
        source.rename(folder / path.name)
    again = await run_sync(
        committed, adapter, RunOptions(full_refresh=True, dead_letter_threshold=1.0)
    )
    async with committed.session() as session:
        live = (await session.execute(select(SourceRecord))).scalars().all()
    assert again.retired == 0 and all(s.retired_at is None for s in live)
