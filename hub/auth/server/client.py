"""A registered client as authlib's ``ClientMixin`` sees it."""

from __future__ import annotations

from authlib.oauth2.rfc6749 import ClientMixin

from hub.auth.client_secrets import verify_client_secret
from hub.auth.clients import ClientRecord

OPENID = "openid"


class HubClient(ClientMixin):  # type: ignore[misc]
    """authlib's view of a ``ClientRecord``."""

    def __init__(self, record: ClientRecord) -> None:
        self.record = record
        self.client_id = record.client_id

    @property
    def agency_code(self) -> str | None:
        """The code of the agency the client belongs to."""
        return self.record.client.agency_code

    @property
    def purposes(self) -> frozenset[str]:
        """The purposes the client may state."""
        return frozenset(self.record.purposes)

    @property
    def registered_scopes(self) -> frozenset[str]:
        """The scopes the client may ask for (``openid`` too when it signs citizens in)."""
        scopes = set(self.record.client.scope.split())
        if "authorization_code" in self.record.client.grant_types:
            scopes.add(OPENID)
        return frozenset(scopes)

    def get_client_id(self) -> str:
        """Return the client id."""
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        """Return the only registered redirect URI; with several, the request must name one."""
        uris = self.record.client.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """Return the requested scope when the client may have all of it, else ``None``.

        Without a requested scope the client gets its registered API scopes. A scope it is not
        registered for is refused rather than silently dropped, so that a developer sees why.
        """
        if not scope:
            return " ".join(sorted(self.registered_scopes - {OPENID}))
        requested = scope.split()
        if not set(requested) <= self.registered_scopes:
            return None
        return " ".join(sorted(set(requested)))

    def unregistered_scopes(self, scope: str | None) -> list[str]:
        """Return the requested scopes the client is not registered for."""
        return sorted(set((scope or "").split()) - self.registered_scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact string match against the registered URIs (no prefix or pattern matching)."""
        return redirect_uri in self.record.client.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        """Compare with the stored scrypt hash in constant time."""
        return verify_client_secret(client_secret, self.record.client.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """The client authenticates everywhere with the one method it registered."""
        return method == self.record.client.token_endpoint_auth_method

    def check_response_type(self, response_type: str) -> bool:
        """Only ``code``, for clients registered for the authorization-code grant."""
        return response_type == "code" and self.check_grant_type("authorization_code")

    def check_grant_type(self, grant_type: str) -> bool:
        """Tell whether the client is registered for ``grant_type``."""
        return grant_type in self.record.client.grant_types
