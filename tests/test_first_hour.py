"""The README's commands typed in a shell after ``make run``: the server and the CLI agree.

``make run`` writes ``.env`` (HUB_ENVIRONMENT=development) and the hub reads it from the
current folder, so ``.venv/bin/hub ...`` works without exporting anything; a folder without it
is production, as a deployment that forgot its settings must be.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli_process import PROJECT_ROOT, run_hub, shell_environment

AGENCY = ["--code", "000.00.18.G12", "--name", "Cục Cảnh sát quản lý hành chính về trật tự xã hội"]


def write_dotenv_as_make_run_does(folder: Path) -> None:
    """Make the Makefile's ``.env`` target in ``folder``."""
    made = subprocess.run(
        ["make", "--no-print-directory", "-f", str(PROJECT_ROOT / "Makefile"), ".env"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr


def test_readme_commands_work_in_the_folder_make_run_prepared(tmp_path: Path) -> None:
    # Given a folder where `make run` wrote .env, and a shell exporting no HUB_ variable
    write_dotenv_as_make_run_does(tmp_path)
    assert "HUB_ENVIRONMENT=development" in (tmp_path / ".env").read_text(encoding="utf-8")
    # When the README's commands are typed there
    upgraded = run_hub("db", "upgrade", cwd=tmp_path)
    created = run_hub("agencies", "create", *AGENCY, cwd=tmp_path)
    listed = run_hub("agencies", "list", cwd=tmp_path)
    # Then they work as the README shows, on the database of that folder
    assert upgraded.returncode == 0, upgraded.stderr
    assert created.returncode == 0, created.stderr
    assert "agency G12.18 created" in created.stdout
    assert "G12.18" in listed.stdout
    assert (tmp_path / "hub.db").is_file()


def test_make_keeps_an_existing_dotenv(tmp_path: Path) -> None:
    # Given a .env the developer edited
    edited = "HUB_ENVIRONMENT=development\nHUB_GRAPHIQL=false\n"
    (tmp_path / ".env").write_text(edited, encoding="utf-8")
    # When `make run` prepares the folder again, then the file is left as it was
    write_dotenv_as_make_run_does(tmp_path)
    assert (tmp_path / ".env").read_text(encoding="utf-8") == edited


def test_a_folder_without_dotenv_is_production_and_says_so_in_one_line(tmp_path: Path) -> None:
    # Given a folder without .env and a shell exporting no HUB_ variable
    # When a command runs there
    listed = run_hub("agencies", "list", cwd=tmp_path)
    # Then production refuses the development identity provider, in one line with the remedy
    assert listed.returncode == 2
    assert listed.stderr.startswith("error: HUB_EID_ISSUER must be set in production")
    assert "HUB_ENVIRONMENT=development" in listed.stderr
    assert len(listed.stderr.splitlines()) == 1
    assert not (tmp_path / "hub.db").exists()


def test_the_environment_wins_over_dotenv(tmp_path: Path) -> None:
    # Given .env saying development, and a shell exporting production
    write_dotenv_as_make_run_does(tmp_path)
    # When a command runs there
    exported = shell_environment(HUB_ENVIRONMENT="production")
    listed = run_hub("agencies", "list", cwd=tmp_path, env=exported)
    # Then the exported variable decides
    assert listed.returncode == 2
    assert "HUB_EID_ISSUER must be set in production" in listed.stderr
