"""What every hub grant reads: the request's snapshot, through its server."""

from __future__ import annotations

from typing import Any, cast

from authlib.oauth2.rfc6749 import InvalidScopeError

from hub.auth.server.adapter import HubAuthorizationServer
from hub.auth.server.client import HubClient
from hub.auth.server.snapshot import Snapshot

CONFIDENTIAL_METHODS = ["client_secret_basic", "private_key_jwt"]
ALL_METHODS = [*CONFIDENTIAL_METHODS, "none"]


def snapshot_of(grant: Any) -> Snapshot:
    """Return the snapshot of the request ``grant`` handles."""
    return cast(HubAuthorizationServer, grant.server).snapshot


def allowed_scope(client: HubClient, requested: str | None) -> str:
    """Return the scope to grant ``client``; refuse one it is not registered for, naming it."""
    scope = client.get_allowed_scope(requested)
    if scope is None:
        missing = " ".join(client.unregistered_scopes(requested))
        raise InvalidScopeError(f"The client is not registered for the scope '{missing}'.")
    return scope
