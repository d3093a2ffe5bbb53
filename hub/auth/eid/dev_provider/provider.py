"""The development provider's identity: issuer, the hub's registered redirect URI, its codes."""

from __future__ import annotations

from dataclasses import dataclass

from hub.auth.eid.config import CALLBACK_PATH
from hub.auth.eid.dev_provider.codes import CodeBook
from hub.auth.eid.dev_provider.registration import dev_issuer
from hub.settings import Settings


@dataclass(frozen=True)
class DevProvider:
    """One development provider, made for one app's settings."""

    issuer: str
    redirect_uri: str
    codes: CodeBook

    @classmethod
    def from_settings(cls, settings: Settings) -> DevProvider:
        """Return the provider for ``settings``; the hub's callback is its one redirect URI."""
        redirect_uri = settings.eid_redirect_uri or settings.issuer.rstrip("/") + CALLBACK_PATH
        return cls(dev_issuer(settings), redirect_uri, CodeBook(settings))

    def url(self, path: str) -> str:
        """Return the absolute URL of one of the provider's endpoints."""
        return f"{self.issuer}{path}"
