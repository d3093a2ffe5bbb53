"""The walkthroughs of the README and docs/ run as written (``console_blocks``): a document
whose commands or outputs drifted from what the hub does fails here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.walkthroughs.console_blocks import captures, pattern, steps
from tests.walkthroughs.project import Project, running_project
from tests.walkthroughs.shell import Shell

ROOT = Path(__file__).parent.parent.parent
DOCUMENTS = [
    "README.md",
    "docs/master-records.md",
    "docs/access.md",
    "docs/eid.md",
    "docs/auth-server.md",
    "docs/batch-match.md",
]
"""The documents whose console blocks run against a project as ``make run`` leaves it."""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A project of its own for each document, as a reader who just ran ``make run`` has."""
    with running_project(tmp_path) as served:
        yield served


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_walkthrough_runs_as_written(project: Project, document: str) -> None:
    # given a fresh shell in the project folder, as the reader's terminal
    shell = Shell(project.folder, project.environment)
    try:
        for step in steps(ROOT / document):
            # when each command runs
            output, status = shell.run(project.localise(step.command))
            # HTTP headers end their lines with CR LF; the document shows lines.
            output = output.replace("\r\n", "\n")
            if output and not output.endswith("\n"):
                output += "\n"
            # then it prints what the document shows
            expected = [project.localise(line) for line in step.expected]
            found = pattern(expected).match(output)
            assert found is not None, (
                f"{document}:{step.line}: {step.command}\n--- the document shows:\n"
                + "\n".join(expected)
                + f"\n--- the hub printed (exit {status}):\n{output}"
            )
            for name in captures(step.expected):
                shell.set(name, found.group(name))
    finally:
        shell.close()
