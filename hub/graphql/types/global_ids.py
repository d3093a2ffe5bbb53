"""Relay-style global ids: ``base64("<Type>:<key>")``, opaque to clients."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection

from hub.errors import Invalid


def encode_global_id(type_name: str, key: str) -> str:
    """Return the global id of the ``type_name`` object with ``key``."""
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode("ascii")


def decode_global_id(value: str, type_name: str, *, argument: str) -> str:
    """Return the key inside ``value``, or raise ``Invalid`` if it is no ``type_name`` id."""
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raw = ""
    prefix = f"{type_name}:"
    if not raw.startswith(prefix) or len(raw) == len(prefix):
        raise Invalid(f"Argument '{argument}' is not a {type_name} id", argument=argument)
    return raw[len(prefix) :]


def decode_typed_global_id(
    value: str, type_names: Collection[str], *, argument: str
) -> tuple[str, str]:
    """Return ``(type name, key)`` of ``value`` when it is the id of one of ``type_names``,
    or raise ``Invalid`` naming the types it may be.
    """
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raw = ""
    type_name, _, key = raw.partition(":")
    if type_name in type_names and key:
        return type_name, key
    known = ", ".join(type_names)
    raise Invalid(f"Argument '{argument}' is not the id of one of {known}", argument=argument)
