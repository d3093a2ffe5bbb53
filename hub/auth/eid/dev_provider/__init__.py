"""The built-in development identity provider: a minimal OpenID Connect provider mounted at
``/dev-eid`` that signs in demo citizens, used when ``HUB_EID_ISSUER`` is unset outside
production."""

from __future__ import annotations
