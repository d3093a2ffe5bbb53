"""The suite passes whatever the developer's shell exports, their .env holds, or their terminal.

Tests once read HUB_ISSUER and HUB_ENVIRONMENT from the shell (74 failed with HUB_ISSUER
exported) and CLI messages wrapped at the terminal's width. ``tests/conftest.py`` now drops
every HUB_ variable but the suite's own, ignores .env and pins the width; this runs a part of
the suite (and collects all of it, where module-level settings are read) in a poisoned shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli_process import PROJECT_ROOT

POISON = {
    "COLUMNS": "80",
    "TERMINAL_WIDTH": "40",
    "FORCE_COLOR": "1",
    "HUB_ISSUER": "http://example:9",
    "HUB_ENVIRONMENT": "production",
    "HUB_DATABASE_URL": "sqlite+aiosqlite:///nowhere.db",
    "HUB_GRAPHIQL": "perhaps",
    "HUB_DEBUG": "1",
}
DOTENV = "HUB_ENVIRONMENT=production\nHUB_ISSUER=http://dotenv:1\nHUB_AUDIT_SHARDS=0\n"
# Tests that read the issuer, the environment or the terminal's width before the fix.
SAMPLE = " or ".join(
    [
        "test_missing_file_exits_with_2",
        "test_unknown_bundled_list_is_refused",
        "test_a_post_from_another_origin_is_anonymous",
        "test_agency_read_is_shown_to_the_citizen",
        "test_a_wrong_setting_is_named_in_one_line",
    ]
)


def test_the_suite_ignores_the_developers_environment(tmp_path: Path) -> None:
    # Given a shell exporting HUB_ variables and a narrow terminal, and a .env in the folder
    (tmp_path / ".env").write_text(DOTENV, encoding="utf-8")
    # (the suite's own HUB_TEST_ variables are left out: this run is on SQLite only)
    shell = {k: v for k, v in os.environ.items() if not k.upper().startswith("HUB_")} | POISON
    # When the suite is collected whole and a sample of it runs there
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(PROJECT_ROOT / "pyproject.toml"),
            "--rootdir",
            str(PROJECT_ROOT),
            "-k",
            SAMPLE,
            str(PROJECT_ROOT / "tests"),
        ],
        cwd=tmp_path,
        env=shell,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    # Then everything is collected, the sample passes, and no database was made where it ran
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout
    assert " error" not in done.stdout
    assert list(tmp_path.glob("*.db")) == []
