"""Syncing the cadastral database's XML change batches from a drop folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hub.adapters import dead_letters
from hub.adapters.land_records.adapter import LandRecordsAdapter, LandRecordsConfig
from hub.adapters.land_records.simulator import write_batches
from hub.adapters.protocol import ConfigurationError
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.pipeline.source_models import SourceRecord
from tests.adapters.conftest import SMALL

OPTIONS = RunOptions(batch_size=50, dead_letter_threshold=0.9)
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<GoiThayDoi maGoi="00004-2025-9" maXa="00004" ngayLap="2025-09-01T00:00:00+07:00">
<Thua><SoHieuToBanDo>9</SoHieuToBanDo><SoThuTuThua>9</SoThuTuThua><DienTich>&lol2;</DienTich></Thua>
</GoiThayDoi>
"""


def _adapter(folder: Path) -> LandRecordsAdapter:
    return LandRecordsAdapter(LandRecordsConfig(folder=folder))


async def test_batches_land_once_and_move_to_done(committed: Database, tmp_path: Path) -> None:
    # Given a drop folder with the simulator's initial loads and change batches
    folder = tmp_path / "drop"
    written = write_batches(folder, SMALL, 40, seed=3)
    # When it is synced, and the same files are dropped again and synced
    first = await run_sync(committed, _adapter(folder), OPTIONS)
    moved = sorted(p.name for p in (folder / "done").iterdir())
    write_batches(folder, SMALL, 40, seed=3)
    second = await run_sync(committed, _adapter(folder), OPTIONS)
    # Then every parcel landed, split and merged parcels name their parents, every file moved
    # to done/, and the batches seen before changed nothing
    async with committed.session() as session:
        sources = (await session.execute(select(SourceRecord))).scalars().all()
        parcels = (await session.execute(select(LandParcel))).scalars().all()
    assert first.status == "SUCCEEDED" and first.dead_lettered == 0
    assert len(sources) == first.created == first.records_read - first.retired > 0
    # the parcels a change batch ceased (<ThuaXoa>) are retired, and so are their masters
    ceased = {s.source_id.split("-", 1)[1] for s in sources if s.retired_at is not None}
    changes = [p for p in written if "-change-" in p.name]
    assert ceased == {"1-1", "1-2", "1-3"} and first.retired == 3 * len(changes) > 0
    assert len([p for p in parcels if p.retired_at is not None]) == first.retired
    assert moved == sorted(p.name for p in written)
    assert any(p.split_from for p in parcels) and any(p.merged_from for p in parcels)
    assert second.records_read == 0 and second.created == 0
    assert not list(folder.glob("*.xml"))


async def test_an_xml_bomb_and_a_broken_file_are_refused_whole(
    committed: Database, tmp_path: Path
) -> None:
    # Given a drop folder with an entity bomb and a file cut off mid-parcel
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "bomb.xml").write_text(BOMB, "utf-8")
    whole = BOMB.split("]>\n")[1].replace("&lol2;", "85.5")
    (folder / "cut.xml").write_text(whole[: whole.index("</Thua>")], "utf-8")
    # When it is synced
    run = await run_sync(committed, _adapter(folder), RunOptions(dead_letter_threshold=1.0))
    # Then nothing landed, both files moved to failed/, and the dead letters say why
    letters, _ = await dead_letters.listed(committed)
    assert run.created == 0 and run.dead_lettered == 2
    assert sorted(p.name for p in (folder / "failed").iterdir()) == ["bomb.xml", "cut.xml"]
    reasons = " ".join(letter.error for letter in letters)
    assert "DTD" in reasons and "cut.xml" in reasons


async def test_check_refuses_a_missing_folder(tmp_path: Path) -> None:
    # Given a folder that does not exist
    adapter = _adapter(tmp_path / "nowhere")
    # When it is checked, then it names the folder
    with pytest.raises(ConfigurationError, match="does not exist"):
        await adapter.check()


def _one_parcel_batch(batch_id: str, made_at: str, area: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<GoiThayDoi maGoi="{batch_id}" maXa="00004" ngayLap="{made_at}">\n'
        "<Thua><SoHieuToBanDo>7</SoHieuToBanDo><SoThuTuThua>7</SoThuTuThua>"
        f"<DienTich>{area}</DienTich><MucDichSuDung>ODT</MucDichSuDung></Thua>\n"
        "</GoiThayDoi>\n"
    )


async def test_an_older_batch_after_a_newer_one_is_refused_and_one_dropped_again_is_not(
    committed: Database, tmp_path: Path
) -> None:
    # Given batch B2 of a commune applied, then B1 (made before it, never applied) dropped
    # late, with B2 dropped again
    folder = tmp_path / "drop"
    folder.mkdir()
    newer = _one_parcel_batch("00004-B2", "2025-09-02T00:00:00+07:00", "200.0")
    (folder / "b2.xml").write_text(newer)
    await run_sync(committed, _adapter(folder), OPTIONS)
    (folder / "b1.xml").write_text(
        _one_parcel_batch("00004-B1", "2025-09-01T00:00:00+07:00", "100.0")
    )
    (folder / "b2.xml").write_text(newer)
    # When the folder is synced
    run = await run_sync(committed, _adapter(folder), RunOptions(dead_letter_threshold=1.0))
    # Then B1 is refused with the reason and kept in failed/, B2 again changes nothing, and
    # the parcel keeps the newer area
    letters, _ = await dead_letters.listed(committed, adapter="land-records")
    assert [letter.payload["maGoi"] for letter in letters] == ["00004-B1"]
    assert "before batch 00004-B2" in letters[0].error
    assert (folder / "failed" / "b1.xml").exists() and (folder / "done" / "b2.xml").exists()
    assert (run.dead_lettered, run.created, run.updated) == (1, 0, 0)
    async with committed.session() as session:
        parcel = (await session.execute(select(LandParcel))).scalar_one()
    assert str(parcel.area) in ("200.0", "200", "200.00")
