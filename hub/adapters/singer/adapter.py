"""A Singer tap run as a child process: SCHEMA, RECORD and STATE messages read from its
standard output; each STATE is a checkpoint (stored with its batch) and is given back to the
tap as ``--state FILE`` on the next run.

A raw record carries its stream's mapping, so a dead letter is replayed without the file.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hub.adapters.protocol import (
    Adapter,
    AdapterConfig,
    BadRecord,
    Checkpoint,
    ConfigurationError,
    Item,
    RawRecord,
    RecordError,
    Stream,
    TransientError,
)
from hub.adapters.singer.mapping import TapMapping
from hub.registry.pipeline.inputs import SourceRecordInput

TAP_PREFIX = "tap:"
STREAM = "singer"
_LINE_LIMIT = 16 * 1024 * 1024


class SingerTapConfig(AdapterConfig):
    """The tap's command line and the mapping of its streams."""

    command: str
    mapping: TapMapping


class SingerTapAdapter(Adapter[SingerTapConfig]):
    """Reads a Singer tap's messages. Built by ``tap_adapter`` (its name is ``tap:<name>``)."""

    name = "singer-tap"
    system = "singer"
    description = "any Singer tap: SCHEMA/RECORD/STATE messages from its standard output"
    config_class = SingerTapConfig
    source_option = "command"

    async def check(self) -> str:
        """The command names a program."""
        words = shlex.split(self.config.command)
        if not words:
            raise ConfigurationError("--tap: the command is empty")
        return f"{words[0]}: streams {', '.join(sorted(self.config.mapping.streams))}"

    def streams(self) -> Sequence[Stream]:
        """One stream: the tap's messages (its state is one document)."""
        types = tuple(sorted({m.entity_type for m in self.config.mapping.streams.values()}))
        return (Stream(name=STREAM, entity_types=types, key="per mapping"),)

    async def read(self, stream: Stream, state: Mapping[str, Any] | None) -> AsyncIterator[Item]:
        """Run the tap (with ``--state`` when there is one) and yield its records and states."""
        await self.check()
        with tempfile.TemporaryDirectory(prefix="hub-tap-") as folder:
            arguments = shlex.split(self.config.command)
            if state and "value" in state:
                state_file = Path(folder) / "state.json"
                state_file.write_text(json.dumps(state["value"]), encoding="utf-8")
                arguments += ["--state", str(state_file)]
            try:
                process = await asyncio.create_subprocess_exec(
                    *arguments,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.PIPE,
                    limit=_LINE_LIMIT,
                )
            except OSError as error:
                raise ConfigurationError(f"--tap: cannot start {arguments[0]!r}: {error}") from None
            assert process.stdout is not None and process.stderr is not None
            errors = asyncio.create_task(process.stderr.read())
            try:
                async for item in self._messages(process.stdout):
                    yield item
            finally:
                if process.returncode is None:
                    try:
                        code = await asyncio.wait_for(process.wait(), timeout=30)
                    except TimeoutError:
                        process.kill()
                        code = await process.wait()
                else:
                    code = process.returncode
            tail = (await errors).decode("utf-8", "replace").strip()[-500:]
            if code != 0:
                raise TransientError(f"the tap exited with status {code}: {tail or 'no output'}")

    async def _messages(self, stdout: asyncio.StreamReader) -> AsyncIterator[Item]:
        streams = self.config.mapping.streams
        read = 0
        async for line in stdout:
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                text = line.decode("utf-8", "replace")[:2000]
                yield BadRecord({"line": text}, f"not a Singer message (JSON): {error}")
                continue
            kind = message.get("type") if isinstance(message, dict) else None
            if kind == "RECORD":
                name = message.get("stream")
                if name not in streams:
                    continue  # a stream the mapping does not take
                read += 1
                mapping = streams[name].model_dump()
                record = message.get("record")
                raw = {"stream": name, "record": record, "mapping": mapping}
                raw["system"] = self.system
                source = record.get(mapping["source_id"]) if isinstance(record, dict) else None
                yield RawRecord(raw, None if source is None else str(source)[:128])
            elif kind == "STATE":
                yield Checkpoint({"value": message.get("value")}, done=read)
            elif kind not in ("SCHEMA", "ACTIVATE_VERSION", "BATCH"):
                yield BadRecord({"message": message}, f"unknown Singer message type {kind!r}")

    @classmethod
    def parse(cls, stream: str, raw: Mapping[str, Any]) -> list[SourceRecordInput]:
        """The source record of one RECORD, by the mapping it carries."""
        mapping, record = raw.get("mapping"), raw.get("record")
        if not isinstance(mapping, Mapping) or not isinstance(raw.get("system"), str):
            raise RecordError("the raw record lacks its mapping")
        if not isinstance(record, Mapping):
            raise RecordError(f"record: found {type(record).__name__}; expected a JSON object")
        key = mapping["source_id"]
        source_id = record.get(key)
        if source_id is None or str(source_id).strip() == "":
            raise RecordError(f"{key}: found {source_id!r}; expected the record's id (the key)")
        updated = _updated_at(record, mapping.get("updated_at"))
        fields = mapping.get("fields")
        payload = (
            {target: record.get(origin) for target, origin in fields.items()}
            if isinstance(fields, Mapping)
            else dict(record)
        )
        present = {k: v for k, v in payload.items() if v is not None}
        return [
            SourceRecordInput(
                str(raw["system"]), str(source_id), present, updated, str(mapping["entity_type"])
            )
        ]


def _updated_at(record: Mapping[str, Any], field: str | None) -> datetime:
    if field is None:
        return datetime.now(UTC)
    value = record.get(field)
    expected = "expected an ISO 8601 time (a time without a zone is taken as UTC)"
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"{field}: found {value!r}; {expected}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def tap_adapter(command: str, mapping: TapMapping) -> SingerTapAdapter:
    """The adapter of one tap: named ``tap:<name>`` for its runs, lease and checkpoint."""
    named = type(
        "NamedSingerTap",
        (SingerTapAdapter,),
        {"name": f"{TAP_PREFIX}{mapping.name}", "system": mapping.system},
    )
    adapter: SingerTapAdapter = named(SingerTapConfig(command=command, mapping=mapping))
    return adapter
