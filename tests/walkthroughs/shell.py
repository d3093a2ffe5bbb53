"""One bash process that runs a document's commands in order, so that a variable one command
sets (``TOKEN=$(curl ...)``) is there for the next, as in the reader's terminal."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
import uuid
from pathlib import Path


class Shell:
    """A bash process in ``folder`` with ``environment``; ``run`` returns what a command printed
    (standard output and error, in order) and its exit status."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            cwd=folder,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def run(self, command: str, timeout: float = 300.0) -> tuple[str, int]:
        """Run ``command``; return its output and exit status."""
        marker = f"__walkthrough_{uuid.uuid4().hex}__"
        assert self._process.stdin is not None and self._process.stdout is not None
        script = f"{command}\nprintf '\\n{marker}%s\\n' \"$?\"\n"
        self._process.stdin.write(script.encode())
        self._process.stdin.flush()
        output = self._read_until(marker, timeout)
        text, _, status = output.rpartition(f"\n{marker}")
        return text, int(status.strip())

    def set(self, name: str, value: str) -> None:
        """Set a shell variable (a value an earlier step printed)."""
        quoted = value.replace("'", "'\\''")
        self.run(f"{name}='{quoted}'")

    def _read_until(self, marker: str, timeout: float) -> str:
        assert self._process.stdout is not None
        descriptor = self._process.stdout.fileno()
        selector = selectors.DefaultSelector()
        selector.register(descriptor, selectors.EVENT_READ)
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                joined = b"".join(chunks)
                end = joined.find(marker.encode())
                if end >= 0 and joined.find(b"\n", end) >= 0:
                    return joined.decode()
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise TimeoutError(f"no end of command after {timeout} s: {joined[-500:]!r}")
                data = os.read(descriptor, 65536)
                if not data:
                    raise EOFError(f"the shell ended: {joined[-500:]!r}")
                chunks.append(data)
        finally:
            selector.close()

    def close(self) -> None:
        """End the shell."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
