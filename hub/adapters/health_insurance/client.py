"""HTTP to the social-insurance card system: a client-credentials token, renewed when it
expires, and pages fetched with retries (capped exponential backoff with jitter) on what may
pass: 5xx, 429, timeouts, dropped connections and malformed pages.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from hub.adapters.config_file import environment_variable
from hub.adapters.health_insurance.config import HealthInsuranceConfig
from hub.adapters.protocol import ConfigurationError, TransientError

PERSONS_PATH = "/api/v1/nguoi-tham-gia"
TOKEN_PATH = "/oauth/token"


class HealthInsuranceClient:
    """One session with the API; close it with ``aclose``."""

    def __init__(self, config: HealthInsuranceConfig, adapter_name: str) -> None:
        self.config = config
        self._adapter = adapter_name
        self._http = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/"), timeout=httpx.Timeout(config.timeout_seconds)
        )
        self._token: str | None = None

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    def _retrying(self) -> AsyncRetrying:
        return AsyncRetrying(
            retry=retry_if_exception_type(TransientError),
            stop=stop_after_attempt(self.config.max_attempts),
            wait=wait_exponential_jitter(
                multiplier=self.config.backoff_initial_seconds,
                max=self.config.backoff_max_seconds,
                jitter=self.config.backoff_initial_seconds,
            ),
            reraise=True,
        )

    async def token(self) -> str:
        """Get an access token (retrying what may pass); a refusal is a configuration error."""
        async for attempt in self._retrying():
            with attempt:
                self._token = await self._fetch_token()
        assert self._token is not None
        return self._token

    async def _fetch_token(self) -> str:
        secret = self.config.client_secret.get_secret_value()
        response = await self._send(
            "POST",
            TOKEN_PATH,
            data={"grant_type": "client_credentials"},
            auth=(self.config.client_id, secret),
        )
        if response.status_code in (400, 401, 403):
            raise ConfigurationError(
                f"{self.config.base_url}{TOKEN_PATH} refused client id {self.config.client_id!r} "
                f"(HTTP {response.status_code}): check the client id and the secret in "
                f"{environment_variable(self._adapter, 'client_secret')}"
            )
        body = _json(response, "token response")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise TransientError("the token response holds no access_token")
        return token

    async def page(self, updated_since: str | None, page_token: str | None) -> dict[str, Any]:
        """Fetch one page of persons; a 401 gets a new token once."""
        params: dict[str, str | int] = {"page_size": self.config.page_size}
        if updated_since:
            params["updated_since"] = updated_since
        if page_token:
            params["page_token"] = page_token
        async for attempt in self._retrying():
            with attempt:
                return await self._fetch_page(params)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _fetch_page(self, params: dict[str, str | int]) -> dict[str, Any]:
        if self._token is None:
            self._token = await self._fetch_token()
        response = await self._get(params)
        if response.status_code == 401:
            self._token = await self._fetch_token()
            response = await self._get(params)
        if response.status_code in (400, 401, 403, 404):
            raise ConfigurationError(
                f"{self.config.base_url}{PERSONS_PATH} answered HTTP {response.status_code}: "
                f"{response.text[:200]}"
            )
        body = _json(response, "page")
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            raise TransientError("malformed page: no list of items")
        next_token = body.get("next_page_token")
        if next_token is not None and not isinstance(next_token, str):
            raise TransientError("malformed page: next_page_token is not text")
        return body

    async def _get(self, params: dict[str, str | int]) -> httpx.Response:
        return await self._send(
            "GET", PERSONS_PATH, params=params, headers={"Authorization": f"Bearer {self._token}"}
        )

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise TransientError(f"{method} {path} timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise TransientError(
                f"{method} {path} failed: {type(error).__name__} ({error})"
            ) from error
        if response.status_code == 429:
            wait = _retry_after(response.headers.get("Retry-After"))
            await asyncio.sleep(min(wait, self.config.backoff_max_seconds))
            raise TransientError(f"{method} {path}: rate limited (HTTP 429)")
        if response.status_code >= 500:
            raise TransientError(f"{method} {path}: HTTP {response.status_code}")
        return response


def _json(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise TransientError(f"malformed {what}: not JSON ({error})") from error


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0
