"""HTTP calls from the hub to its identity provider (discovery, keys, token endpoint).

Every call opens a short-lived client: sign-ins are rare, and a client per call never outlives
the event loop it was made in. The development provider is reached through an in-process ASGI
transport, so that the same code speaks to it as to a remote provider.
"""

from __future__ import annotations

from typing import Any

import httpx

from hub.auth.eid.errors import ProviderUnavailable

_UNREACHABLE = (
    "Không kết nối được với hệ thống định danh điện tử. / The e-identity provider cannot be "
    "reached; please try again later."
)
_MAX_BODY = 1_000_000


class _Borrowed(httpx.AsyncBaseTransport):
    """An injected transport, used but not closed by the per-call clients (its owner does)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the injected transport."""
        return await self._inner.handle_async_request(request)


class ProviderHttp:
    """Sends the relying party's requests, turning network and format failures into
    ``ProviderUnavailable``."""

    def __init__(self, timeout: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._timeout = timeout
        self._transport = None if transport is None else _Borrowed(transport)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self._timeout, transport=self._transport, follow_redirects=False
        )

    async def get_json(self, url: str) -> dict[str, Any]:
        """GET ``url`` and return its JSON object; anything but a 200 JSON object fails."""
        try:
            async with self._client() as client:
                response = await client.get(url, headers={"accept": "application/json"})
        except httpx.HTTPError as error:
            raise ProviderUnavailable(_UNREACHABLE, detail=f"GET {url}: {error!r}") from error
        if response.status_code != 200:
            raise ProviderUnavailable(
                _UNREACHABLE, detail=f"GET {url}: status {response.status_code}"
            )
        return _json_object(response, f"GET {url}")

    async def post_form(
        self, url: str, form: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        """POST ``form`` urlencoded to ``url``; return the status and the JSON object body."""
        try:
            async with self._client() as client:
                response = await client.post(
                    url, data=form, headers={"accept": "application/json", **headers}
                )
        except httpx.HTTPError as error:
            raise ProviderUnavailable(_UNREACHABLE, detail=f"POST {url}: {error!r}") from error
        return response.status_code, _json_object(response, f"POST {url}")


def _json_object(response: httpx.Response, what: str) -> dict[str, Any]:
    if len(response.content) > _MAX_BODY:
        raise ProviderUnavailable(_UNREACHABLE, detail=f"{what}: body too large")
    try:
        body = response.json()
    except ValueError as error:
        raise ProviderUnavailable(_UNREACHABLE, detail=f"{what}: not JSON") from error
    if not isinstance(body, dict):
        raise ProviderUnavailable(_UNREACHABLE, detail=f"{what}: not a JSON object")
    return body
