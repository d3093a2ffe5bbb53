"""schemathesis in GraphQL mode against the running hub: no generated operation gets a 5xx.

Schemathesis introspects /graphql and generates queries and mutations from the schema; the run
is bounded (examples per operation and seconds), anonymous and with a token holding every scope
(with a purpose, as an agency sends it). The check (``tests/schemathesis_hooks.py``) fails on a 5xx
answer and on an error coded INTERNAL or left uncoded; schemathesis is a dev dependency.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

from hub.auth.clients import ClientRegistration, create_client
from hub.auth.keys import ensure_signing_key
from hub.principals.scopes import Scope
from tests.access_fixtures import AGENCY_CODE, PURPOSE, build_world
from tests.live_server import served

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
EVERY_SCOPE = " ".join(scope.value for scope in Scope)
CLIENT_ID = "fuzzing-every-scope"
SECRET = "fuzzing-secret-for-tests"
# Seconds and examples per run: two runs together stay within the suite's budget.
MAX_TIME = 5
MAX_EXAMPLES = 8


async def _token(client: httpx.AsyncClient) -> str:
    response = await client.post(
        "/oauth2/token",
        auth=(CLIENT_ID, SECRET),
        data={"grant_type": "client_credentials", "scope": EVERY_SCOPE},
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def _schemathesis(url: str, *headers: str, report: Path) -> tuple[int, str]:
    arguments = [
        "run",
        f"{url}/graphql",
        "--checks",
        "hub_not_a_server_error",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--max-time",
        str(MAX_TIME),
        "--seed",
        "11",
        "--generation-database",
        "none",
        "--no-color",
        "--report-dir",
        str(report),
    ]
    for header in headers:
        arguments += ["-H", header]
    environment = os.environ | {
        "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        str(SCHEMATHESIS),
        *arguments,
        env=environment,
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=MAX_TIME + 60)
    assert process.returncode is not None
    return process.returncode, output.decode(errors="replace")


@pytest.mark.parametrize("caller", ["anonymous", "every-scope"])
async def test_no_generated_operation_gets_a_server_error(
    app: Starlette,
    client: httpx.AsyncClient,
    session: AsyncSession,
    caller: str,
    tmp_path: Path,
) -> None:
    # Given the hub with persons, an agency and a client allowed every scope, served over HTTP
    await build_world(session)
    await create_client(
        session,
        ClientRegistration(
            name="Fuzzing client",
            agency_code=AGENCY_CODE,
            scopes=EVERY_SCOPE,
            purposes=[PURPOSE],
            grant_types=["client_credentials"],
            client_id=CLIENT_ID,
            secret=SECRET,
        ),
    )
    await ensure_signing_key(session)
    await session.commit()
    headers: list[str] = []
    if caller == "every-scope":
        headers = [f"Authorization: Bearer {await _token(client)}", f"Hub-Purpose: {PURPOSE}"]
    async with served(app) as url:
        # When schemathesis generates operations from the schema and sends them
        returncode, output = await _schemathesis(url, *headers, report=tmp_path)
    # Then none got a server error
    assert returncode == 0, output[-6000:]
