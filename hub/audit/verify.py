"""Verification of the access log: every chain recomputed, every anchor reached.

A chain shows an edited entry (its hash no longer matches), a deleted entry (a gap in the
sequence or a broken link), and an inserted one (a broken link or a wrong hash). An anchor
shows a chain cut back or rewritten up to a head recorded earlier. Request rows must count the
entries that name them. What it cannot show: a chain rewritten from the first entry after the
last anchor by someone who can also write anchors; publish anchors outside the database
(``hub audit anchor`` prints them) to close that gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import repository
from hub.audit.chain import GENESIS, entry_hash
from hub.audit.models import AccessAnchor, AccessEntry
from hub.kit.plural import counted

BATCH = 2000


@dataclass(frozen=True)
class Problem:
    """One defect found, naming where the chain first goes wrong."""

    shard: int | None
    seq: int | None
    entry_id: str | None
    reason: str

    def __str__(self) -> str:
        """Render as ``shard S seq N entry ID: reason`` (or just the reason)."""
        where = []
        if self.shard is not None:
            where.append(f"shard {self.shard}")
        if self.seq is not None:
            where.append(f"seq {self.seq}")
        if self.entry_id is not None:
            where.append(f"entry {self.entry_id}")
        return f"{' '.join(where)}: {self.reason}" if where else self.reason


@dataclass
class Report:
    """The outcome of ``verify``: counts, and the problems in shard order (empty when OK)."""

    shards: int = 0
    entries: int = 0
    anchors: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


async def verify(session: AsyncSession) -> Report:
    """Recompute every chain and check anchors and request counts; read-only."""
    report = Report()
    all_anchors = await repository.anchors(session)
    report.anchors = len(all_anchors)
    for shard in await repository.shards_in_use(session):
        report.shards += 1
        anchored = [a for a in all_anchors if a.shard == shard]
        problem, count = await _verify_shard(session, shard, anchored)
        report.entries += count
        if problem is not None:
            report.problems.append(problem)
    for request_id, expected, found in await repository.requests_with_wrong_counts(session):
        logged = counted(expected, "entry", "entries")
        report.problems.append(
            Problem(None, None, None, f"request {request_id} logged {logged}, found {found}")
        )
    for orphan in await repository.orphan_entries(session):
        report.problems.append(
            Problem(orphan.shard, orphan.seq, orphan.id, "its request row is missing")
        )
    return report


async def _verify_shard(
    session: AsyncSession, shard: int, anchored: list[AccessAnchor]
) -> tuple[Problem | None, int]:
    """Walk one chain; return its first problem (or None) and the number of entries."""
    expected_at = {a.seq: a for a in anchored}
    seq, prev_hash, count = 0, GENESIS, 0
    while True:
        entries = await repository.chain_page(session, shard, after_seq=seq, limit=BATCH)
        if not entries:
            break
        for entry in entries:
            count += 1
            problem = _check(entry, seq + 1, prev_hash, expected_at.get(entry.seq))
            if problem is not None:
                return problem, count
            seq, prev_hash = entry.seq, entry.hash
    beyond = [a for a in anchored if a.seq > seq]
    if beyond:
        first = min(beyond, key=lambda a: a.seq)
        return (
            Problem(
                shard,
                first.seq,
                None,
                f"anchored head (anchor {first.id} of {first.anchored_at.isoformat()}) is "
                f"missing: the chain ends at seq {seq} (entries deleted from its end)",
            ),
            count,
        )
    return None, count


def _check(
    entry: AccessEntry, expected_seq: int, prev_hash: str, anchor: AccessAnchor | None
) -> Problem | None:
    def problem(reason: str) -> Problem:
        return Problem(entry.shard, entry.seq, entry.id, reason)

    if entry.seq != expected_seq:
        return problem(f"expected seq {expected_seq}: entries before it are missing (deleted)")
    if entry.hash != entry_hash(entry):
        return problem("hash does not match the entry's content (entry edited or forged)")
    if entry.prev_hash != prev_hash:
        return problem("prev_hash does not link to the previous entry (entry inserted or edited)")
    if anchor is not None and anchor.hash != entry.hash:
        return problem(f"differs from anchor {anchor.id} (chain rewritten up to an anchored head)")
    return None
