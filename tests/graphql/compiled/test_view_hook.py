"""The HTTP view answers a compiled read from the compiled path, and alike with it off."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hub.app import create_app
from hub.db import Database
from hub.graphql.compiled.runner import CompiledReads
from hub.settings import Settings

PROVINCES = """
query Provinces {
  administrativeUnits(level: PROVINCE, first: 3) {
    totalCount pageInfo { hasNextPage } edges { node { code name level validTo } }
  }
}
"""


async def _post(settings: Settings, database: Database) -> httpx.Response:
    app = create_app(settings, database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        return await http.post("/graphql", json={"query": PROVINCES})


async def test_a_compiled_read_over_http_answers_as_the_resolvers_do(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a spy on the compiled path
    answered: list[bool] = []
    execute = CompiledReads.execute

    async def spy(self: CompiledReads, *args: Any) -> Any:
        result = await execute(self, *args)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(CompiledReads, "execute", spy)
    # when the same read is posted with the compiled path on and off
    compiled = await _post(settings, database)
    resolved = await _post(settings.model_copy(update={"graphql_compiled": False}), database)
    # then the compiled path answered the first, and both answers are the same
    assert answered == [True]
    assert compiled.status_code == resolved.status_code == 200
    assert compiled.json() == resolved.json()
    assert compiled.json()["data"]["administrativeUnits"]["totalCount"] > 3
