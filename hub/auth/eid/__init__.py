"""E-identity federation: the hub as an OpenID Connect relying party, and the built-in
development identity provider."""
