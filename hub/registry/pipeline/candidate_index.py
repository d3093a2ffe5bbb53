"""The match candidates of one ingestion batch, read from the database in one query.

Placing records one at a time with a query each made ingestion cost a round trip per record
(and another to write its keys). Instead, ingestion collects the blocking keys of every record
in the batch, reads the blocks of those keys once, and keeps them here; records placed during
the batch join the index, so the second view of a new person in the same batch finds the first.
Keys are written once at the end of the batch.

Blocks are capped as in the in-memory ``MatchIndex``: a key keeps the first ``max_block`` records
that carry it and then stops growing (a later record is still compared with those members, its
key is just not stored). So a block read from the database never holds more than ``max_block``
records and a record's cost does not grow with the registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The person model's block cap (``MatcherConfig.max_block_size``); identifier blocks are tiny.
MAX_BLOCK = 200


def hashed(key: str) -> str:
    """Return the stored form of a blocking key."""
    # Keys hold names; hashing keeps the column short and the index small.
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass
class Candidate:
    """A source record that may match: its master (kept current during the batch) and its
    valid attributes.
    """

    master_id: str
    attributes: Mapping[str, Any]


@dataclass
class CandidateIndex:
    """Blocks of the keys one batch carries: the database's members, then the batch's own."""

    max_block: int = MAX_BLOCK
    _blocks: dict[str, list[str]] = field(default_factory=dict)
    _entries: dict[str, Candidate] = field(default_factory=dict)
    _keys_of: dict[str, list[str]] = field(default_factory=dict)
    _new_keys: list[tuple[str, str]] = field(default_factory=list)
    _forgotten: set[str] = field(default_factory=set)

    def load(self, rows: Iterable[tuple[str, str, str, Mapping[str, Any]]]) -> None:
        """Add stored members as ``(key, source record id, master id, attributes)`` rows."""
        for key, record_id, master_id, attributes in rows:
            block = self._blocks.setdefault(key, [])
            if record_id not in block:
                block.append(record_id)
                self._keys_of.setdefault(record_id, []).append(key)
            self._entries.setdefault(record_id, Candidate(master_id, attributes))

    def candidates(self, keys: Sequence[str]) -> list[tuple[str, Candidate]]:
        """Return ``(source record id, candidate)`` of the members of these blocks, by id."""
        found: set[str] = set()
        for key in keys:
            found.update(self._blocks.get(key, ()))
        return [(i, self._entries[i]) for i in sorted(found) if i in self._entries]

    def add(
        self, record_id: str, master_id: str, attributes: Mapping[str, Any], keys: Sequence[str]
    ) -> None:
        """Index a record placed in this batch; its keys are stored where blocks have room."""
        self._entries[record_id] = Candidate(master_id, attributes)
        for key in dict.fromkeys(keys):
            block = self._blocks.setdefault(key, [])
            if record_id in block:
                continue
            if len(block) < self.max_block:
                block.append(record_id)
                self._keys_of.setdefault(record_id, []).append(key)
                self._new_keys.append((record_id, key))

    def forget(self, record_id: str) -> None:
        """Drop a record whose content changed: its stored keys are deleted and rewritten."""
        self._entries.pop(record_id, None)
        for key in self._keys_of.pop(record_id, []):
            block = self._blocks.get(key)
            if block is not None and record_id in block:
                block.remove(record_id)
        self._new_keys = [(r, k) for r, k in self._new_keys if r != record_id]
        self._forgotten.add(record_id)

    def move(self, record_id: str, master_id: str) -> None:
        """Note that a record now belongs to another master."""
        entry = self._entries.get(record_id)
        if entry is not None:
            entry.master_id = master_id

    @property
    def new_keys(self) -> list[tuple[str, str]]:
        """The ``(source record id, key)`` pairs to insert at the end of the batch."""
        return list(self._new_keys)

    @property
    def forgotten(self) -> list[str]:
        """Records whose stored keys must be deleted before the new ones are inserted."""
        return sorted(self._forgotten)
