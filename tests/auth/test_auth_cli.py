"""``hub keys``, ``hub agencies``, ``hub purposes`` and ``hub clients`` on a fresh SQLite file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from joserfc.jwk import ECKey
from typer.testing import CliRunner

from hub.cli import app
from hub.settings import get_settings


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner on a migrated, empty SQLite database."""
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    cli = CliRunner()
    assert cli.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield cli
    get_settings.cache_clear()


def test_register_an_agency_client_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    # Given an agency (QCVN 102 form) and a purpose
    agency = runner.invoke(app, ["agencies", "create", "--code", "000.00.18.G12", "--name", "BHXH"])
    purpose = runner.invoke(
        app,
        [
            "purposes",
            "create",
            "--code",
            "health-insurance-claim",
            "--vi",
            "Bảo hiểm y tế",
            "--en",
            "Health insurance",
            "--legal-basis",
            "Luật BHYT",
        ],
    )
    assert agency.exit_code == 0, agency.output
    assert "agency G12.18 created" in agency.output
    assert purpose.exit_code == 0, purpose.output
    # When a client is created for it
    created = runner.invoke(
        app,
        [
            "clients",
            "create",
            "--agency",
            "G12.18",
            "--name",
            "Claims",
            "--scopes",
            "person.identity:read health:read",
            "--purposes",
            "health-insurance-claim",
            "--grant-type",
            "client_credentials",
            "--grant-type",
            "token-exchange",
        ],
    )
    # Then its id and secret are printed once
    assert created.exit_code == 0, created.output
    client_id = re.search(r"client_id:\s+(\S+)", created.output)
    secret = re.search(r"client_secret:\s+(\S+)", created.output)
    assert client_id is not None
    assert secret is not None
    # And it is listed (without its secret), and can be given a delay, a new secret, disabled
    delay = runner.invoke(
        app,
        [
            "clients",
            "set-purpose",
            client_id.group(1),
            "health-insurance-claim",
            "--disclosure-delay-days",
            "30",
        ],
    )
    rotated = runner.invoke(app, ["clients", "rotate-secret", client_id.group(1)])
    disabled = runner.invoke(app, ["clients", "disable", client_id.group(1)])
    listed = runner.invoke(app, ["clients", "list"])
    assert delay.exit_code == rotated.exit_code == disabled.exit_code == listed.exit_code == 0
    assert "client_secret:" in rotated.output
    assert client_id.group(1) in listed.output
    assert "health-insurance-claim(+30d)" in listed.output
    assert "disabled" in listed.output
    assert secret.group(1) not in listed.output
    assert "G12.18" in runner.invoke(app, ["agencies", "list"]).output
    assert "health-insurance-claim" in runner.invoke(app, ["purposes", "list"]).output


def test_private_key_jwt_client_from_a_jwks_file(runner: CliRunner, tmp_path: Path) -> None:
    # Given an agency and a public JWKS file
    runner.invoke(app, ["agencies", "create", "--code", "G12", "--name", "Bộ (test)"])
    key = ECKey.generate_key("P-256", parameters={"kid": "k"}, private=True)
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    # When a private_key_jwt client is created with it
    created = runner.invoke(
        app,
        [
            "clients",
            "create",
            "--agency",
            "G12",
            "--name",
            "Signed",
            "--scopes",
            "land:read",
            "--auth-method",
            "private_key_jwt",
            "--jwks-file",
            str(jwks),
        ],
    )
    # Then it gets an id and no secret
    assert created.exit_code == 0, created.output
    assert "client_id:" in created.output
    assert "client_secret" not in created.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--agency", "G12", "--name", "x", "--scopes", "nope:read"], "unknown scope 'nope:read'"),
        (["--agency", "G12", "--name", "x", "--purposes", "nope"], "unknown purpose 'nope'"),
        (["--agency", "G77", "--name", "x"], "unknown agency 'G77'"),
        (["--agency", "12G", "--name", "x"], "invalid agency code '12G'"),
        (
            [
                "--agency",
                "G12",
                "--name",
                "x",
                "--jwks-file",
                "/no/such/file.json",
                "--auth-method",
                "private_key_jwt",
            ],
            "cannot read the JWKS file",
        ),
    ],
)
def test_refused_input_exits_with_code_2(
    runner: CliRunner, arguments: list[str], message: str
) -> None:
    # Given an agency G12
    runner.invoke(app, ["agencies", "create", "--code", "G12", "--name", "Bộ (test)"])
    # When a client is created with a bad argument
    result = runner.invoke(app, ["clients", "create", *arguments])
    # Then the reason is printed and the exit code is 2
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_keys_rotate_and_list(runner: CliRunner) -> None:
    # Given a fresh database
    # When the key is rotated twice
    first = runner.invoke(app, ["keys", "rotate"])
    second = runner.invoke(app, ["keys", "rotate"])
    listed = runner.invoke(app, ["keys", "list"])
    # Then the list shows one active and one retired key
    assert first.exit_code == second.exit_code == listed.exit_code == 0
    assert len(re.findall(r"│\s*active\s*│", listed.output)) == 1
    assert len(re.findall(r"│\s*retired\s*│", listed.output)) == 1
    new_kid = re.search(r"new signing key (\S+)", second.output)
    assert new_kid is not None
    assert new_kid.group(1) in listed.output
