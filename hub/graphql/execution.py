"""The executor of the hub's operations: no resolver outlives the operation it belongs to.

When a field's error reaches a non-null parent, graphql-core answers at once and leaves the
sibling resolvers it had already started to finish "in the background". Those resolvers use the
request's database session: left running, they would query it while the access log is written
and the request edge commits, and after the edge has closed it. This executor waits for them
before the result goes on, so that the operation's database work is over when it ends.
"""

from __future__ import annotations

import asyncio
from typing import Any

from graphql.pyutils import is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class SettledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, returning only once every resolver it started has settled."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        """Execute the operation, then wait for the work left in the background."""
        result = super().execute_operation(serially)
        if not is_awaitable(result) and not self.background_futures:
            return result
        return self._settled(result)

    async def _settled(self, result: Any) -> Any:
        try:
            return await result if is_awaitable(result) else result
        finally:
            while self.background_futures:
                await asyncio.wait(list(self.background_futures))
