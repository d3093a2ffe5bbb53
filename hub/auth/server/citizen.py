"""The signed-in citizen of a request, read through the e-identity part's session.

The import is lazy and tolerant so that the authorization server runs (everyone signed out)
even where ``hub.auth.eid.session`` is absent.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Protocol, cast

from starlette.types import Scope

from hub.principals.principal import AssuranceLevel
from hub.settings import Settings

SESSION_MODULE = "hub.auth.eid.session"


class CitizenSession(Protocol):
    """What the e-identity session tells about the signed-in citizen."""

    @property
    def person_id(self) -> str:
        """Registry id of the person."""

    @property
    def citizen_id(self) -> str:
        """The 12-digit citizen ID."""

    @property
    def assurance(self) -> AssuranceLevel:
        """The hub's level of assurance of the sign-in."""

    @property
    def auth_time(self) -> datetime:
        """When the citizen authenticated (UTC)."""

    @property
    def acr(self) -> str:
        """The e-identity provider's ``acr``."""

    @property
    def expires_at(self) -> datetime | None:
        """When the session ends (UTC), if known."""


def current_citizen(scope: Scope, settings: Settings) -> CitizenSession | None:
    """Return the signed-in citizen of the request, or ``None``."""
    try:
        module = importlib.import_module(SESSION_MODULE)
    except ImportError:
        return None
    reader = getattr(module, "read_citizen_session", None)
    if reader is None:
        return None
    return cast(CitizenSession | None, reader(scope, settings))
