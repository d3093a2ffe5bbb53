"""What one request read: (person, attribute group) pairs with the attributes, and who read.

The API layer fills a ``ReadCollector`` while it resolves fields and hands it, with the
``Reader``, to ``hub.audit.service.append_reads`` once the request is done.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_GROUP = "person.id"
"""Pseudo attribute group of a person's opaque id: logged only when nothing else was read."""


@dataclass(frozen=True)
class Reader:
    """Who read, as the access log names them.

    ``kind`` is CLIENT (an agency system), DELEGATED (an agency acting for ``end_user``) or
    CITIZEN (``end_user`` reading their own data).
    """

    kind: str
    client_id: str | None = None
    agency_code: str | None = None
    end_user: str | None = None
    token_id: str | None = None
    purpose_code: str | None = None
    case: str | None = None


@dataclass(frozen=True)
class Read:
    """One attribute group of one person read by a request, with the attributes read."""

    person_id: str
    attribute_group: str
    attributes: tuple[str, ...]


class ReadCollector:
    """Collects the reads of one request; many fields of one group make one read."""

    def __init__(self) -> None:
        self._attributes: dict[tuple[str, str], set[str]] = {}

    def record(self, person_id: str, attribute_group: str, attribute: str) -> None:
        """Note that ``attribute`` of ``attribute_group`` of ``person_id`` was read."""
        self._attributes.setdefault((person_id, attribute_group), set()).add(attribute)

    def take(self) -> list[Read]:
        """Return the reads, as ``reads``, and forget them: each is logged once."""
        reads = self.reads()
        self._attributes.clear()
        return reads

    def reads(self) -> list[Read]:
        """Return the reads in a stable order; a bare id read is folded into other reads."""
        persons_with_data = {person for person, group in self._attributes if group != ID_GROUP}
        return [
            Read(person_id=person, attribute_group=group, attributes=tuple(sorted(attributes)))
            for (person, group), attributes in sorted(self._attributes.items())
            if not (group == ID_GROUP and person in persons_with_data)
        ]
