"""Where the browser may be sent after signing in or out: only paths on the hub itself."""

from __future__ import annotations

DEFAULT_NEXT = "/auth/me"
_MAX_LENGTH = 2000


def safe_next(value: str | None) -> str | None:
    """Return ``value`` when it is a relative path on this host, else ``None``.

    Accepted: a path starting with exactly one ``/``. Refused: ``//host`` and ``/\\host``
    (browsers read both as another host), any backslash, whitespace or control character
    (browsers drop tabs and newlines, so ``/\\t/host`` would become ``//host``), and anything
    over 2,000 characters.
    """
    if value is None or not value.startswith("/") or value.startswith("//"):
        return None
    if len(value) > _MAX_LENGTH or "\\" in value:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    return value
