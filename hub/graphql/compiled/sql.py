"""SQL fragments per dialect for JSON built by the database.

PostgreSQL builds with ``json_build_object``/``json_agg``; SQLite with ``json_object``/
``json_group_array``, where a JSON value read back from a sub-select must be wrapped in
``json(...)`` to stay JSON instead of becoming a string.

Keys and column names come from the schema and the catalogues only; a key is a GraphQL name
(``[_A-Za-z][_0-9A-Za-z]*``, enforced by the parser and checked again here) and every value a
caller sends is a bound parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def key(name: str) -> str:
    """Return ``name`` as an SQL string literal; refuse anything but a GraphQL name."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a GraphQL name: {name!r}")
    return f"'{name}'"


@dataclass(frozen=True)
class Dialect:
    """How one database builds JSON."""

    name: str

    @property
    def postgres(self) -> bool:
        """True for PostgreSQL."""
        return self.name == "postgresql"

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        """A JSON object of ``(key, SQL expression)`` pairs, in order."""
        function = "json_build_object" if self.postgres else "json_object"
        return f"{function}({', '.join(f'{key(k)}, {e}' for k, e in pairs)})"

    def nested(self, expression: str) -> str:
        """A JSON value coming from a sub-select or CASE, kept as JSON."""
        return expression if self.postgres else f"json({expression})"

    def array(self, element: str, order: str) -> str:
        """Aggregate ``element`` of the rows in ``order`` (SQLite: the sub-select's order)."""
        if self.postgres:
            return f"COALESCE(json_agg({element} ORDER BY {order}), '[]'::json)"
        return f"json_group_array({element})"

    def as_text(self, expression: str) -> str:
        """The JSON of the outermost select as text: the driver then hands the bytes on as they
        are (SQLAlchemy would decode a ``json`` column of PostgreSQL into Python objects)."""
        return f"CAST({expression} AS TEXT)" if self.postgres else expression

    def boolean(self, condition: str) -> str:
        """A JSON boolean of an SQL condition."""
        if self.postgres:
            return f"to_json({condition})"
        return f"json(CASE WHEN {condition} THEN 'true' ELSE 'false' END)"

    def false(self) -> str:
        """The JSON constant false."""
        return "'false'::json" if self.postgres else "json('false')"

    def date_parameter(self, name: str) -> str:
        """A bound date shown as JSON text (PostgreSQL must be told the parameter's type)."""
        return f"CAST(:{name} AS DATE)" if self.postgres else f":{name}"

    def date_value(self, value: date) -> object:
        """A date as the driver binds it (SQLite stores dates as ISO text)."""
        return value if self.postgres else value.isoformat()
