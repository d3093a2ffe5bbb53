"""Discovery filtered by rights: the SDL a client sees, as X-Road's allowed-methods.

A field declaring ``@requiresScopes`` is kept only when the client holds every scope of one
of its inner lists; types that no remaining field, argument, interface or union reaches from
the root types are then dropped, and so are object types left with no field (and the fields
that returned them). Fields without a declared scope (public reference data, or rules that
depend on who calls, such as ``me``) stay: their checks still run at execution.

The filtering works on the printed SDL (parsed by graphql-core), so descriptions and the
``@requiresScopes`` marks of the kept fields are printed as in the full schema.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import replace

from graphql import (
    DefinitionNode,
    DirectiveNode,
    DocumentNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    ListTypeNode,
    ListValueNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    StringValueNode,
    TypeDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    parse,
    print_ast,
)
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from hub.auth.clients import get_client
from hub.errors import NotFound
from hub.graphql.permissions import usable_scopes
from hub.http.session import state
from hub.principals.principal import ANONYMOUS

_DIRECTIVE = "requiresScopes"
_ROOTS = ("Query", "Mutation", "Subscription")
_BUILT_IN = frozenset({"String", "Int", "Float", "Boolean", "ID"})
_WITH_FIELDS = (ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode)


def filtered_sdl(sdl: str, scopes: Collection[str]) -> str:
    """Return ``sdl`` restricted to the fields a holder of ``scopes`` may read."""
    held = frozenset(scopes)
    document = parse(sdl)
    types: dict[str, TypeDefinitionNode] = {}
    others: list[DefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, TypeDefinitionNode):
            types[definition.name.value] = _allowed_fields(definition, held)
        else:
            others.append(definition)
    _drop_empty(types)
    kept = _reachable(types, _roots(others))
    definitions = [
        definition
        for definition in document.definitions
        if not isinstance(definition, TypeDefinitionNode) or definition.name.value in kept
    ]
    definitions = [
        types[definition.name.value] if isinstance(definition, TypeDefinitionNode) else definition
        for definition in definitions
    ]
    return print_ast(DocumentNode(definitions=tuple(definitions))) + "\n"


def _allowed(directives: Iterable[DirectiveNode] | None, held: frozenset[str]) -> bool:
    for directive in directives or ():
        if directive.name.value != _DIRECTIVE:
            continue
        for argument in directive.arguments or ():
            if not isinstance(argument.value, ListValueNode):
                return False
            alternatives = [
                {item.value for item in inner.values if isinstance(item, StringValueNode)}
                for inner in argument.value.values
                if isinstance(inner, ListValueNode)
            ]
            if not any(alternative <= held for alternative in alternatives):
                return False
    return True


def _allowed_fields(definition: TypeDefinitionNode, held: frozenset[str]) -> TypeDefinitionNode:
    if not isinstance(definition, _WITH_FIELDS):
        return definition
    fields = tuple(field for field in definition.fields or () if _allowed(field.directives, held))
    return replace(definition, fields=fields)


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, (ListTypeNode, NonNullTypeNode)):
        type_node = type_node.type
    assert isinstance(type_node, NamedTypeNode)
    return type_node.name.value


def _drop_empty(types: dict[str, TypeDefinitionNode]) -> None:
    """Drop object and interface types with no field left, and the fields returning them."""
    while True:
        empty = {
            name
            for name, definition in types.items()
            if isinstance(definition, _WITH_FIELDS) and not definition.fields
        }
        if not empty:
            return
        for name in empty:
            del types[name]
        for name, definition in list(types.items()):
            if isinstance(definition, _WITH_FIELDS):
                types[name] = replace(
                    definition,
                    fields=tuple(f for f in definition.fields or () if _named(f.type) not in empty),
                    interfaces=tuple(
                        i for i in definition.interfaces or () if i.name.value not in empty
                    ),
                )
            elif isinstance(definition, UnionTypeDefinitionNode):
                members = tuple(t for t in definition.types or () if t.name.value not in empty)
                types[name] = (
                    replace(definition, types=members) if members else _emptied(definition)
                )


def _emptied(union: UnionTypeDefinitionNode) -> ObjectTypeDefinitionNode:
    # A union with no member left is dropped in the next round, as an empty object type is.
    return ObjectTypeDefinitionNode(name=union.name, fields=(), interfaces=(), directives=())


def _roots(definitions: Iterable[DefinitionNode]) -> list[str]:
    for definition in definitions:
        if isinstance(definition, SchemaDefinitionNode):
            return [operation.type.name.value for operation in definition.operation_types]
    return list(_ROOTS)


def _references(definition: TypeDefinitionNode) -> Iterable[str]:
    if isinstance(definition, _WITH_FIELDS):
        yield from (interface.name.value for interface in definition.interfaces or ())
        for field in definition.fields or ():
            yield from _field_references(field)
    elif isinstance(definition, InputObjectTypeDefinitionNode):
        yield from (_named(value.type) for value in definition.fields or ())
    elif isinstance(definition, UnionTypeDefinitionNode):
        yield from (member.name.value for member in definition.types or ())


def _field_references(field: FieldDefinitionNode) -> Iterable[str]:
    yield _named(field.type)
    arguments: tuple[InputValueDefinitionNode, ...] = field.arguments or ()
    yield from (_named(argument.type) for argument in arguments)


def _reachable(types: dict[str, TypeDefinitionNode], roots: list[str]) -> set[str]:
    """Names of the types reached from ``roots``; a reached interface brings its kept
    implementations, which a client may receive through it."""
    implementations: dict[str, list[str]] = {}
    for name, definition in types.items():
        if isinstance(definition, _WITH_FIELDS):
            for interface in definition.interfaces or ():
                implementations.setdefault(interface.name.value, []).append(name)
    seen: set[str] = set()
    pending = [root for root in roots if root in types]
    while pending:
        name = pending.pop()
        if name in seen or name not in types:
            continue
        seen.add(name)
        pending.extend(_references(types[name]))
        pending.extend(implementations.get(name, ()))
    return seen | (_BUILT_IN & set(types))


async def client_sdl(session: AsyncSession, sdl: str, client_id: str) -> str:
    """The SDL restricted to the scopes registered for ``client_id`` (``NotFound`` if none)."""
    record = await get_client(session, client_id)
    if record is None:
        raise NotFound(f"No client {client_id!r} is registered.")
    return filtered_sdl(sdl, record.client.scope.split())


def schema_route(sdl: str) -> Callable[[Request], Awaitable[Response]]:
    """``GET /graphql/schema``: the SDL the caller's token (or session) allows, as text.

    Anonymous callers get 401: what a caller may see depends on who it is. The filtered SDL is
    cached per set of scopes, since it depends on nothing else.
    """
    cache: dict[frozenset[str], str] = {}

    async def schema(request: Request) -> Response:
        principal = state(request.scope).get("principal", ANONYMOUS)
        if principal.is_anonymous:
            body = {
                "errors": [
                    {
                        "message": "Present an access token (or sign in) to read the schema "
                        "your scopes allow.",
                        "extensions": {"code": "UNAUTHENTICATED"},
                    }
                ]
            }
            return JSONResponse(body, status_code=401, headers={"www-authenticate": "Bearer"})
        scopes = frozenset(str(scope) for scope in usable_scopes(principal))
        if scopes not in cache:
            cache[scopes] = filtered_sdl(sdl, scopes)
        return PlainTextResponse(cache[scopes])

    return schema
