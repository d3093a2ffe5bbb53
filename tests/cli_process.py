"""Run the installed ``hub`` command in a child process, as a person types it in a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HUB = Path(sys.executable).parent / "hub"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shell_environment(**variables: str) -> dict[str, str]:
    """Return this process's environment without any ``HUB_`` variable, plus ``variables``."""
    kept = {k: v for k, v in os.environ.items() if not k.upper().startswith("HUB_")}
    return kept | variables


def run_hub(
    *arguments: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``hub ARGUMENTS`` in ``cwd`` (by default with no ``HUB_`` variable set)."""
    return subprocess.run(
        [str(HUB), *arguments],
        cwd=cwd,
        env=shell_environment() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
