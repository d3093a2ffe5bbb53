"""The development provider's token endpoint: authenticates the hub, checks PKCE and issues
an RS256 ID token with the citizen's ``acr`` and identity claims."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from typing import Any
from urllib.parse import unquote

import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.auth.eid.dev_provider.citizens import LEVEL_2_ACR, DemoCitizen, demo_citizen
from hub.auth.eid.dev_provider.codes import CodeGrant
from hub.auth.eid.dev_provider.keys import ALGORITHM, dev_signing_key
from hub.auth.eid.dev_provider.metadata import Endpoint
from hub.auth.eid.dev_provider.provider import DevProvider
from hub.auth.eid.dev_provider.registration import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from hub.auth.eid.form_params import form_values

ID_TOKEN_LIFETIME_SECONDS = 300
_NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
_PROFILE_CLAIMS = ("name", "family_name", "middle_name", "given_name", "birthdate", "gender")


def _oauth_error(error: str, description: str, status_code: int = 400) -> Response:
    headers = dict(_NO_STORE)
    if error == "invalid_client":
        headers["www-authenticate"] = 'Basic realm="dev-eid"'
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status_code,
        headers=headers,
    )


def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except ValueError:
            return None
        client_id, separator, secret = decoded.partition(":")
        return (unquote(client_id), unquote(secret)) if separator else None
    if "client_id" in form and "client_secret" in form:
        return form["client_id"], form["client_secret"]
    return None


def _authenticated(credentials: tuple[str, str] | None) -> bool:
    if credentials is None:
        return False
    client_id, secret = credentials
    return client_id == DEV_CLIENT_ID and hmac.compare_digest(
        secret.encode(), DEV_CLIENT_SECRET.encode()
    )


def _pkce_matches(verifier: str, challenge: str) -> bool:
    if not _VERIFIER.fullmatch(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(computed, challenge)


def id_token_claims(
    provider: DevProvider, grant: CodeGrant, citizen: DemoCitizen, now: int
) -> dict[str, Any]:
    """Return the claims of the ID token for ``citizen``, filtered by the granted scopes."""
    scopes = set(grant.scope.split())
    subject = hashlib.sha256(f"dev-eid:{citizen.citizen_id}".encode()).hexdigest()[:24]
    claims: dict[str, Any] = {
        "iss": provider.issuer,
        "sub": subject,
        "aud": grant.client_id,
        "azp": grant.client_id,
        "iat": now,
        "exp": now + ID_TOKEN_LIFETIME_SECONDS,
        "auth_time": grant.auth_time,
        "acr": citizen.acr,
        "amr": ["pwd", "face"] if citizen.acr == LEVEL_2_ACR else ["pwd"],
    }
    if grant.nonce is not None:
        claims["nonce"] = grant.nonce
    identity = citizen.identity_claims()
    if "profile" in scopes:
        claims.update({name: identity[name] for name in _PROFILE_CLAIMS})
    if "citizen_id" in scopes:
        claims["citizen_id"] = identity["citizen_id"]
    return claims


def token_endpoint(provider: DevProvider) -> Endpoint:
    """Return the handler of ``/dev-eid/token`` (authorization_code grant only)."""

    async def token(request: Request) -> Response:
        form = await form_values(request)
        if form is None:
            return _oauth_error("invalid_request", "the body must be urlencoded, no repeats")
        if not _authenticated(_client_credentials(request, form)):
            return _oauth_error("invalid_client", "client authentication failed", 401)
        if form.get("grant_type") != "authorization_code":
            return _oauth_error("unsupported_grant_type", "only authorization_code")
        grant = provider.codes.redeem(form.get("code", ""))
        if grant is None or grant.client_id != DEV_CLIENT_ID:
            return _oauth_error("invalid_grant", "the code is invalid, expired or used")
        if form.get("redirect_uri") != grant.redirect_uri:
            return _oauth_error("invalid_grant", "redirect_uri differs from the authorization")
        if not _pkce_matches(form.get("code_verifier", ""), grant.code_challenge):
            return _oauth_error("invalid_grant", "PKCE verification failed")
        citizen = demo_citizen(grant.citizen_key)
        if citizen is None:
            return _oauth_error("invalid_grant", "the code is invalid, expired or used")
        key = dev_signing_key()
        claims = id_token_claims(provider, grant, citizen, int(time.time()))
        id_token = jwt.encode(
            claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid}
        )
        body = {
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": ID_TOKEN_LIFETIME_SECONDS,
            "scope": grant.scope,
            "id_token": id_token,
        }
        return JSONResponse(body, headers=_NO_STORE)

    return token
