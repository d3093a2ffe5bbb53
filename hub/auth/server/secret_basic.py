"""``client_secret_basic`` that does the same work whether or not the client id exists.

authlib's own refuses an unknown client id at once and checks a known one's secret with scrypt,
so the time an answer takes tells which ids exist. Here an unknown client's secret is checked
against a decoy hash (``verify_client_secret`` without a stored hash). In production a secret
the hub's documentation publishes (the demo clients') authenticates nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.util import extract_basic_authorization

from hub.auth.client_secrets import verify_client_secret
from hub.auth.published_secrets import is_published_secret, refuses_published_secrets
from hub.auth.server.client import HubClient
from hub.settings import Settings

SECRET_BASIC = "client_secret_basic"

logger = logging.getLogger("hub.auth.server")


class SecretBasicAuthentication:
    """authlib's client authentication method ``client_secret_basic``, the hub's way."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(
        self, query_client: Callable[[str], HubClient | None], request: OAuth2Request
    ) -> HubClient | None:
        """Return the client whose id and secret the Basic credentials carry, else ``None``."""
        client_id, secret = extract_basic_authorization(request.headers)
        if not client_id or not secret:
            return None
        client = query_client(client_id)
        if client is None:
            verify_client_secret(secret, None)
            return None
        if refuses_published_secrets(self.settings) and is_published_secret(secret):
            verify_client_secret(secret, None)
            logger.warning(
                "client %s presented a published demo secret in production: refused", client_id
            )
            return None
        return client if client.check_client_secret(secret) else None
