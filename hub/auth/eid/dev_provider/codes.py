"""Authorization codes of the development provider: signed, short-lived and single-use.

A code carries its own grant (signed with a key derived from ``HUB_SESSION_SECRET``), so
several workers sharing that secret accept each other's codes; the record of used codes is per
process, which is enough for a development provider.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from hub.auth.eid.signed_values import sign_value, unsign_value
from hub.auth.eid.signing_key import cookie_key
from hub.settings import Settings

CODE_LIFETIME_SECONDS = 60
_PURPOSE = "dev-eid-code"


@dataclass(frozen=True)
class CodeGrant:
    """What the citizen granted on the authorize page, redeemed at the token endpoint."""

    citizen_key: str
    client_id: str
    redirect_uri: str
    scope: str
    code_challenge: str
    nonce: str | None
    auth_time: int
    expires_at: int
    code_id: str


def new_grant(
    *,
    citizen_key: str,
    client_id: str,
    redirect_uri: str,
    scope: str,
    code_challenge: str,
    nonce: str | None,
) -> CodeGrant:
    """Return a grant made now that expires after ``CODE_LIFETIME_SECONDS``."""
    now = int(time.time())
    return CodeGrant(
        citizen_key=citizen_key,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        code_challenge=code_challenge,
        nonce=nonce,
        auth_time=now,
        expires_at=now + CODE_LIFETIME_SECONDS,
        code_id=secrets.token_urlsafe(16),
    )


class CodeBook:
    """Issues codes and redeems each at most once."""

    def __init__(self, settings: Settings) -> None:
        self._key = cookie_key(settings, _PURPOSE)
        self._used: dict[str, int] = {}

    def issue(self, grant: CodeGrant) -> str:
        """Return the code that carries ``grant``."""
        return sign_value(self._key, _PURPOSE, asdict(grant))

    def redeem(self, code: str) -> CodeGrant | None:
        """Return the grant of ``code`` the first time it is redeemed before it expires."""
        payload = unsign_value(self._key, _PURPOSE, code)
        if payload is None:
            return None
        try:
            grant = CodeGrant(**payload)
        except TypeError:
            return None
        now = int(time.time())
        self._used = {code_id: exp for code_id, exp in self._used.items() if exp > now}
        if grant.expires_at <= now or grant.code_id in self._used:
            return None
        self._used[grant.code_id] = grant.expires_at
        return grant
