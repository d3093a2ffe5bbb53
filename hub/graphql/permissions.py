"""The one place where reads of personal data are allowed, refused and logged.

Every GraphQL field of a type holding personal data declares its rule here: ``requires(...)``
for an attribute group (its scope is printed in the SDL as ``@requiresScopes``),
``own_data(...)`` for records that belong to one person (their access log, their consents),
``citizen_only()`` for what only a signed-in citizen has (``me``, consent mutations),
``agency_client_only()`` for what an agency client manages for itself (its webhooks), and
``person_lookup()`` on fields that find a person. A field may not hold personal data without
one of them: tests walk the schema to keep it so.

The rules, checked in this order:

1. ANONYMOUS callers get UNAUTHENTICATED.
2. Agency callers (CLIENT, DELEGATED) must state a purpose registered for their client
   (``Hub-Purpose``), else PURPOSE_REQUIRED.
3. The caller must hold the field's scope, else FORBIDDEN; for CITIZEN and DELEGATED callers,
   the health, land and sensitive-data scopes count only at assurance level 2.
4. CITIZEN and DELEGATED callers read only the person they are bound to (the citizen
   themself; the ``sub`` of an agency's delegated token), else FORBIDDEN.

Why this order: steps 1-3 depend on the caller alone, never on the record, so they run first
(at ``person_lookup()`` before any record is looked up, and again on every field) and their
messages are free to be specific. Step 4 depends on the record, so its refusal is one fixed
message at one place: a finder (``Query.person``) refuses an unknown record exactly as it
refuses someone else's. Hence ``person(pin: <unknown>)`` and ``person(pin: <someone else>)``
answer byte for byte alike to a caller without rights, while a caller with rights gets null
for an unknown person. An agency CLIENT is bound to no person: with a scope and a purpose it
may learn whether a citizen ID is known, as its scope allows it to read that person.

Every allowed read of an attribute group is noted for the access log, which
``hub.graphql.access_logging`` writes once the operation is done, in the request's
transaction. A personal field resolved outside that extension fails rather than go unlogged.
Citizens' reads of their own data are logged too (shown to them only on request): a stolen
session shows in the log. Reads of access-log entries and consents (``own_data``) are not
logged again; an oversight body's read of a log is logged where it starts, at
``Person.accessLog``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol, runtime_checkable

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location

from hub.errors import Forbidden, PurposeRequired, Unauthenticated
from hub.graphql.access_logging import current_reads
from hub.kit.clock import utcnow
from hub.principals.principal import ANONYMOUS, AssuranceLevel, Principal, PrincipalKind
from hub.principals.scopes import HIGH_ASSURANCE_SCOPES, Scope

PERSON_ATTRIBUTES: dict[str, tuple[str, Scope]] = {
    "citizen_id": ("citizenId", Scope.PERSON_IDENTITY_READ),
    "social_insurance_number": ("socialInsuranceNumber", Scope.PERSON_IDENTITY_READ),
    "full_name": ("fullName", Scope.PERSON_IDENTITY_READ),
    "birth_date": ("birthDate", Scope.PERSON_IDENTITY_READ),
    "sex": ("sex", Scope.PERSON_IDENTITY_READ),
    "phone": ("phone", Scope.PERSON_CONTACT_READ),
    "email": ("email", Scope.PERSON_CONTACT_READ),
    "address_commune_code": ("addressCommuneCode", Scope.PERSON_ADDRESS_READ),
    "address_street": ("addressStreet", Scope.PERSON_ADDRESS_READ),
    "ethnic_group": ("ethnicGroup", Scope.PERSON_SENSITIVE_READ),
}
"""The one declaration of the golden person attributes' groups: each attribute's GraphQL name
(in provenance and history) and the scope that reads it. ``Person`` fields declare
``attribute_group("phone")``; provenance and history filter their entries by it."""

NOT_YOURS = "Not allowed to read this person's data."
"""The one refusal for a record the caller is not bound to, or that does not exist."""

_AGENCY_KINDS = frozenset({PrincipalKind.CLIENT, PrincipalKind.DELEGATED})
_BOUND_KINDS = frozenset({PrincipalKind.CITIZEN, PrincipalKind.DELEGATED})


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description=(
        "The scopes a caller needs to read this field: any one inner list, all of its scopes "
        "(as Apollo's @requiresScopes). Agencies must also state a purpose (Hub-Purpose)."
    ),
)
class RequiresScopes:
    """SDL marker of a field's scopes, so that agency developers see them in the schema."""

    scopes: list[list[str]]


@runtime_checkable
class OwnedRecord(Protocol):
    """A GraphQL object holding data of one person."""

    @property
    def subject_id(self) -> str:
        """Registry id of the person the data is about."""
        ...


@runtime_checkable
class PersonalSource(OwnedRecord, Protocol):
    """A GraphQL object holding attribute groups of one person, whose reads are logged."""

    def attribute_name(self, field_name: str) -> str:
        """The name the access log gives to ``field_name`` of this object."""
        ...


def check_principal(principal: Principal, scopes: frozenset[Scope]) -> None:
    """Rules 1-3: raise unless ``principal`` may read data needing any one of ``scopes``."""
    if principal.is_anonymous:
        raise Unauthenticated("Sign in, or present an access token, to read personal data.")
    if principal.kind in _AGENCY_KINDS and (
        principal.purpose is None or principal.purpose not in principal.allowed_purposes
    ):
        raise PurposeRequired(
            "State a purpose registered for your client in the Hub-Purpose header to read "
            "personal data."
        )
    held = scopes & principal.scopes
    if not held:
        raise Forbidden(f"Needs the scope {' or '.join(sorted(scopes))}.")
    needs_level_2 = principal.kind in _BOUND_KINDS and principal.assurance < AssuranceLevel.LEVEL_2
    if needs_level_2 and held <= HIGH_ASSURANCE_SCOPES:
        raise Forbidden("Needs an e-identity sign-in at assurance level 2.")


def usable_scopes(principal: Principal) -> frozenset[Scope]:
    """The scopes ``principal`` may read with now: for CITIZEN and DELEGATED callers below
    assurance level 2, not the high-assurance ones (rule 3, for fields listing several groups).
    """
    if principal.kind in _BOUND_KINDS and principal.assurance < AssuranceLevel.LEVEL_2:
        return principal.scopes - HIGH_ASSURANCE_SCOPES
    return principal.scopes


def check_subject(principal: Principal, person_id: str | None) -> None:
    """Rule 4: raise ``NOT_YOURS`` unless ``principal`` may read ``person_id`` (None: unknown)."""
    if principal.kind in _BOUND_KINDS and (person_id is None or person_id != principal.person_id):
        raise Forbidden(NOT_YOURS)


def current_principal(info: strawberry.Info) -> Principal:
    """The caller of the operation: anonymous once its credentials expired."""
    principal: Principal = info.context.principal
    if principal.has_expired(utcnow()):
        # The middleware checks a token once per connection; a WebSocket stays open after its
        # token expired, and every operation on it would otherwise still read with it.
        return ANONYMOUS
    return principal


def _personal(source: Any) -> PersonalSource:
    if not isinstance(source, PersonalSource):
        raise TypeError(f"{type(source).__name__} holds no attribute groups of a person")
    return source


def _owned(source: Any) -> OwnedRecord:
    if not isinstance(source, OwnedRecord):
        raise TypeError(f"{type(source).__name__} holds no record of a person")
    return source


class RequiresScope(BasePermission):
    """An attribute-group field of a person: rules 1-4, then the read is logged."""

    def __init__(self, *scopes: Scope, group: str | None = None) -> None:
        if not scopes or (group is None and len(scopes) > 1):
            raise ValueError("give one scope, or several and the group they are logged as")
        self.scopes = frozenset(scopes)
        self.group = group or scopes[0].value
        self._directive = RequiresScopes(scopes=[[s.value] for s in sorted(self.scopes)])

    @property
    def schema_directive(self) -> object:
        """The ``@requiresScopes`` directive printed on the field."""
        return self._directive

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow, and log, or raise the error of the first rule broken."""
        principal = current_principal(info)
        check_principal(principal, self.scopes)
        person = _personal(source)
        check_subject(principal, person.subject_id)
        current_reads().record(
            person.subject_id, self.group, person.attribute_name(info.field_name)
        )
        return True


class PersonLookup(RequiresScope):
    """A field that finds persons: rules 1-3 before the lookup; the finder applies rule 4."""

    def __init__(self, *scopes: Scope) -> None:
        super().__init__(*scopes, group="lookup")

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow or raise, depending on the caller alone."""
        check_principal(current_principal(info), self.scopes)
        return True


class OwnData(BasePermission):
    """A record of one person (a log entry, a consent): that citizen, or ``scope``'s holders."""

    def __init__(self, scope: Scope | None = None) -> None:
        self.scope = scope

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow the owner; others need the scope, a purpose and to be bound to the person."""
        principal = current_principal(info)
        subject = _owned(source).subject_id
        if principal.kind is PrincipalKind.CITIZEN and principal.person_id == subject:
            return True
        if principal.is_anonymous:
            raise Unauthenticated("Sign in to read personal data.")
        if self.scope is None:
            raise Forbidden(NOT_YOURS)
        check_principal(principal, frozenset({self.scope}))
        check_subject(principal, subject)
        return True


class CitizenOnly(BasePermission):
    """What only a signed-in citizen has: their own page, their consents."""

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow CITIZEN principals bound to a person."""
        principal = current_principal(info)
        if principal.is_anonymous:
            raise Unauthenticated("Sign in with your e-identity to use this field.")
        if principal.kind is not PrincipalKind.CITIZEN or principal.person_id is None:
            raise Forbidden("Only a signed-in citizen may use this field.")
        return True


class AgencyClientOnly(BasePermission):
    """What an agency system manages for itself (its webhook endpoints): a CLIENT principal
    acting on its own with a purpose registered for it (rules 1-2); the resolver keeps it to
    its own records."""

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow an agency client with a registered purpose."""
        principal = current_principal(info)
        if principal.is_anonymous:
            raise Unauthenticated("Present an agency client's access token.")
        if principal.kind is not PrincipalKind.CLIENT or principal.client_id is None:
            raise Forbidden("Only an agency client acting on its own may use this field.")
        check_principal(principal, principal.scopes or frozenset(Scope))
        return True


def requires(*scopes: Scope, group: str | None = None) -> list[FieldExtension]:
    """Declare an attribute-group field (any one of ``scopes``; several need a ``group``)."""
    return [PermissionExtension(permissions=[RequiresScope(*scopes, group=group)])]


def person_lookup(*scopes: Scope) -> list[FieldExtension]:
    """Declare a field that finds persons for holders of any one of ``scopes``."""
    return [PermissionExtension(permissions=[PersonLookup(*scopes)])]


def own_data(scope: Scope | None = None) -> list[FieldExtension]:
    """Declare a field of a record that belongs to one person."""
    return [PermissionExtension(permissions=[OwnData(scope)], use_directives=False)]


def citizen_only() -> list[FieldExtension]:
    """Declare a field only a signed-in citizen may use."""
    return [PermissionExtension(permissions=[CitizenOnly()], use_directives=False)]


def agency_client_only() -> list[FieldExtension]:
    """Declare a field an agency client uses for itself."""
    return [PermissionExtension(permissions=[AgencyClientOnly()], use_directives=False)]


def attribute_group(attribute: str) -> list[FieldExtension]:
    """Declare a field showing the golden person ``attribute``, under its group's scope."""
    return requires(PERSON_ATTRIBUTES[attribute][1])


class HoldsScope(BasePermission):
    """Callers holding one scope that is not about a person's data (stewardship, organizations):
    rules 1 and 3, with messages that say what the scope is for.
    """

    def __init__(self, scope: Scope, action: str) -> None:
        self.scope = scope
        self.action = action

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow, or raise UNAUTHENTICATED / FORBIDDEN."""
        principal = current_principal(info)
        if principal.is_anonymous:
            raise Unauthenticated(f"Sign in, or present an access token, to {self.action}.")
        if not principal.has_scope(self.scope):
            raise Forbidden(f"Needs the scope {self.scope.value}.")
        return True


def steward_only() -> list[FieldExtension]:
    """Declare a field that needs ``registry:steward``."""
    permission = HoldsScope(Scope.REGISTRY_STEWARD, "curate master data")
    return [PermissionExtension(permissions=[permission], use_directives=False)]


class HoldsAnyScope(BasePermission):
    """Callers holding any one of several scopes that are not about a person's data."""

    def __init__(self, scopes: frozenset[Scope], action: str) -> None:
        self.scopes = scopes
        self.action = action

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow, or raise UNAUTHENTICATED / FORBIDDEN."""
        principal = current_principal(info)
        if principal.is_anonymous:
            raise Unauthenticated(f"Sign in, or present an access token, to {self.action}.")
        if not self.scopes & principal.scopes:
            raise Forbidden(f"Needs the scope {' or '.join(sorted(self.scopes))}.")
        return True


def sync_reader() -> list[FieldExtension]:
    """Declare a field showing adapters, runs and dead letters: ``sync:run`` (operators) or
    ``registry:steward`` (stewards reading what arrived)."""
    permission = HoldsAnyScope(
        frozenset({Scope.SYNC_RUN, Scope.REGISTRY_STEWARD}), "read the adapters' runs"
    )
    return [PermissionExtension(permissions=[permission], use_directives=False)]


def sync_operator() -> list[FieldExtension]:
    """Declare a field that runs or repairs syncs: ``sync:run``."""
    permission = HoldsScope(Scope.SYNC_RUN, "run adapters and handle their dead letters")
    return [PermissionExtension(permissions=[permission], use_directives=False)]


def organization_reader() -> list[FieldExtension]:
    """Declare a field that needs ``organization:read``."""
    permission = HoldsScope(Scope.ORGANIZATION_READ, "read organizations")
    return [PermissionExtension(permissions=[permission], use_directives=False)]


def check_holders(principal: Principal, holders: Collection[str]) -> None:
    """Rule 4 for a record several persons hold (a parcel): a citizen, or an agency acting for
    one, reads it only when that citizen is among ``holders``; an unknown record (no holders)
    is refused alike.
    """
    check_subject(principal, principal.person_id if principal.person_id in holders else None)


class AnyPersonGroup(RequiresScope):
    """A person field listing attributes of several groups (provenance, history): rules 1-4
    for any one person scope; the resolver shows and logs only the groups the caller holds.
    """

    def __init__(self, *scopes: Scope) -> None:
        super().__init__(*scopes, group="person.any")

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        """Allow, or raise the error of the first rule broken; logging is the resolver's."""
        principal = current_principal(info)
        check_principal(principal, self.scopes)
        check_subject(principal, _personal(source).subject_id)
        return True


def any_person_group() -> list[FieldExtension]:
    """Declare a person field whose entries each belong to an attribute group."""
    scopes = {scope for _, scope in PERSON_ATTRIBUTES.values()}
    return [PermissionExtension(permissions=[AnyPersonGroup(*sorted(scopes))])]
