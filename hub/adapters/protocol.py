"""The adapter protocol, on the model of Singer and Airbyte: a typed configuration whose
secrets are marked, ``check`` that fails fast, the streams an adapter offers, and ``read``
that yields raw source records and checkpoints. ``parse`` turns one raw record into the
registry's inputs; it is separate from ``read`` so that a dead letter can be replayed.

Three errors say what the runner does next: ``ConfigurationError`` stops the run,
``TransientError`` is retried (by the adapter, with capped exponential backoff and jitter)
and fails the run when retries run out, ``RecordError`` dead-letters one record.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from hub.registry.pipeline.inputs import SourceRecordInput


class AdapterError(Exception):
    """Base of the adapters' errors; the message is shown to an operator as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(AdapterError):
    """The adapter cannot run as configured (missing folder, bad credentials, unreachable
    host, unknown encoding): the run stops before or without moving data."""


class TransientError(AdapterError):
    """The source failed in a way that may pass (HTTP 5xx, timeout, reset, malformed page)."""


class RecordError(AdapterError):
    """One record cannot be turned into an input; it becomes a dead letter with this reason."""


class AdapterConfig(BaseModel):
    """Base of every adapter's configuration. Secrets are ``SecretStr`` fields: they print as
    ``**********`` and are read from environment variables only (``hub.adapters.config_file``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Stream:
    """A stream an adapter offers: its name, the entity types its records become, the field
    that keys a record and the field the incremental cursor follows (None: full snapshots).
    ``full_snapshot``: a read from the beginning (``--full``) returns every record the source
    holds, so records of the adapter's system it did not return were deleted there and are
    retired (the runner's reconciliation)."""

    name: str
    entity_types: tuple[str, ...]
    key: str
    cursor_field: str | None = None
    full_snapshot: bool = False


@dataclass(frozen=True)
class RawRecord:
    """One record as the source sent it (JSON-serialisable), before parsing."""

    payload: Mapping[str, Any]
    source_id: str | None = None


@dataclass(frozen=True)
class BadRecord:
    """A record ``read`` could not even turn into a raw record (an unreadable row or element):
    dead-lettered with ``error``."""

    payload: Mapping[str, Any]
    error: str
    source_id: str | None = None


@dataclass(frozen=True)
class Checkpoint:
    """The stream's state after every record yielded before it: a run that stops later
    resumes from here. ``done`` and ``total`` feed the progress bar when the source knows."""

    state: Mapping[str, Any]
    done: int | None = None
    total: int | None = None
    after_commit: tuple[Any, ...] = field(default=(), compare=False)
    """Callables (no arguments) to run once the batch ending here committed (e.g. move a file
    to ``done/``): effects outside the database follow the commit, never precede it."""


Item = RawRecord | BadRecord | Checkpoint
C = TypeVar("C", bound=AdapterConfig)


class Adapter(ABC, Generic[C]):
    """A source system the hub syncs from. Subclasses set ``name``, ``system`` (the
    ``system`` of the source records it makes), ``description`` and ``config_class``."""

    name: ClassVar[str]
    system: ClassVar[str]
    description: ClassVar[str]
    config_class: ClassVar[type[AdapterConfig]]
    source_option: ClassVar[str]
    """The config field ``--source`` sets (a folder or a base URL)."""

    def __init__(self, config: C) -> None:
        self.config = config

    @abstractmethod
    async def check(self) -> str:
        """Verify the configuration against the source before any data moves; return a line
        saying what was reached. Raises ``ConfigurationError`` with an actionable message."""

    @abstractmethod
    def streams(self) -> Sequence[Stream]:
        """The streams this adapter offers, in the order a run reads them."""

    @abstractmethod
    def read(self, stream: Stream, state: Mapping[str, Any] | None) -> AsyncIterator[Item]:
        """Yield the stream's records after ``state`` (None: from the beginning), each batch
        followed by a ``Checkpoint``. Raises ``TransientError`` when retries ran out and
        ``ConfigurationError`` when the source refuses the configuration."""

    @classmethod
    @abstractmethod
    def parse(cls, stream: str, raw: Mapping[str, Any]) -> list[SourceRecordInput]:
        """Turn one raw record of ``stream`` into the registry's inputs. Raises
        ``RecordError`` naming the field, what was wrong and what was expected."""
