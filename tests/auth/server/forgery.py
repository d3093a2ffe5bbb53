"""Forged JWTs for the tests: arbitrary claim values (any JSON, any size), really signed.

A claim is left as a valid token would have it, left out, or replaced by arbitrary JSON text: any JSON value, integers past what a timestamp holds or than Python's ``int`` parses,
non-finite numbers, lone surrogates and NUL in strings, arrays nested past the parser's
recursion limit. The JSON is written by hand so that nothing refuses to produce it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import strategies as st
from jwt.algorithms import ECAlgorithm

KEEP = "keep"
DROP = "drop"

_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**300), max_value=10**300)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=()), max_size=5)
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
# Numbers around what a timestamp can hold: year 9999, 2**63 and the platform's time_t.
_TIMESTAMP_EDGES = [253402300799, 253402300800, 2**31, 2**63, -(2**63), 2**64, 10**20]
JSON_TEXT = st.one_of(
    _json_values.map(json.dumps),
    st.sampled_from(_TIMESTAMP_EDGES).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "-0", "1.5", '"\\ud800"', '"a\\u0000"']),
    st.integers(min_value=4301, max_value=6000).map(lambda digits: "9" * digits),
    st.integers(min_value=900, max_value=4000).map(lambda depth: "[" * depth + "]" * depth),
)


def claim_choices(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, str]]:
    """A few of ``names`` to DROP or to replace by JSON text; the others are kept valid.

    Few at a time, so that the rest of the token stays valid and each value reaches the
    checks after the first one it could fail.
    """
    return st.dictionaries(st.sampled_from(names), st.one_of(st.just(DROP), JSON_TEXT), max_size=3)


def json_object(valid: Mapping[str, Any], choices: Mapping[str, str]) -> str:
    """The JSON text of ``valid``'s members with ``choices`` applied (a choice may add one)."""
    members = []
    for name in dict.fromkeys([*valid, *choices]):
        choice = choices.get(name, KEEP)
        if choice == DROP or (choice == KEEP and name not in valid):
            continue
        text = json.dumps(valid[name]) if choice == KEEP else choice
        members.append(f"{json.dumps(name)}:{text}")
    return "{" + ",".join(members) + "}"


def sign_es256(header_text: str, payload_text: str, key: ec.EllipticCurvePrivateKey) -> str:
    """A compact JWS of ``payload_text`` signed with ``key`` (ES256), whatever the header says."""
    signing_input = f"{_b64(header_text.encode())}.{_b64(payload_text.encode())}"
    signature = ECAlgorithm(ECAlgorithm.SHA256).sign(signing_input.encode("ascii"), key)
    return f"{signing_input}.{_b64(signature)}"


def unsigned(header: Mapping[str, Any], claims: Mapping[str, Any], signature: bytes) -> str:
    """A compact JWS of ``claims`` with ``signature`` as it is (no key involved)."""
    return ".".join(
        [_b64(json.dumps(header).encode()), _b64(json.dumps(claims).encode()), _b64(signature)]
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
