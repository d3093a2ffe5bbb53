"""The hub as an OpenID Connect relying party: authorization code flow with PKCE S256,
``state`` and ``nonce`` bound to the browser, ID token checked, ``acr`` mapped, person linked."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.eid.assurance import assurance_for
from hub.auth.eid.config import EidConfig
from hub.auth.eid.discovery import DiscoveryCache
from hub.auth.eid.errors import SignInRefused
from hub.auth.eid.id_token import validate_id_token
from hub.auth.eid.jwks import KeyCache
from hub.auth.eid.login_state import LoginState, new_login_state
from hub.auth.eid.person_link import link_person, verified_citizen_id
from hub.auth.eid.provider_http import ProviderHttp
from hub.auth.eid.session import CitizenSession
from hub.auth.eid.token_request import exchange_code
from hub.principals.principal import AssuranceLevel

_EXPIRED = (
    "Phiên đăng nhập đã hết hạn hoặc không bắt đầu từ trình duyệt này. / This sign-in has "
    "expired or was not started in this browser; please start again."
)
_MISMATCH = (
    "Phản hồi đăng nhập không khớp với yêu cầu của trình duyệt này. / The sign-in response does "
    "not match the request made by this browser; please start again."
)
_CANCELLED = (
    "Bạn đã huỷ hoặc từ chối đăng nhập tại hệ thống định danh điện tử. / You cancelled or "
    "refused the sign-in at the e-identity provider."
)
_PROVIDER_ERROR = (
    "Hệ thống định danh điện tử báo lỗi khi đăng nhập. / The e-identity provider reported an "
    "error during sign-in; please start again."
)


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class RelyingParty:
    """Starts and completes e-identity sign-ins for one provider configuration."""

    def __init__(
        self, config: EidConfig, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config
        self._http = ProviderHttp(config.http_timeout_seconds, transport)
        self._discovery = DiscoveryCache(config, self._http)
        self._keys = KeyCache(self._http, config.metadata_cache_seconds)

    async def start(self, next_path: str, level: AssuranceLevel | None) -> tuple[str, LoginState]:
        """Return the provider's authorization URL and the login state to bind to the browser.

        ``level`` asks the provider for at least that level; it is advisory, the answer's
        ``acr`` decides.
        """
        metadata = await self._discovery.metadata()
        login = new_login_state(next_path, self.config.issuer)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": self.config.redirect_uri,
                "scope": self.config.scopes,
                "state": login.state,
                "nonce": login.nonce,
                "code_challenge": login.code_challenge,
                "code_challenge_method": "S256",
                "acr_values": self.config.acr_values_for(level),
            }
        )
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return f"{metadata.authorization_endpoint}{separator}{query}", login

    async def complete(
        self, session: AsyncSession, params: Mapping[str, str], login: LoginState | None
    ) -> CitizenSession:
        """Check the authorization response in ``params`` against ``login``, redeem the code,
        validate the ID token and return the session of the person it identifies."""
        if login is None or login.issuer != self.config.issuer:
            raise SignInRefused(_EXPIRED, detail="callback without a valid login-state cookie")
        metadata = await self._discovery.metadata()
        iss = params.get("iss")
        if (iss is not None or metadata.iss_parameter_supported) and iss != self.config.issuer:
            raise SignInRefused(_MISMATCH, detail=f"authorization response iss {iss!r}")
        if not _same(params.get("state"), login.state):
            raise SignInRefused(_MISMATCH, detail="state does not match the login-state cookie")
        error = params.get("error")
        if error is not None:
            message = _CANCELLED if error == "access_denied" else _PROVIDER_ERROR
            raise SignInRefused(message, detail=f"authorization response error {error!r}")
        code = params.get("code")
        if not code:
            raise SignInRefused(_PROVIDER_ERROR, detail="authorization response without code")
        tokens = await exchange_code(
            self._http, self.config, metadata, code=code, code_verifier=login.code_verifier
        )
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise SignInRefused(_PROVIDER_ERROR, detail="token response without id_token")
        claims = await validate_id_token(
            id_token, config=self.config, metadata=metadata, keys=self._keys, nonce=login.nonce
        )
        acr = claims.get("acr")
        level = assurance_for(acr, self.config)
        citizen_id = await verified_citizen_id(session, claims, self.config.citizen_id_claim)
        person = await link_person(session, claims, citizen_id)
        auth_time = claims.get("auth_time", claims["iat"])
        return CitizenSession(
            person_id=person.id,
            citizen_id=citizen_id,
            assurance=level,
            auth_time=datetime.fromtimestamp(auth_time, UTC),
            acr=str(acr),
        )
