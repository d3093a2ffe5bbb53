"""Principals for the stewardship tests."""

from __future__ import annotations

from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import Scope

STEWARD = Principal(
    kind=PrincipalKind.CLIENT, scopes=frozenset({Scope.REGISTRY_STEWARD}), subject="steward-1"
)
READER = Principal(
    kind=PrincipalKind.CLIENT, scopes=frozenset({Scope.PERSON_IDENTITY_READ}), subject="reader"
)
