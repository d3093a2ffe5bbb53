"""Revocation as resource servers check it: one indexed query on ``jti`` and ``sid``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.server import revocations_repository


async def is_revoked(session: AsyncSession, claims: Mapping[str, Any]) -> bool:
    """Tell whether the token (its ``jti``) or its grant (its ``sid``) was revoked."""
    ids = {value for name in ("jti", "sid") if isinstance(value := claims.get(name), str)}
    return bool(await revocations_repository.revoked_among(session, ids))
