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
    alternatives: tuple[tuple[str | None, ...], ...] = ()
    """The field values under the record's other readings (``MatcherConfig.readings``)."""


def prepare(config: MatcherConfig, record: MatchRecord) -> Prepared:
    """Normalise ``record`` for ``config``: extract every field and identifier value, and the
    field values of its other readings.
    """
    values = tuple(spec.extract(record) for spec in config.fields)
    alternatives: list[tuple[str | None, ...]] = []
    for reading in config.readings(record) if config.readings else ():
        other = tuple(
            reading.get(spec.name, value) for spec, value in zip(config.fields, values, strict=True)
        )
        if other != values and other not in alternatives:
            alternatives.append(other)
    return Prepared(
        record.id,
        values,
        tuple(spec.extract(record) for spec in config.identifiers),
        tuple(alternatives),
    )


def blocking_keys(config: MatcherConfig, prepared: Prepared) -> tuple[str, ...]:
    """Return the distinct blocking keys of a prepared record.

    Keys are prefixed with their rule's name so that two rules never share a block by chance;
    each valid strong identifier is a key of its own; each reading of the record adds its keys.
    A store of masters can keep these keys in a table to find candidates the way
    ``MatchIndex`` does in memory.
    """
    keys: dict[str, None] = {}
    for spec, value in zip(config.identifiers, prepared.identifiers, strict=True):
        if value is not None:
            keys[f"{spec.name}:{value}"] = None
    for values in (prepared.values, *prepared.alternatives) if config.blocking else ():
        features = dict(zip(config.names, values + prepared.identifiers, strict=True))
        for rule in config.blocking:
            for key in rule.keys(features):
                keys[f"{rule.name}:{key}"] = None
    return tuple(keys)
