"""A real third-party OpenID Connect provider for the federation tests: npm ``oidc-provider``.

The package is installed by the test suite itself into a cache folder keyed by its pinned
version (``~/.cache/lienthong-hub/oidc-provider/<version>``; ``HUB_TEST_CACHE_DIR`` moves the
cache), under a file lock so that parallel runs install once. The session fixture
``oidc_provider`` starts ``provider.mjs`` with Node on 127.0.0.1 on a free port and stops it by
its process id. Without Node.js or npm the fixture fails with a message saying so; it never
skips.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

OIDC_PROVIDER_VERSION = "9.13.3"
SCRIPT = Path(__file__).with_name("provider.mjs")
HUB_ORIGIN = "http://hub.test"
HUB_REDIRECT_URI = f"{HUB_ORIGIN}/auth/callback"
OTHER_REDIRECT_URI = "http://other-portal.test/callback"
_START_TIMEOUT_SECONDS = 30
_INSTALL_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class ProviderClient:
    """A client registered at the test provider."""

    client_id: str
    client_secret: str
    redirect_uri: str
    auth_method: str = "client_secret_basic"
    id_token_alg: str = "RS256"

    def registration(self) -> dict[str, object]:
        """Return the client metadata for oidc-provider."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": [self.redirect_uri],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
            "token_endpoint_auth_method": self.auth_method,
            "id_token_signed_response_alg": self.id_token_alg,
        }


# A secret with ":", " ", "+" and "/" checks the form-encoding of client_secret_basic.
HUB_CLIENT = ProviderClient("lienthong-hub", "hub-secret: x+1/2", HUB_REDIRECT_URI)
HUB_POST_CLIENT = ProviderClient(
    "lienthong-hub-post", "hub-post-secret", HUB_REDIRECT_URI, auth_method="client_secret_post"
)
HUB_ES256_CLIENT = ProviderClient(
    "lienthong-hub-es256", "hub-es256-secret", HUB_REDIRECT_URI, id_token_alg="ES256"
)
OTHER_CLIENT = ProviderClient("other-portal", "other-portal-secret", OTHER_REDIRECT_URI)
CLIENTS = (HUB_CLIENT, HUB_POST_CLIENT, HUB_ES256_CLIENT, OTHER_CLIENT)

LEVEL_1 = "urn:vneid:loa:1"
LEVEL_2 = "urn:vneid:loa:2"
UNMAPPED_ACR = "urn:vneid:loa:9"

# Accounts of the test provider: account id → identity claims.
ACCOUNTS: dict[str, dict[str, str]] = {
    # Unknown to the registry until first sign-in (born 1978 in Hải Phòng 031, female).
    "hoang-thi-lan": {
        "name": "Hoàng Thị Lan",
        "family_name": "Hoàng",
        "middle_name": "Thị",
        "given_name": "Lan",
        "birthdate": "1978-05-09",
        "gender": "female",
        "citizen_id": "031178000512",
    },
    # Known to the registry in the linking test (born 1990 in Nghệ An 040, male).
    "vu-duc-thang": {
        "name": "Vũ Đức Thắng",
        "birthdate": "1990-12-24",
        "gender": "male",
        "citizen_id": "040090001234",
    },
    # A citizen-ID claim that is not a citizen ID.
    "broken-id": {"name": "Đỗ Văn Bình", "birthdate": "1980-01-01", "citizen_id": "12345"},
    # A citizen ID that encodes a woman born in 1995 while the claims say a man born in 1996.
    "inconsistent": {
        "name": "Đặng Quốc Huy",
        "birthdate": "1996-02-02",
        "gender": "male",
        "citizen_id": "001195000777",
    },
}


@dataclass(frozen=True)
class RunningProvider:
    """The started provider: its issuer and where its log goes."""

    issuer: str
    log: Path


def _fail(message: str) -> None:
    pytest.fail(message, pytrace=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _fail(
            f"`{name}` was not found on PATH: the e-identity federation tests run the npm package "
            f"oidc-provider@{OIDC_PROVIDER_VERSION} and need Node.js 20+ and npm installed"
        )
    assert path is not None
    return path


def cache_root() -> Path:
    """Return the folder that holds the pinned oidc-provider installation."""
    base = os.environ.get("HUB_TEST_CACHE_DIR") or str(Path.home() / ".cache" / "lienthong-hub")
    return Path(base) / "oidc-provider" / OIDC_PROVIDER_VERSION


def _installed_version(root: Path) -> str | None:
    manifest = root / "node_modules" / "oidc-provider" / "package.json"
    if not manifest.is_file():
        return None
    version = json.loads(manifest.read_text()).get("version")
    return version if isinstance(version, str) else None


def install_oidc_provider() -> Path:
    """Install oidc-provider at the pinned version into the cache unless it is there."""
    npm = _tool("npm")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version(root) == OIDC_PROVIDER_VERSION:
            return root
        (root / "package.json").write_text('{"name": "hub-test-oidc-provider", "private": true}\n')
        try:
            done = subprocess.run(
                [
                    npm,
                    "install",
                    "--no-audit",
                    "--no-fund",
                    f"oidc-provider@{OIDC_PROVIDER_VERSION}",
                ],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=_INSTALL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            _fail(f"npm install oidc-provider@{OIDC_PROVIDER_VERSION} took over 300 s in {root}")
        if done.returncode != 0 or _installed_version(root) != OIDC_PROVIDER_VERSION:
            _fail(
                f"npm install oidc-provider@{OIDC_PROVIDER_VERSION} failed in {root} "
                f"(exit {done.returncode}):\n{done.stderr[-2000:]}"
            )
    return root


def provider_config() -> dict[str, object]:
    """Return the provider's clients, accounts and acr values."""
    return {
        "clients": [client.registration() for client in CLIENTS],
        "accounts": ACCOUNTS,
        "acrValues": [LEVEL_1, LEVEL_2, UNMAPPED_ACR],
    }


def _wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("READY "):
                return line.removeprefix("READY ").strip()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    _fail(f"oidc-provider did not start (exit {process.poll()}); its log:\n{log.read_text()}")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    """Start the npm oidc-provider once per test session and stop it afterwards."""
    node = _tool("node")
    root = install_oidc_provider()
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    env = {
        **os.environ,
        "OIDC_PROVIDER_ROOT": str(root),
        "PROVIDER_CONFIG": json.dumps(provider_config()),
        "MAX_SECONDS": "900",
        "NODE_NO_WARNINGS": "1",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [node, str(SCRIPT)], stdout=output, stderr=subprocess.STDOUT, env=env
        )
    try:
        issuer = _wait_until_ready(process, log)
        yield RunningProvider(issuer=issuer, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
