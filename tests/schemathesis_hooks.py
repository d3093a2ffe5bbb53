"""schemathesis hooks for the hub (loaded through ``SCHEMATHESIS_HOOKS``).

schemathesis' own GraphQL check (ST113) counts every error that is not a validation error as a
server error, the hub's coded answers included ("present an access token": UNAUTHENTICATED,
FORBIDDEN, NOT_FOUND, BAD_USER_INPUT...). The hub's check fails on what really is the server's
fault: a 5xx status, or an error coded INTERNAL or with no code at all.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

SERVER_FAULTS = frozenset({"INTERNAL", None})


@schemathesis.check
def hub_not_a_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """Fail on a 5xx answer, or on a GraphQL error the hub coded INTERNAL or left uncoded."""
    if response.status_code >= 500:
        raise AssertionError(f"{response.status_code}: {response.text[:500]}")
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(f"not JSON: {response.text[:500]}") from None
    for error in body.get("errors") or [] if isinstance(body, dict) else []:
        code = (error.get("extensions") or {}).get("code")
        if code in SERVER_FAULTS:
            raise AssertionError(f"error coded {code}: {json.dumps(error)[:500]}")
    return None
