"""Console blocks of the Markdown docs, run as written: the commands after ``$ `` in a
```` ```console ```` block are run in one shell, in order, and what they print must match the
lines the block shows after them.

In the expected lines, ``...`` stands for any text (a whole line of it for any number of
lines), and ``{{NAME}}`` for one word (up to a space, quote or comma) that is kept as the shell variable ``NAME`` for the
commands that follow (a client secret printed once, say). Everything else must be printed
exactly. A block whose info string is ``console no-run`` is shown, not run.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

_FENCE = re.compile(r"^```console\s*$\n(.*?)^```\s*$", re.M | re.S)
_CAPTURE = re.compile(r"\{\{([A-Z_][A-Z0-9_]*)\}\}")
_HEREDOC = re.compile(r"<<-?'?(\w+)'?")


@dataclass
class Step:
    """One command and the output the document shows for it."""

    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0
    """Where the command starts in the document (1-based), for messages."""


def steps(document: Path) -> list[Step]:
    """Return the steps of every runnable console block of ``document``, in order."""
    text = document.read_text()
    found: list[Step] = []
    for block in _FENCE.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        current: Step | None = None
        continuing = False
        for offset, line in enumerate(block.group(1).splitlines()):
            if continuing and current is not None:
                current.command += "\n" + line
                continuing = _incomplete(current.command)
            elif line.startswith("$ "):
                current = Step(line[2:], line=first_line + offset)
                found.append(current)
                continuing = _incomplete(current.command)
            elif current is not None:
                current.expected.append(line)
    return found


def _incomplete(command: str) -> bool:
    """Tell whether a command goes on on the next line: a trailing backslash, an open quote, or
    a here-document (``<<'EOF'``) not yet closed by its ``EOF`` line."""
    heredoc = _HEREDOC.search(command)
    if heredoc is not None:
        return command.rstrip("\n").splitlines()[-1] != heredoc.group(1) or (
            command.count("\n") == 0
        )
    if command.endswith("\\"):
        return True
    try:
        shlex.split(command)
    except ValueError:
        return True
    return False


def pattern(expected: list[str]) -> re.Pattern[str]:
    """Return the regular expression the output of a step must match as a whole."""
    parts: list[str] = []
    seen: set[str] = set()
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces: list[str] = []
        for index, chunk in enumerate(_CAPTURE.split(line.rstrip())):
            if index % 2:
                # A name captured twice must be the same word both times.
                pieces.append(f"(?P={chunk})" if chunk in seen else f"(?P<{chunk}>[^\\s\"',]+)")
                seen.add(chunk)
            else:
                pieces.append(r"[^\n]*?".join(re.escape(p) for p in chunk.split("...")))
        parts.append("".join(pieces) + r"[ \t]*\n")
    return re.compile("".join(parts) + r"\Z")


def captures(expected: list[str]) -> list[str]:
    """Return the variable names a step's expected output captures."""
    return [name for line in expected for name in _CAPTURE.findall(line)]
