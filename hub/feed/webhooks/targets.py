"""Which URLs a webhook may point at: HTTPS to public addresses in production (no server-side
request forgery into the hub's own network); anything http(s) in development and test."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from hub.errors import Invalid


def check_target(url: str, *, production: bool) -> None:
    """Raise ``Invalid`` unless ``url`` may receive webhooks."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Invalid("The webhook URL must be an absolute https URL.", argument="url")
    if len(url) > 2048:
        raise Invalid("The webhook URL must be at most 2048 characters.", argument="url")
    if not production:
        return
    if parts.scheme != "https":
        raise Invalid("The webhook URL must use https.", argument="url")
    for address in _addresses(parts.hostname):
        if not address.is_global:
            raise Invalid(
                f"The webhook URL resolves to a non-public address ({address}): refused.",
                argument="url",
            )


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except OSError:
        raise Invalid(f"The webhook host {host} cannot be resolved.", argument="url") from None
    return [ipaddress.ip_address(str(item[4][0])) for item in found]
