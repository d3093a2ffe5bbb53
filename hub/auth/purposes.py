"""Purposes of use: why an agency reads personal data, shown to the citizen in their access log.

A client may state only the purposes registered for it (``hub.auth.clients``); a request that
reads personal data names one in the ``Hub-Purpose`` header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth import purposes_repository
from hub.auth.models import Purpose
from hub.errors import Conflict, Invalid, NotFound
from hub.kit.text import has_control_characters

# Lower-case words joined by hyphens: the code travels in an HTTP header and in logs.
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CODE_LENGTH = 64
MAX_TEXT_LENGTH = 500


def check_purpose_code(code: str) -> str:
    """Return ``code`` when it is a well-formed purpose code, else raise ``Invalid``."""
    if len(code) > MAX_CODE_LENGTH or not CODE_PATTERN.match(code):
        raise Invalid(
            f"purpose code {code!r} must be lower-case letters and digits joined by single"
            f" hyphens, at most {MAX_CODE_LENGTH} characters",
            argument="code",
        )
    return code


async def create_purpose(
    session: AsyncSession,
    *,
    code: str,
    description_vi: str,
    description_en: str,
    legal_basis: str | None = None,
) -> Purpose:
    """Register a purpose of use with its Vietnamese and English descriptions."""
    check_purpose_code(code)
    texts = {"vi": description_vi, "en": description_en, "legal-basis": legal_basis or "x"}
    for argument, text in texts.items():
        if not text.strip() or len(text) > MAX_TEXT_LENGTH or has_control_characters(text):
            raise Invalid(
                f"--{argument} must be 1 to {MAX_TEXT_LENGTH} printable characters",
                argument=argument,
            )
    if await purposes_repository.get(session, code) is not None:
        raise Conflict(f"purpose {code} already exists")
    return await purposes_repository.add(
        session,
        Purpose(
            code=code,
            description_vi=description_vi.strip(),
            description_en=description_en.strip(),
            legal_basis=legal_basis.strip() if legal_basis else None,
        ),
    )


async def get_purpose(session: AsyncSession, code: str) -> Purpose | None:
    """Return the purpose with ``code`` or ``None``."""
    return await purposes_repository.get(session, code)


async def require_purposes(session: AsyncSession, codes: Iterable[str]) -> list[str]:
    """Return ``codes`` without duplicates; raise ``NotFound`` naming any unregistered one."""
    wanted = list(dict.fromkeys(codes))
    known = await purposes_repository.existing_codes(session, wanted)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise NotFound(f"unknown purpose {', '.join(repr(c) for c in unknown)}")
    return wanted


async def list_purposes(session: AsyncSession) -> list[Purpose]:
    """Return every purpose, by code."""
    return await purposes_repository.every(session)
