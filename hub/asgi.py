"""The ASGI app built from the environment, for ``uvicorn hub.asgi:app``."""

from __future__ import annotations

from hub.app import create_app

app = create_app()
