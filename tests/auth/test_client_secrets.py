"""Client secrets: salted scrypt hashes, checked in constant time."""

from __future__ import annotations

import pytest

from hub.auth.client_secrets import (
    hash_client_secret,
    new_client_secret,
    verify_client_secret,
)


def test_secret_matches_its_hash_only() -> None:
    # Given a new secret and its hash
    secret = new_client_secret()
    stored = hash_client_secret(secret)
    # Then the hash names its parameters and matches only that secret
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_client_secret(secret, stored)
    assert not verify_client_secret(secret + "x", stored)


@pytest.mark.parametrize("stored", [None, "", "plain-text", "scrypt$1$2$3$!!$!!", "md5$x"])
def test_malformed_hash_never_matches(stored: str | None) -> None:
    # Given a missing or malformed stored hash
    # Then no secret matches it
    assert not verify_client_secret("anything", stored)
