"""Reading OAuth2 requests from Starlette and writing authlib's answers back."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl

from authlib.oauth2.rfc6749.errors import InsecureTransportError
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.auth.server.adapter import HubOAuth2Request, OAuthResult
from hub.http.body_limit import BodyTooLarge, read_body
from hub.settings import Settings

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
MAX_BODY_BYTES = 64 * 1024
MAX_PARAMETERS = 64
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# authlib raises ValueError when an error description would echo characters RFC 6749 forbids;
# the hub screens what it echoes, and answers this if something still slips through.
UNECHOABLE = "The request holds characters that cannot be echoed in an error."


class RequestRefused(Exception):
    """A request the hub answers with ``invalid_request`` before authlib sees it."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


async def read_form(request: Request) -> dict[str, str]:
    """Return the urlencoded body; refuse other media types, large bodies, repeated names.

    Parsing it here (not with ``request.form()``) needs no multipart library and lets repeated
    parameters be refused, as RFC 6749 3.2 asks.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE:
        raise RequestRefused(f"The body must be {FORM_MEDIA_TYPE}.")
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        raise RequestRefused("The request body is too large.") from None
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_PARAMETERS,
        )
    except (UnicodeDecodeError, ValueError):
        raise RequestRefused("The body is not valid UTF-8 form data.") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise RequestRefused("Parameters must not be repeated.")
    return form


def oauth_request(
    settings: Settings,
    path: str,
    method: str,
    headers: Mapping[str, str],
    *,
    args: Mapping[str, Sequence[str]] | None = None,
    form: Mapping[str, str] | None = None,
) -> HubOAuth2Request:
    """Build authlib's request for the endpoint at ``path`` of the issuer.

    The URI is the public one (behind a TLS proxy the hub itself may see plain HTTP); authlib
    refuses it unless it is https or loopback http.
    """
    uri = settings.issuer.rstrip("/") + path
    try:
        # authlib (and the snapshot loaders, which read the client id from it) decode Basic
        # credentials as UTF-8 and let UnicodeDecodeError escape: refuse them here, not with 500.
        extract_basic_authorization(headers)
    except UnicodeDecodeError:
        raise RequestRefused("The Basic credentials in Authorization are not UTF-8.") from None
    try:
        return HubOAuth2Request(method, uri, headers, args=args, form=form)
    except InsecureTransportError:
        raise RequestRefused(
            "The hub's issuer (HUB_ISSUER) must be an https URL (http only on loopback)."
        ) from None


def error_response(error: str, description: str, status: int = 400) -> Response:
    """A standard OAuth2 JSON error."""
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers=NO_STORE
    )


def to_response(result: OAuthResult) -> Response:
    """Write authlib's decided answer."""
    headers = dict(result.headers)
    if isinstance(result.body, dict):
        content = json.dumps(result.body)
        headers.setdefault("Content-Type", "application/json")
    else:
        content = result.body
    return Response(content, status_code=result.status, headers=headers)
