"""``client_secret_basic`` that does the same work whether or not the client id exists.

authlib's own refuses an unknown client id at once and checks a known one's secret with scrypt,
so the time an answer takes tells which ids exist. Here an unknown client's secret is checked
against a decoy hash (``verify_client_secret`` without a stored hash).
"""

from __future__ import annotations

from collections.abc import Callable

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.util import extract_basic_authorization

from hub.auth.server.client import HubClient
from hub.auth.server.client_secrets import verify_client_secret

SECRET_BASIC = "client_secret_basic"


def authenticate_secret_basic(
    query_client: Callable[[str], HubClient | None], request: OAuth2Request
) -> HubClient | None:
    """Return the client whose id and secret the Basic credentials carry, else ``None``."""
    client_id, secret = extract_basic_authorization(request.headers)
    if not client_id or not secret:
        return None
    client = query_client(client_id)
    if client is None:
        verify_client_secret(secret, None)
        return None
    return client if client.check_client_secret(secret) else None
