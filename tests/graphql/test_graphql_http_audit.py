"""The graphql-http audit suite (``serverAudits``, npm ``graphql-http``) against the running hub.

Every audit, MUST and SHOULD alike, must pass: a notice, a warning or an error fails the test.
The audit is installed by ``make test`` (``make audit-tools``: ``npm ci`` in
``tools/graphql-http-audit``, versions pinned in its lock file); it is never skipped.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from starlette.applications import Starlette

from tests.live_server import served

AUDIT = Path(__file__).resolve().parents[2] / "tools" / "graphql-http-audit"


async def test_every_graphql_over_http_audit_passes(app: Starlette) -> None:
    # Given the hub served over HTTP, and the audit suite installed
    assert (AUDIT / "node_modules" / "graphql-http").is_dir(), (
        "run `make audit-tools` (npm ci --prefix tools/graphql-http-audit)"
    )
    async with served(app) as url:
        # When every audit of graphql-http runs against /graphql
        node = await asyncio.create_subprocess_exec(
            "node",
            str(AUDIT / "audit.mjs"),
            f"{url}/graphql",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(node.communicate(), timeout=120)
    # Then all of them report ok: no error, no warning, no notice
    results = [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]
    failures = [result for result in results if result["status"] != "ok"]
    assert node.returncode == 0 and not failures, (failures, stderr.decode()[-2000:])
    assert len(results) >= 61, stdout.decode()
