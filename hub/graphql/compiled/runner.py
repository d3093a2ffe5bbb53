"""Runs a GraphQL request through its compiled plan, or says the resolvers must.

``CompiledReads.execute`` is the one call the HTTP view makes (``hub.graphql.view``). It
returns None whenever the request is not one the compiled path answers in full; the view then
executes it with Strawberry exactly as before. Plans are cached by document hash, operation
name and the caller's rights (kind, scopes, purpose registered or not, assurance level).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import orjson
import strawberry
from graphql import FieldNode, GraphQLSchema
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import ExecutionResult

from hub.audit.reads import ReadCollector
from hub.graphql.access_logging import write_reads
from hub.graphql.arguments import text_errors
from hub.graphql.compiled.admin_units import plan_units
from hub.graphql.compiled.documents import Documents, Operation
from hub.graphql.compiled.person import plan_person
from hub.graphql.compiled.persons import plan_persons
from hub.graphql.compiled.plans import Fallback, Request, RootPlan, response_key
from hub.graphql.compiled.sql import Dialect
from hub.graphql.context import Context
from hub.graphql.limits import validation_rules
from hub.kit.clock import utcnow
from hub.principals.principal import Principal
from hub.settings import Settings

_Rights = tuple[object, ...]


def rights_of(principal: Principal) -> _Rights:
    """What a plan depends on: everything rules 1-3 look at, nothing about one record."""
    purpose_ok = principal.purpose is not None and principal.purpose in principal.allowed_purposes
    return (principal.kind, principal.scopes, purpose_ok, principal.assurance)


def plan_root(node: FieldNode, principal: Principal) -> RootPlan | None:
    """Compile one root field for ``principal``, or None when the resolvers must run it."""
    name = node.name.value
    if name == "person":
        return plan_person(node, principal)
    if name == "persons":
        return plan_persons(node, principal)
    if name == "administrativeUnits":
        return plan_units(node)
    return None


class CompiledReads:
    """The compiled read path of one schema: document and plan caches, and the runner."""

    def __init__(self, schema: strawberry.Schema, settings: Settings) -> None:
        self.graphql_schema: GraphQLSchema = schema._schema
        self.documents = Documents(
            self.graphql_schema,
            validation_rules(settings),
            max_tokens=settings.graphql_max_tokens,
            size=settings.graphql_cache_size,
        )
        self.size = settings.graphql_cache_size
        self.shards = settings.audit_shards
        self._plans: OrderedDict[tuple[object, ...], list[RootPlan] | None] = OrderedDict()

    def plan(self, operation: Operation, principal: Principal) -> list[RootPlan] | None:
        """The root plans of ``operation`` for ``principal``'s rights (cached)."""
        cache_key = (operation.key, rights_of(principal))
        if cache_key in self._plans:
            self._plans.move_to_end(cache_key)
            return self._plans[cache_key]
        planned: list[RootPlan] = []
        roots: list[RootPlan] | None = planned
        selections = operation.operation.selection_set.selections
        fields = [s for s in selections if isinstance(s, FieldNode)]
        keys = [response_key(f) for f in fields]
        if len(fields) != len(selections) or len(set(keys)) != len(keys):
            roots = None
        else:
            for field in fields:
                root = plan_root(field, principal)
                if root is None:
                    roots = None
                    break
                planned.append(root)
        self._plans[cache_key] = roots
        if len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return roots

    async def execute(
        self,
        context: Context,
        query: str | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> ExecutionResult | None:
        """Answer the request from its plan, or return None for the resolvers to answer it."""
        if query is None:
            return None
        operation = self.documents.get(query, operation_name)
        if operation is None:
            return None
        principal = context.principal
        if principal.has_expired(utcnow()):
            return None  # the resolvers treat it as anonymous
        roots = self.plan(operation, principal)
        if not roots or text_errors(operation.document, query, variables):
            return None
        coerced = get_variable_values(
            self.graphql_schema, operation.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):
            return None
        query_type = self.graphql_schema.query_type
        assert query_type is not None
        reads = ReadCollector()
        dialect = Dialect(_dialect_of(context.session))
        data: dict[str, Any] = {}
        for root in roots:
            definition = query_type.fields[root.node.name.value]
            request = Request(
                session=context.session,
                principal=principal,
                arguments=get_argument_values(definition, root.node, coerced),
                reads=reads,
                dialect=dialect,
                today=context.today,
            )
            answer = await root.run(request)
            if isinstance(answer, Fallback):
                return None
            data[root.key] = None if answer is None else orjson.Fragment(answer)
        result = ExecutionResult(data=data, errors=None)
        taken = reads.take()
        if taken:
            await write_reads(
                context,
                taken,
                result,
                operation_name=operation.name,
                shards=self.shards,
                # Only queries over HTTP are compiled: the same case the resolvers' extension
                # hands to the process's group-commit writer.
                group_commit=context.access_log is not None,
            )
        return result


def _dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name
