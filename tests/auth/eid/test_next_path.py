"""Only paths on the hub itself are accepted as ``next``."""

from __future__ import annotations

import pytest

from hub.auth.eid.next_path import safe_next


@pytest.mark.parametrize(
    "value", ["/", "/auth/me", "/graphql?query=%7B__typename%7D", "/a/b#section", "/%2F%2Fhost"]
)
def test_relative_paths_are_kept(value: str) -> None:
    # given a path on the hub, when it is checked, then it is kept as is
    assert safe_next(value) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "auth/me",
        "/" + "a" * 2000,
    ],
)
def test_anything_else_is_refused(value: str | None) -> None:
    # given a value that is not a single-slash path on the hub
    # when it is checked, then it is refused
    assert safe_next(value) is None
