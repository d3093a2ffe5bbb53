"""Blocking: only records that share a key are compared, so cost grows with the number of
records, not with its square.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from hub.registry.matching.config import MatcherConfig
from hub.registry.matching.prepared import Prepared, blocking_keys, prepare
from hub.registry.matching.record import MatchRecord


class MatchIndex:
    """An incremental blocking index of prepared records.

    Each block keeps the first ``max_block_size`` records with its key and then stops growing;
    a record added later is still compared with those members. So adding a record never
    removes a candidate pair, and a record costs at most (keys × block size) comparisons.
    Keys are kept as their hashes to save memory; a collision only adds a candidate pair.
    """

    def __init__(self, config: MatcherConfig, records: Iterable[MatchRecord] = ()) -> None:
        self.config = config
        self._entries: list[Prepared] = []
        # A block holding one record stores its position directly: most keys are singletons.
        self._blocks: dict[int, int | list[int]] = {}
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._entries)

    def prepare(self, record: MatchRecord) -> tuple[Prepared, tuple[int, ...]]:
        """Return the record prepared for this index's config, with its hashed keys."""
        prepared = prepare(self.config, record)
        return prepared, tuple(hash(key) for key in blocking_keys(self.config, prepared))

    def add(self, record: MatchRecord) -> Prepared:
        """Add a record and return it prepared."""
        prepared, keys = self.prepare(record)
        self.add_prepared(prepared, keys)
        return prepared

    def add_prepared(self, prepared: Prepared, keys: Sequence[int]) -> int:
        """Add a prepared record under its hashed keys; return its position."""
        position = len(self._entries)
        self._entries.append(prepared)
        limit = self.config.max_block_size
        for key in keys:
            block = self._blocks.get(key)
            if block is None:
                self._blocks[key] = position
            elif isinstance(block, int):
                self._blocks[key] = [block, position]
            elif len(block) < limit:
                block.append(position)
        return position

    def candidate_positions(self, keys: Iterable[int]) -> set[int]:
        """Return the positions of every record sharing at least one of ``keys``."""
        found: set[int] = set()
        for key in keys:
            block = self._blocks.get(key)
            if block is None:
                continue
            if isinstance(block, int):
                found.add(block)
            else:
                found.update(block)
        return found

    def candidates(self, record: MatchRecord) -> list[Prepared]:
        """Return the indexed records sharing a blocking key with ``record``, oldest first."""
        _, keys = self.prepare(record)
        return [self._entries[i] for i in sorted(self.candidate_positions(keys))]

    def entry(self, position: int) -> Prepared:
        """Return the prepared record at ``position``."""
        return self._entries[position]


def candidate_pairs(
    config: MatcherConfig, records: Sequence[MatchRecord]
) -> Iterator[tuple[int, int]]:
    """Yield each candidate pair ``(i, j)`` of positions in ``records`` once, ``i < j``.

    Records are indexed in order, so pairs found for the first records do not depend on the
    ones after them.
    """
    return prepared_pairs(config, (prepare(config, record) for record in records))


def prepared_pairs(
    config: MatcherConfig, prepared: Iterable[Prepared]
) -> Iterator[tuple[int, int]]:
    """Yield the candidate pairs of already prepared records, as ``candidate_pairs`` does."""
    index = MatchIndex(config)
    for j, entry in enumerate(prepared):
        keys = tuple(hash(key) for key in blocking_keys(config, entry))
        for i in sorted(index.candidate_positions(keys)):
            yield i, j
        index.add_prepared(entry, keys)
