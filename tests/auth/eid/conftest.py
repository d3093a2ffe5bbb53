"""Fixtures of the e-identity tests: the real oidc-provider (started once per session)."""

from __future__ import annotations

from tests.auth.eid.oidc_provider.fixture import oidc_provider

__all__ = ["oidc_provider"]
