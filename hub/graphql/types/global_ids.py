"""Relay-style global ids: ``base64("<Type>:<key>")``, opaque to clients."""

from __future__ import annotations

import base64
import binascii

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
