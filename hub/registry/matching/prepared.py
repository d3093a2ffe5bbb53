"""Records normalised once, so that each pair compares ready values."""

from __future__ import annotations

from dataclasses import dataclass

from hub.registry.matching.config import MatcherConfig
from hub.registry.matching.record import MatchRecord


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record reduced to what matching needs: its id and the normalised value of every
    field and strong identifier, in the order of the config.
    """

    id: str
    values: tuple[str | None, ...]
    identifiers: tuple[str | None, ...]


def prepare(config: MatcherConfig, record: MatchRecord) -> Prepared:
    """Normalise ``record`` for ``config``: extract every field and identifier value."""
    return Prepared(
        record.id,
        tuple(spec.extract(record) for spec in config.fields),
        tuple(spec.extract(record) for spec in config.identifiers),
    )


def blocking_keys(config: MatcherConfig, prepared: Prepared) -> tuple[str, ...]:
    """Return the distinct blocking keys of a prepared record.

    Keys are prefixed with their rule's name so that two rules never share a block by chance;
    each valid strong identifier is a key of its own. A store of masters can keep these keys
    in a table to find candidates the way ``MatchIndex`` does in memory.
    """
    keys: dict[str, None] = {}
    for spec, value in zip(config.identifiers, prepared.identifiers, strict=True):
        if value is not None:
            keys[f"{spec.name}:{value}"] = None
    if config.blocking:
        features = dict(zip(config.names, prepared.values + prepared.identifiers, strict=True))
        for rule in config.blocking:
            for key in rule.keys(features):
                keys[f"{rule.name}:{key}"] = None
    return tuple(keys)
