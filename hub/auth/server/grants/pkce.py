"""PKCE (RFC 7636) required of every client, with the S256 method only."""

from __future__ import annotations

from typing import Any, ClassVar

from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge

S256 = "S256"


class RequiredS256CodeChallenge(CodeChallenge):  # type: ignore[misc]
    """authlib's PKCE extension, made mandatory for every client and limited to S256.

    authlib only requires PKCE of public clients and accepts ``plain``; OAuth 2.0 Security BCP
    (RFC 9700) and FAPI 2.0 ask for S256 from all, since it also stops code injection.
    """

    DEFAULT_CODE_CHALLENGE_METHOD = S256
    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = [S256]

    def __init__(self) -> None:
        super().__init__(required=True)

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        """Refuse an authorization request without an S256 code challenge."""
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError(
                "PKCE is required: send 'code_challenge' with 'code_challenge_method=S256'."
            )
        if data.get("code_challenge_method") != S256:
            raise InvalidRequestError("Only the S256 'code_challenge_method' is supported.")
        super().validate_code_challenge(grant, redirect_uri)
