"""Administrative unit by code and date: GraphQL (in-process and over ASGI HTTP) vs direct SQL.

All cases look up the same random sample of (code, date) pairs on the same SQLite database
(and PostgreSQL when ``HUB_BENCH_POSTGRES_URL`` is set) in the same run.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import text

from bench.harness import Result, against, measure
from hub.app import create_app
from hub.db import Database
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.schema import build_schema
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.settings import Environment, Settings

OPERATIONS = int(os.environ.get("HUB_BENCH_OPERATIONS", "2000"))
QUERY = "query Unit($code: String!, $asOf: Date) { administrativeUnit(code: $code, asOf: $asOf) { code name level validFrom validTo } }"
SQL = text(
    "SELECT code, name, level, valid_from, valid_to FROM code WHERE list_id = 'administrative-units' "
    "AND code = :code AND (valid_from IS NULL OR valid_from <= :d) AND (valid_to IS NULL OR valid_to > :d)"
)


async def _prepare(url: str) -> list[tuple[str, date]]:
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    await database.dispose()
    rng = random.Random(7)
    imported = read_admin_units()
    keys = []
    for code in rng.sample(imported.codes, 500):
        day = code.valid_from or date(2024, 1, 1)
        keys.append((code.code, day))
    return keys


async def _cases(backend: str, url: str, keys: list[tuple[str, date]]) -> list[Result]:
    name = f"admin unit lookup ({backend})"
    database = Database.from_url(url)
    settings = Settings(environment=Environment.TEST, database_url=url)

    async def direct_sql(i: int) -> object:
        code, day = keys[i % len(keys)]
        async with database.session() as session:
            return (await session.execute(SQL, {"code": code, "d": day})).one()

    schema = build_schema(settings)

    async def graphql_in_process(i: int) -> object:
        code, day = keys[i % len(keys)]
        async with database.session() as session:
            context = Context(
                request=None, response=None, session=session, loaders=Loaders(session)
            )
            result = await schema.execute(
                QUERY,
                variable_values={"code": code, "asOf": day.isoformat()},
                context_value=context,
            )
            assert result.errors is None and result.data and result.data["administrativeUnit"], (
                result
            )
            return result

    app = create_app(settings, database=database)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")

    async def graphql_http(i: int) -> object:
        code, day = keys[i % len(keys)]
        response = await client.post(
            "/graphql", json={"query": QUERY, "variables": {"code": code, "asOf": day.isoformat()}}
        )
        assert response.status_code == 200
        assert response.json()["data"]["administrativeUnit"]
        return response

    baseline = await measure(name, "direct SQL (baseline)", direct_sql, operations=OPERATIONS)
    in_process = await measure(
        name, "GraphQL, schema.execute", graphql_in_process, operations=OPERATIONS
    )
    over_http = await measure(
        name, "GraphQL, POST /graphql via ASGI", graphql_http, operations=OPERATIONS
    )
    await client.aclose()
    await database.dispose()
    return [baseline, against(in_process, baseline), against(over_http, baseline)]


def run() -> list[Result]:
    """Run the benchmark on SQLite, and on PostgreSQL when configured."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        targets = [("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}")]
        if os.environ.get("HUB_BENCH_POSTGRES_URL"):
            targets.append(("postgresql", os.environ["HUB_BENCH_POSTGRES_URL"]))
        for backend, url in targets:
            upgrade(url)
            keys = asyncio.run(_prepare(url))
            results.extend(asyncio.run(_cases(backend, url, keys)))
    return results
