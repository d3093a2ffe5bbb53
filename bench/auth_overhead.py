"""What authorisation costs a ``person(pin:)`` read: token validation and access logging.

Every case runs the same query for the same random sample of persons on the same database
(SQLite; PostgreSQL too when ``HUB_BENCH_POSTGRES_URL`` is set), one session and one commit
per request, in one run. The baseline is the query with the principal handed over directly
and the access log left unwritten (the field permissions still run). The other cases add:
validating the ES256 access token alone (``validate_access_token``); the whole bearer check
the middleware does (``principal_from_token``: validation, revocation and client queries);
writing the access log, as before in the read's own transaction and as now by the group-commit
writer; and both. A last case is the real thing over HTTP (ASGI, no network).

The group commit pays off when requests overlap, so the read alone and the read with its log
written by group commit are also timed with ``CONCURRENCY`` requests at once (there the mean is
wall time per read, the inverse of the throughput).
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from bench.harness import Result, against, measure, measure_concurrent
from hub.app import create_app
from hub.audit.group_commit import AccessLogWriter
from hub.auth.agencies import create_agency, get_agency
from hub.auth.clients import ClientRegistration, create_client, get_client
from hub.auth.keys import ensure_signing_key, load_key_ring
from hub.auth.purposes import create_purpose
from hub.auth.server.bearer import principal_from_token
from hub.auth.server.key_cache import KeyCache
from hub.auth.tokens import ACR_CLIENT, AccessTokenGrant, issue_access_token
from hub.auth.tokens import validate_access_token as validate
from hub.db import Database
from hub.graphql.access_logging import AccessLogging
from hub.graphql.context import Context
from hub.graphql.dataloaders import Loaders
from hub.graphql.errors import ErrorCodes
from hub.graphql.limits import extensions
from hub.graphql.schema import Mutation, Query, build_schema
from hub.kit.clock import utcnow
from hub.migrations_runner import upgrade
from hub.principals.principal import Principal
from hub.registry.kinds.person import service as records
from hub.settings import Environment, Settings

OPERATIONS = int(os.environ.get("HUB_BENCH_OPERATIONS", "2000"))
CONCURRENCY = int(os.environ.get("HUB_BENCH_CONCURRENCY", "16"))
PERSONS = 200
CLIENT_ID = "bench-agency"
PURPOSE = "bench-check"
SCOPES = "person.identity:read person.contact:read person.address:read"
QUERY = (
    "query Read($pin: String) { person(pin: $pin) { fullName birthDate phone "
    "address { street communeCode } } }"
)


Authenticate = Callable[[AsyncSession], Awaitable[Principal]]


class UnwrittenAccessLog(AccessLogging):
    """The baseline's access logging: reads are collected as usual but never written."""

    async def _write(self, reads: object, result: object) -> None:
        return None


@dataclass(frozen=True)
class Fixture:
    """What every case uses."""

    pins: list[str]
    token: str
    settings: Settings


async def _prepare(url: str, settings: Settings) -> Fixture:
    database = Database.from_url(url)
    try:
        async with database.transaction() as session:
            # A PostgreSQL bench database may hold an earlier run's client.
            if await get_client(session, CLIENT_ID) is None:
                if await get_agency(session, "G12.18") is None:
                    await create_agency(session, code="G12.18", name="Bench agency")
                await create_purpose(
                    session, code=PURPOSE, description_vi="Đo hiệu năng", description_en="Benchmark"
                )
                await create_client(
                    session,
                    ClientRegistration(
                        name="Bench client",
                        agency_code="G12.18",
                        scopes=SCOPES,
                        purposes=[PURPOSE],
                        client_id=CLIENT_ID,
                    ),
                )
            rng = random.Random(11)
            pins = []
            for number in range(PERSONS):
                pin = f"0011{rng.randrange(10**8):08d}"
                person = await records.ensure_person(
                    session,
                    citizen_id=pin,
                    full_name=f"Người Thứ {number}",
                    phone=f"+84 90 000 {number:04d}",
                    address_commune_code="26740",
                    address_street=f"{number} Đồng Khởi",
                )
                pins.append(str(person.citizen_id))
            await ensure_signing_key(session)
            ring = await load_key_ring(session, utcnow())
            assert ring.signer is not None
            now = utcnow()
            grant = AccessTokenGrant(
                subject=CLIENT_ID,
                client_id=CLIENT_ID,
                scope=SCOPES,
                acr=ACR_CLIENT,
                auth_time=int(now.timestamp()),
                agency="G12.18",
            )
            token, _claims = issue_access_token(grant, ring.signer, settings, now)
    finally:
        await database.dispose()
    return Fixture(pins=pins, token=token, settings=settings)


async def _cases(backend: str, url: str, fixture: Fixture) -> list[Result]:
    name = f"auth overhead, person(pin:) ({backend})"
    settings = fixture.settings
    database = Database.from_url(url)
    logged = build_schema(settings)
    unlogged = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[*extensions(settings), ErrorCodes, lambda: UnwrittenAccessLog(shards=16)],
    )
    keys = KeyCache()
    async with database.transaction() as session:
        verification = await keys.keys_for(session, None, utcnow())
        given = await principal_from_token(
            session,
            fixture.token,
            keys=keys,
            settings=settings,
            now=utcnow(),
            purpose=PURPOSE,
            case=None,
        )

    async def handed_over(_session: AsyncSession) -> Principal:
        return given

    async def token_only(_session: AsyncSession) -> Principal:
        validate(fixture.token, verification, settings, utcnow())
        return given

    async def bearer(session: AsyncSession) -> Principal:
        return await principal_from_token(
            session,
            fixture.token,
            keys=keys,
            settings=settings,
            now=utcnow(),
            purpose=PURPOSE,
            case=None,
        )

    writer = AccessLogWriter(database.engine, shards=settings.audit_shards)

    def request(
        schema: strawberry.Schema,
        authenticate: Authenticate,
        access_log: AccessLogWriter | None = None,
    ) -> Callable[[int], Awaitable[object]]:
        async def operation(i: int) -> object:
            async with database.session() as session:
                principal = await authenticate(session)
                context = Context(
                    request=None,
                    response=None,
                    session=session,
                    loaders=Loaders(session),
                    principal=principal,
                    access_log=access_log,
                )
                result = await schema.execute(
                    QUERY,
                    variable_values={"pin": fixture.pins[i % len(fixture.pins)]},
                    context_value=context,
                )
                assert result.errors is None and result.data and result.data["person"], result
                await session.commit()
                return result

        return operation

    app = create_app(settings, database=database)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
    headers = {"authorization": f"Bearer {fixture.token}", "hub-purpose": PURPOSE}

    async def over_http(i: int) -> object:
        pin = fixture.pins[i % len(fixture.pins)]
        response = await client.post(
            "/graphql", json={"query": QUERY, "variables": {"pin": pin}}, headers=headers
        )
        assert response.status_code == 200 and response.json()["data"]["person"], response.text
        return response

    baseline = await measure(
        name,
        "principal given, no access log (baseline)",
        request(unlogged, handed_over),
        operations=OPERATIONS,
    )
    cases = [
        ("+ validate_access_token (ES256, no DB)", request(unlogged, token_only)),
        ("+ bearer check (validate + revocation + client)", request(unlogged, bearer)),
        ("+ access log in the read's transaction (before)", request(logged, handed_over)),
        ("+ access log by group commit", request(logged, handed_over, writer)),
        ("+ bearer check + access log by group commit", request(logged, bearer, writer)),
        ("POST /graphql via ASGI, bearer + access log", over_http),
    ]
    results = [baseline]
    for case, operation in cases:
        results.append(
            against(await measure(name, case, operation, operations=OPERATIONS), baseline)
        )
    alone = await measure_concurrent(
        name,
        f"{CONCURRENCY} at once: no access log (baseline)",
        request(unlogged, handed_over),
        operations=OPERATIONS,
        concurrency=CONCURRENCY,
    )
    logged_at_once = await measure_concurrent(
        name,
        f"{CONCURRENCY} at once: + access log by group commit",
        request(logged, handed_over, writer),
        operations=OPERATIONS,
        concurrency=CONCURRENCY,
    )
    results.extend([alone, against(logged_at_once, alone)])
    await client.aclose()
    await database.dispose()
    return results


def run() -> list[Result]:
    """Run the benchmark on SQLite, and on PostgreSQL when configured."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        targets = [("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}")]
        if os.environ.get("HUB_BENCH_POSTGRES_URL"):
            targets.append(("postgresql", os.environ["HUB_BENCH_POSTGRES_URL"]))
        for backend, url in targets:
            settings = Settings(environment=Environment.TEST, database_url=url)
            upgrade(url)
            fixture = asyncio.run(_prepare(url, settings))
            results.extend(asyncio.run(_cases(backend, url, fixture)))
    return results
