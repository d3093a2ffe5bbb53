"""Why a sign-in did not complete: what the citizen is told, and what the log keeps."""

from __future__ import annotations


class SignInError(Exception):
    """A sign-in that cannot complete.

    ``message`` is shown to the citizen and must reveal nothing about tokens, keys, other
    clients or other persons; ``detail`` goes to the server log only.
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message


class SignInRefused(SignInError):
    """The answer of the provider or the browser was refused (bad state, nonce, token, acr)."""


class ProviderUnavailable(SignInError):
    """The identity provider could not be reached or answered nonsense."""
