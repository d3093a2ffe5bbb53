"""Scopes: one per attribute group, as Myinfo grants per attribute and X-Road cannot."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    """Every scope the hub grants."""

    PERSON_IDENTITY_READ = "person.identity:read"
    PERSON_CONTACT_READ = "person.contact:read"
    PERSON_ADDRESS_READ = "person.address:read"
    PERSON_SENSITIVE_READ = "person.sensitive:read"
    LAND_READ = "land:read"
    HEALTH_READ = "health:read"
    CADRE_READ = "cadre:read"
    ORGANIZATION_READ = "organization:read"
    REGISTRY_STEWARD = "registry:steward"
    SYNC_RUN = "sync:run"
    AUDIT_READ = "audit:read"


DESCRIPTIONS: dict[Scope, str] = {
    Scope.PERSON_IDENTITY_READ: "Read a person's citizen ID, name, birth date and sex",
    Scope.PERSON_CONTACT_READ: "Read a person's phone number and e-mail address",
    Scope.PERSON_ADDRESS_READ: "Read a person's permanent address",
    Scope.PERSON_SENSITIVE_READ: (
        "Read a person's sensitive personal data: their ethnic group (Decree 13/2023/NĐ-CP)"
    ),
    Scope.LAND_READ: "Read land parcels and their right holders",
    Scope.HEALTH_READ: "Read health-insurance enrolments",
    Scope.CADRE_READ: "Read civil-servant appointments",
    Scope.ORGANIZATION_READ: "Read organisations and agencies",
    Scope.REGISTRY_STEWARD: "Curate master data: match review, merge, unmerge, overrides",
    Scope.SYNC_RUN: "Run source synchronisation",
    Scope.AUDIT_READ: "Read the access log of every person (oversight bodies)",
}

# Attribute groups that are personal data: reads of them are written to the access log and need
# a purpose. A citizen reading their own health and land data, or the sensitive personal data of
# Decree 13/2023/NĐ-CP (ethnic origin), needs assurance level 2: a stolen level-1 session must
# not reveal them.
PERSONAL_SCOPES: frozenset[Scope] = frozenset(
    {
        Scope.PERSON_IDENTITY_READ,
        Scope.PERSON_CONTACT_READ,
        Scope.PERSON_ADDRESS_READ,
        Scope.PERSON_SENSITIVE_READ,
        Scope.LAND_READ,
        Scope.HEALTH_READ,
        Scope.CADRE_READ,
    }
)
HIGH_ASSURANCE_SCOPES: frozenset[Scope] = frozenset(
    {Scope.LAND_READ, Scope.HEALTH_READ, Scope.PERSON_SENSITIVE_READ}
)

# Scopes a citizen's own session or token carries for their own records.
CITIZEN_SELF_SCOPES: frozenset[Scope] = PERSONAL_SCOPES


def parse_scopes(text: str | None) -> frozenset[Scope]:
    """Parse a space-separated scope string; raises ``ValueError`` naming an unknown scope."""
    found: set[Scope] = set()
    for item in (text or "").split():
        try:
            found.add(Scope(item))
        except ValueError:
            raise ValueError(f"unknown scope {item!r}") from None
    return frozenset(found)


def format_scopes(scopes: frozenset[Scope] | set[Scope]) -> str:
    """Return scopes as a sorted space-separated string."""
    return " ".join(sorted(s.value for s in scopes))
