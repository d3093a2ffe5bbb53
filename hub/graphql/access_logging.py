"""Writes the reads of one GraphQL operation to the access log, once, when it is done.

The field permissions (``hub.graphql.permissions``) note each allowed read in the operation's
``ReadCollector``; this extension makes the collector, then hands its reads to
``hub.audit.append_reads`` in the request's session, so that they are committed at the request
edge with the read itself. The collector travels in a context variable because the resolvers
of one operation (and the tasks graphql-core starts for them) share its context.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult, StreamExecutionResult
from strawberry.types.graphql import OperationType

from hub.audit.reads import Read, ReadCollector, Reader
from hub.audit.service import append_reads
from hub.errors import HubError, Unavailable
from hub.principals.principal import Principal, PrincipalKind

logger = logging.getLogger("hub.graphql")

_reads: ContextVar[ReadCollector | None] = ContextVar("hub_access_reads", default=None)
_Result = ExecutionResult | GraphQLExecutionResult


def current_reads() -> ReadCollector:
    """Return the collector of the running operation; fail if there is none."""
    collector = _reads.get()
    if collector is None:
        # Fail closed: a schema without AccessLogging must not return personal data.
        raise RuntimeError("personal data resolved outside an access-logged operation")
    return collector


def reader_of(principal: Principal) -> Reader:
    """Return how the access log names ``principal``."""
    agency = principal.kind in (PrincipalKind.CLIENT, PrincipalKind.DELEGATED)
    bound = principal.kind in (PrincipalKind.CITIZEN, PrincipalKind.DELEGATED)
    return Reader(
        kind=principal.kind.value,
        client_id=principal.client_id,
        agency_code=principal.agency_code,
        end_user=principal.person_id if bound else None,
        token_id=principal.token_id,
        purpose_code=principal.purpose if agency else None,
        case=principal.case if agency else None,
    )


class AccessLogging(SchemaExtension):
    """Collects the reads of one operation and appends them to the access log at its end.

    Reads are logged even when other fields of the operation failed: the data was read. When
    the log cannot be written, the operation's data is withheld and the error returned.

    Over HTTP the result is sent after the operation ends, and the request edge commits. Over
    a WebSocket (``Schema.stream``) each result is sent as soon as it is yielded, before the
    operation ends, and no edge commits: there the reads are written and committed in
    ``on_stream_result``, before the result leaves.
    """

    def __init__(self, *, shards: int) -> None:
        super().__init__()
        self.shards = shards
        self._collector = ReadCollector()

    async def on_operation(self) -> AsyncIterator[None]:
        """Collect while the operation runs, then write what no streamed result wrote."""
        self._collector = ReadCollector()
        token = _reads.set(self._collector)
        try:
            yield
        finally:
            _reads.reset(token)
        result = self.execution_context.result
        reads = self._collector.take()
        if reads:
            await self._write(
                reads,
                result if isinstance(result, ExecutionResult | GraphQLExecutionResult) else None,
            )

    async def on_stream_result(self, result: StreamExecutionResult) -> AsyncIterator[None]:
        """Log the reads behind a streamed result, and commit them, before it is sent."""
        # Incremental-delivery frames are refused by the WebSocket transports before they are sent.
        if isinstance(result, ExecutionResult):
            reads = self._collector.take()
            if reads:
                await self._write(reads, result)
            if isinstance(self.execution_context.context.request, WebSocket):
                await self._commit_websocket_operation(result)
        yield

    async def _write(self, reads: list[Read], result: _Result | None) -> None:
        context = self.execution_context.context
        await write_reads(
            context,
            reads,
            result,
            operation_name=self.execution_context.operation_name,
            shards=self.shards,
            group_commit=self._by_group_commit(),
        )

    def _by_group_commit(self) -> bool:
        # A query over HTTP writes nothing but its log: the process's writer appends it with
        # other requests' and commits before the response leaves. A mutation's reads stay in
        # its own transaction, committed with (or rolled back with) what it changed; a
        # WebSocket operation commits its session itself.
        context = self.execution_context.context
        return (
            context.access_log is not None
            and not isinstance(context.request, WebSocket)
            and self.execution_context.operation_type is OperationType.QUERY
        )

    async def _commit_websocket_operation(self, result: _Result) -> None:
        # A WebSocket's session lives as long as the connection and nothing commits it, so
        # the access-log entries (and any mutation) would be rolled back at disconnect after
        # the data was sent. Each operation is therefore its own unit of work.
        session = self.execution_context.context.session
        try:
            await session.commit()
        except Exception:
            await session.rollback()
            reference = uuid.uuid4().hex[:12]
            logger.exception("websocket operation commit failed %s", reference)
            _withhold(
                result,
                f"Internal error (reference {reference}).",
                {"code": "INTERNAL", "reference": reference},
            )


async def write_reads(
    context: Any,
    reads: list[Read],
    result: _Result | None,
    *,
    operation_name: str | None,
    shards: int,
    group_commit: bool,
) -> None:
    """Append ``reads`` to the access log; when that fails, withhold ``result``'s data and put
    the error in its place (the compiled read path writes here too).

    With ``group_commit`` the process's writer appends them with other requests' and commits
    before returning; otherwise they go into the request's own session.
    """
    try:
        if group_commit:
            assert context.access_log is not None
            # The query's reads are over: its session ends its transaction (nothing to keep
            # but what the edge would commit anyway) and hands its connection back, which the
            # writer may need: requests holding every pooled connection while they wait for
            # the writer would wait for ever.
            await context.session.commit()
            await context.access_log.append(
                reader_of(context.principal),
                reads,
                operation_name=operation_name,
                request_id=context.request_id,
            )
        else:
            await append_reads(
                context.session,
                reader_of(context.principal),
                reads,
                operation_name=operation_name,
                request_id=context.request_id,
                shards=shards,
            )
    except Unavailable as error:
        _withhold(
            result,
            error.message,
            {"code": error.code, "retryAfter": error.retry_after_seconds},
        )
        _ask_to_retry(context.response, error.retry_after_seconds)
    except HubError as error:
        _withhold(result, error.message, {"code": error.code})
    except Exception:
        reference = uuid.uuid4().hex[:12]
        logger.exception("access log write failed %s", reference)
        _withhold(
            result,
            f"Internal error (reference {reference}).",
            {"code": "INTERNAL", "reference": reference},
        )


def _ask_to_retry(response: object, seconds: int) -> None:
    # Over HTTP the answer says "try again" to proxies and clients too; a WebSocket message has
    # no status, and there the error's retryAfter says it.
    if isinstance(response, Response):
        response.status_code = 503
        response.headers["Retry-After"] = str(seconds)


def _withhold(result: _Result | None, message: str, extensions: dict[str, Any]) -> None:
    if result is not None:
        result.data = None
        result.errors = [GraphQLError(message, extensions=extensions)]
