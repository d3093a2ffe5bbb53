"""Who is calling: the principal every service receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum

from hub.principals.scopes import Scope


class PrincipalKind(StrEnum):
    """How the caller authenticated."""

    ANONYMOUS = "ANONYMOUS"
    CLIENT = "CLIENT"  # an agency system with its own token (client_credentials)
    CITIZEN = "CITIZEN"  # a citizen signed in with e-identity, acting for themself
    DELEGATED = "DELEGATED"  # an agency client acting for a citizen (token exchange, ``act``)


class AssuranceLevel(int, Enum):
    """The hub's levels of assurance (mapped from the e-identity provider's ``acr``)."""

    NONE = 0
    LEVEL_1 = 1  # VNeID level 1: identity data verified against the population database
    LEVEL_2 = 2  # VNeID level 2: biometrics verified in person


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request.

    ``person_id`` is the registry id of the citizen (for CITIZEN and DELEGATED); ``client_id``
    and ``agency_code`` name the agency system (for CLIENT and DELEGATED). ``purpose`` and
    ``case`` come from the ``Hub-Purpose`` and ``Hub-Case`` headers. ``expires_at`` is when
    the credentials stop being valid (an access token's ``exp``, clock skew included, or the
    end of the citizen's session cookie), for connections that outlive the moment they were
    checked (WebSocket). ``grant_id`` is the token's ``sid`` (the grant it was issued under),
    so that such a connection can ask again whether the grant was revoked.
    """

    kind: PrincipalKind
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    client_id: str | None = None
    agency_code: str | None = None
    person_id: str | None = None
    subject: str | None = None
    assurance: AssuranceLevel = AssuranceLevel.NONE
    token_id: str | None = None
    grant_id: str | None = None
    purpose: str | None = None
    case: str | None = None
    allowed_purposes: frozenset[str] = field(default_factory=frozenset)
    expires_at: datetime | None = None

    @property
    def is_anonymous(self) -> bool:
        """True for a caller without credentials."""
        return self.kind is PrincipalKind.ANONYMOUS

    def has_expired(self, now: datetime) -> bool:
        """True once the credentials the principal was built from are no longer valid."""
        return self.expires_at is not None and now >= self.expires_at

    def has_scope(self, scope: Scope) -> bool:
        """Tell whether the principal holds ``scope``."""
        return scope in self.scopes


ANONYMOUS = Principal(kind=PrincipalKind.ANONYMOUS)
