"""Which strings from a request or an unverified token may be looked up in the database.

PostgreSQL refuses NUL in text, and neither database driver can send a lone surrogate (which
JSON writes as ``"\\ud800"``): looking such a value up would end in a database error, a 500.
The ids the hub stores (token and grant ids, person ids, purpose codes) never hold either, so a
value that does names nothing and is not looked up.
"""

from __future__ import annotations

from typing import TypeGuard

MAX_KEY_LENGTH = 255


def is_lookup_key(value: object) -> TypeGuard[str]:
    """Tell whether ``value`` is a string that could name a stored row."""
    if not isinstance(value, str) or not value or len(value) > MAX_KEY_LENGTH:
        return False
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
