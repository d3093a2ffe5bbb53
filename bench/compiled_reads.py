"""The compiled read path against the resolvers, in-process, in one run on the same data.

Two reads, each run by ``schema.execute`` (the resolvers) and by ``CompiledReads.execute``,
one session and one commit per read: ``person(pin:)`` as an agency client with a purpose
(access log written), and the communes of a province (public). SQLite always, PostgreSQL too
when ``HUB_BENCH_POSTGRES_URL`` is set. No HTTP, no token check: what the read path costs.

    .venv/bin/python -m bench compiled_reads
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.auth_overhead import PURPOSE, _prepare
from bench.harness import Result, against, measure
from hub.auth.server.bearer import principal_from_token
from hub.auth.server.key_cache import KeyCache
from hub.db import Database
from hub.graphql.compiled.runner import CompiledReads
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.schema import build_schema
from hub.kit.clock import utcnow
from hub.migrations_runner import upgrade
from hub.principals.principal import ANONYMOUS, Principal
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.settings import Environment, Settings

OPERATIONS = int(os.environ.get("HUB_BENCH_OPERATIONS", "500"))
PERSON = "query P($pin: String!) { person(pin: $pin) { fullName birthDate phone address { street communeCode } } }"
COMMUNES = (
    'query U { administrativeUnits(level: COMMUNE, parentCode: "15", first: 100) '
    "{ edges { node { code name level unitType validFrom } } } }"
)


async def _cases(backend: str, url: str, settings: Settings) -> list[Result]:
    fixture = await _prepare(url, settings)
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    async with database.transaction() as session:
        principal = await principal_from_token(
            session,
            fixture.token,
            keys=KeyCache(),
            settings=settings,
            now=utcnow(),
            purpose=PURPOSE,
            case=None,
        )
    schema = build_schema(settings)
    compiled = CompiledReads(schema, settings)

    def read(
        document: str, who: Principal, variables: Callable[[int], dict[str, object]], fast: bool
    ) -> Callable[[int], Awaitable[object]]:
        async def operation(i: int) -> object:
            async with database.transaction() as session:
                context = Context(
                    request=None,
                    response=None,
                    session=session,
                    loaders=Loaders(session),
                    principal=who,
                )
                if fast:
                    result = await compiled.execute(context, document, variables(i), None)
                    assert result is not None, "not compiled"
                else:
                    result = await schema.execute(
                        document, variable_values=variables(i), context_value=context
                    )
                assert not result.errors, result.errors
                return result

        return operation

    pins = fixture.pins
    results: list[Result] = []
    name = f"compiled reads ({backend})"
    for case, document, who, variables in (
        ("person(pin:), logged", PERSON, principal, lambda i: {"pin": pins[i % len(pins)]}),
        ("99 communes, public", COMMUNES, ANONYMOUS, lambda i: {}),
    ):
        base = await measure(
            name, f"{case}: resolvers", read(document, who, variables, False), operations=OPERATIONS
        )
        fast = await measure(
            name, f"{case}: compiled", read(document, who, variables, True), operations=OPERATIONS
        )
        results.extend([base, against(fast, base)])
    await database.dispose()
    return results


def run() -> list[Result]:
    """Run on SQLite, and on PostgreSQL when configured."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        targets = [("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}")]
        if os.environ.get("HUB_BENCH_POSTGRES_URL"):
            targets.append(("postgresql", os.environ["HUB_BENCH_POSTGRES_URL"]))
        for backend, url in targets:
            settings = Settings(environment=Environment.TEST, database_url=url)
            upgrade(url)
            results.extend(asyncio.run(_cases(backend, url, settings)))
    return results
