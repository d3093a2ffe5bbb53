"""A Singer tap as a source: its RECORDs land through the mapping, its STATE is the
checkpoint and is given back as ``--state``, bad lines become dead letters."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from hub.adapters import dead_letters
from hub.adapters.protocol import ConfigurationError
from hub.adapters.runner import RunOptions, run_sync
from hub.adapters.singer.adapter import tap_adapter
from hub.adapters.singer.mapping import read_mapping
from hub.db import Database
from hub.registry.pipeline.source_models import SourceRecord

TAP = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).parent / 'singer_tap.py'))}"
MAPPING = """name = "tiny"
system = "tiny_hr"

[streams.people]
entity_type = "person"
source_id = "id"
updated_at = "updated_at"
[streams.people.fields]
full_name = "name"
birth_date = "dob"
"""
OPTIONS = RunOptions(batch_size=10, dead_letter_threshold=1.0)


async def test_a_tap_feeds_the_registry_and_resumes_from_its_state(
    committed: Database, tmp_path: Path
) -> None:
    # Given the tiny tap and a mapping of its people stream
    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING)
    adapter = tap_adapter(TAP, read_mapping(path))
    # When it is synced twice
    first = await run_sync(committed, adapter, OPTIONS)
    second = await run_sync(committed, adapter, OPTIONS)
    # Then its three people landed under its system with the mapped fields, the row without
    # an id and the line that is not JSON are dead letters, the unmapped stream is ignored
    async with committed.session() as session:
        sources = (await session.execute(select(SourceRecord))).scalars().all()
    assert sorted((s.system, s.source_id, s.payload["full_name"]) for s in sources) == [
        ("tiny_hr", "1", "Nguyễn Văn An"),
        ("tiny_hr", "2", "Trần Thị Bình"),
        ("tiny_hr", "3", "Lê Văn Cường"),
    ]
    assert (first.adapter, first.created, first.dead_lettered) == ("tap:tiny", 3, 2)
    letters, _ = await dead_letters.listed(committed, adapter="tap:tiny")
    assert any("id: found None" in letter.error for letter in letters)
    assert any("not a Singer message" in letter.error for letter in letters)
    # And the second run was given the last STATE and read nothing again
    assert first.checkpoint_after == {
        "singer": {"value": {"bookmarks": {"people": {"position": 4}}}}
    }
    assert (second.records_read, second.created) == (0, 0)


def test_a_mapping_to_an_unknown_entity_type_is_refused(tmp_path: Path) -> None:
    # Given a mapping naming an entity type the registry does not have
    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING.replace('"person"', '"employee"'))
    # When it is read, then it is refused naming the stream and the known types
    with pytest.raises(ConfigurationError, match=r"streams.people.entity_type: found 'employee'"):
        read_mapping(path)
