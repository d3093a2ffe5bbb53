"""The person master: its columns hold the CURRENT golden values, which sign-in, the access log
and GraphQL read; provenance, history and source records live in the tables beside it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, event
from sqlmodel import AutoString, Field

from hub.registry.kinds.person.name_keys import MAX_KEY_LENGTH, given_first_key, name_key
from hub.registry.pipeline.masters import MasterColumns

NAME_KEY_TYPE = AutoString(length=MAX_KEY_LENGTH).with_variant(
    String(MAX_KEY_LENGTH, collation="C"), "postgresql"
)
"""Folded name keys compare byte by byte (C collation on PostgreSQL, SQLite's default), so that
a prefix is one index range whatever the database's locale."""


class Person(MasterColumns, table=True):
    """A person known to the registry; ``citizen_id`` is a unique attribute, not the key."""

    __tablename__ = "person"

    citizen_id: str | None = Field(default=None, unique=True, max_length=12)
    full_name: str
    # Search keys of full_name (hub.registry.kinds.person.name_keys), set on every flush below.
    full_name_folded: str = Field(default="", sa_type=NAME_KEY_TYPE, index=True)
    given_first_folded: str = Field(default="", sa_type=NAME_KEY_TYPE, index=True)
    birth_date: date | None = None
    sex: str | None = Field(default=None, max_length=8)  # MALE | FEMALE
    phone: str | None = None
    email: str | None = None
    address_commune_code: str | None = Field(default=None, max_length=5)
    address_street: str | None = None
    social_insurance_number: str | None = Field(default=None, index=True, max_length=10)
    # Code of the 2008 statistics-office list (ethnic-groups-2008), whichever list the source
    # used: hub.registry.kinds.person.ethnic_groups translates. Sensitive data (person.sensitive:read).
    ethnic_group: str | None = Field(default=None, max_length=8)


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _keep_name_keys(mapper: Any, connection: Any, person: Person) -> None:
    # Every writer of the golden name (recomputation, sign-in, steward merge and unmerge) goes
    # through the ORM, so the keys follow the name at its one way into the table.
    person.full_name_folded = name_key(person.full_name)
    person.given_first_folded = given_first_key(person.full_name)
