"""E-identity federation: the hub as an OpenID Connect relying party of the national
e-identity provider, the citizen session it starts, and the built-in development identity
provider."""

from __future__ import annotations
