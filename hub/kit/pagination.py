"""Relay cursor pagination arguments: validation and opaque cursors."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from hub.errors import Invalid

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class PageRequest:
    """A validated page request: at most ``first`` items after the item whose key is ``after``."""

    first: int
    after: str | None


def encode_cursor(key: str, *, connection: str | None = None) -> str:
    """Return the opaque cursor for an item key, bound to ``connection`` when one is named.

    A bound cursor is accepted only by the connection that issued it: a cursor of one list
    passed to another would otherwise page from an unrelated key.
    """
    return base64.urlsafe_b64encode(f"{_prefix(connection)}{key}".encode()).decode("ascii")


def decode_cursor(cursor: str, *, argument: str = "after", connection: str | None = None) -> str:
    """Return the item key inside ``cursor`` or raise ``Invalid`` naming the argument."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise Invalid(  # noqa: B904 (the decoding detail means nothing to the caller)
            f"Argument '{argument}' is not a cursor returned by this API", argument=argument
        )
    prefix = _prefix(connection)
    if raw.startswith(prefix):
        return raw[len(prefix) :]
    if connection is not None and _BOUND in raw:
        raise Invalid(
            f"Argument '{argument}' is a cursor of another connection; pass one that "
            f"{connection} returned",
            argument=argument,
        )
    raise Invalid(f"Argument '{argument}' is not a cursor returned by this API", argument=argument)


def bind_cursor(cursor: str, connection: str) -> str:
    """Return ``cursor`` (an unbound one, as services make them) bound to ``connection``."""
    return encode_cursor(decode_cursor(cursor), connection=connection)


_BOUND = "|k:"


def _prefix(connection: str | None) -> str:
    return "k:" if connection is None else f"{connection}{_BOUND}"


def page_request(
    first: int | None, after: str | None, *, connection: str | None = None
) -> PageRequest:
    """Validate ``first``/``after`` (0 ≤ first ≤ 100, default 20) and decode the cursor.

    With ``connection``, ``after`` must be a cursor that connection issued.
    """
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > MAX_PAGE_SIZE:
        raise Invalid(
            f"Argument 'first' must be between 0 and {MAX_PAGE_SIZE}, got {size}", argument="first"
        )
    key = None if after is None else decode_cursor(after, connection=connection)
    return PageRequest(first=size, after=key)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of items in key order, with the total number of matching items."""

    items: list[T]
    total_count: int
    has_next_page: bool
