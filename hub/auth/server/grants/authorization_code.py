"""``authorization_code`` with PKCE: a citizen allows a client; ID token for ``openid``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant

from hub.auth.server.adapter import printable
from hub.auth.server.client import OPENID, HubClient
from hub.auth.server.effects import CODE_REUSE, CreateGrant, RedeemCode, RevokeGrant
from hub.auth.server.grants.base import ALL_METHODS, allowed_scope, snapshot_of
from hub.auth.server.hashing import token_hash
from hub.auth.server.issuance import GrantUser
from hub.auth.server.models import AuthorizationCode, OAuthGrant
from hub.auth.server.snapshot import CodeRecord
from hub.auth.tokens import issue_id_token
from hub.kit.text import has_control_characters

# FAPI 2.0 asks for at most 60 seconds: the code only has to survive one redirect.
CODE_LIFETIME = timedelta(seconds=60)
MAX_NONCE_LENGTH = 255


@dataclass(frozen=True)
class CodeView:
    """An unused, unexpired authorization code as authlib and the PKCE extension read it."""

    record: CodeRecord

    @property
    def code_challenge(self) -> str:
        """The PKCE challenge of the authorization request."""
        return self.record.code.code_challenge

    @property
    def code_challenge_method(self) -> str:
        """Always S256."""
        return self.record.code.code_challenge_method

    def get_redirect_uri(self) -> str | None:
        """The redirect URI the authorization request named (the token request must repeat it)."""
        return self.record.code.redirect_uri

    def get_scope(self) -> str:
        """The scope the citizen allowed."""
        return self.record.grant.scope


class HubAuthorizationCodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    """authlib's grant over the snapshot; a reused code revokes everything issued from it."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    @staticmethod
    def validate_authorization_redirect_uri(request: OAuth2Request, client: HubClient) -> str:
        """Exact match with a registered URI, or the only one registered (never redirected to)."""
        uri = request.payload.redirect_uri
        if uri:
            if not client.check_redirect_uri(uri):
                raise InvalidRequestError(
                    f"Redirect URI {printable(uri)} is not registered for the client."
                )
            return str(uri)
        default = client.get_default_redirect_uri()
        if not default:
            raise InvalidRequestError("Missing 'redirect_uri' in request.")
        return default

    def validate_requested_scope(self) -> None:
        """Refuse unknown scopes and scopes the client is not registered for, naming them."""
        super().validate_requested_scope()
        allowed_scope(self.request.client, self.request.payload.scope)

    def validate_authorization_request(self) -> str:
        """authlib's checks, then the ``nonce`` the ID token will echo."""
        redirect_uri: str = super().validate_authorization_request()
        nonce = self.request.payload.data.get("nonce")
        if nonce is not None and (len(nonce) > MAX_NONCE_LENGTH or has_control_characters(nonce)):
            raise InvalidRequestError(
                f"'nonce' must be at most {MAX_NONCE_LENGTH} printable characters.",
                redirect_uri=redirect_uri,
            )
        return redirect_uri

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        """Record the grant and its code (as a hash), bound to the client and redirect URI."""
        snapshot = snapshot_of(self)
        user: GrantUser = request.user
        client: HubClient = request.client
        grant = OAuthGrant(
            id=str(uuid.uuid4()),
            client_id=client.client_id,
            person_id=user.person_id,
            scope=request.scope,
            acr=user.acr,
            auth_time=datetime.fromtimestamp(user.auth_time, UTC),
            created_at=snapshot.now,
            expires_at=snapshot.now
            + timedelta(seconds=snapshot.settings.refresh_token_ttl_seconds),
        )
        data = request.payload.data
        authorization_code = AuthorizationCode(
            code_hash=token_hash(code),
            grant_id=grant.id,
            client_id=client.client_id,
            redirect_uri=request.payload.redirect_uri,
            nonce=data.get("nonce"),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            created_at=snapshot.now,
            expires_at=snapshot.now + CODE_LIFETIME,
        )
        snapshot.effects.append(CreateGrant(grant, authorization_code))

    def query_authorization_code(self, code: str, client: HubClient) -> CodeView | None:
        """Return the code if it is this client's, unused, unexpired and its grant stands."""
        snapshot = snapshot_of(self)
        record = snapshot.code
        if record is None or record.code.code_hash != token_hash(code):
            return None
        if record.code.client_id != client.client_id:
            return None
        if record.code.used_at is not None:
            # RFC 6749 4.1.2: a code used twice was stolen; revoke what the first use got.
            snapshot.effects.append(RevokeGrant(record.grant.id, CODE_REUSE))
            return None
        if record.code.expires_at <= snapshot.now or record.grant.revoked_at is not None:
            return None
        return CodeView(record)

    def delete_authorization_code(self, authorization_code: CodeView) -> None:
        """Mark the code used (it is kept to recognise a reuse)."""
        code = authorization_code.record.code
        snapshot_of(self).effects.append(RedeemCode(code.code_hash, code.grant_id))

    def authenticate_user(self, authorization_code: CodeView) -> GrantUser:
        """Return the citizen who allowed the code."""
        grant = authorization_code.record.grant
        return GrantUser(
            person_id=grant.person_id,
            acr=grant.acr,
            auth_time=int(grant.auth_time.timestamp()),
            grant_id=grant.id,
            nonce=authorization_code.record.code.nonce,
        )

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        """Issue the tokens, and an ID token when the citizen allowed ``openid``."""
        status, body, headers = super().create_token_response()
        if OPENID in str(body.get("scope", "")).split():
            snapshot = snapshot_of(self)
            user: GrantUser = self.request.user
            assert snapshot.keys.signer is not None  # the token request ensured one
            body["id_token"] = issue_id_token(
                person_id=user.person_id,
                client_id=self.client.client_id,
                acr=user.acr,
                auth_time=user.auth_time,
                grant_id=user.grant_id or "",
                nonce=user.nonce,
                access_token=body["access_token"],
                signer=snapshot.keys.signer,
                settings=snapshot.settings,
                now=snapshot.now,
            )
        return status, body, headers
