"""The committed SDL is the printed schema, so every API change shows in review."""

from __future__ import annotations

from pathlib import Path

from hub.graphql.schema import print_schema

COMMITTED = Path(__file__).resolve().parents[2] / "hub" / "graphql" / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == print_schema(), (
        "hub/graphql/schema.graphql is stale: run `make schema` and review the diff"
    )


def test_every_field_has_a_description() -> None:
    # Agency developers read these in GraphiQL; an undocumented field is a defect.
    from graphql import GraphQLObjectType

    from hub.graphql.schema import build_schema
    from hub.settings import Settings

    schema = build_schema(Settings())._schema
    missing = [
        f"{name}.{field_name}"
        for name, graphql_type in schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType) and not name.startswith("__")
        for field_name, field in graphql_type.fields.items()
        if not field.description
    ]
    assert missing == []
