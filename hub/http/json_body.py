"""JSON from a client: every way it can be malformed is a ``JSONDecodeError``, never a crash.

The standard library's parser lets through what a server must refuse or cannot survive: bytes
that are not UTF-8 (it guesses UTF-16 or UTF-32), ``NaN`` and ``Infinity``, integers too long
to convert (``ValueError``) and nesting deep enough to exhaust the stack (``RecursionError``).
Lone surrogates in ``\\u`` escapes stay: they are valid JSON, and the GraphQL layer refuses them
naming the argument that holds them.
"""

from __future__ import annotations

import json


def decode_json(data: str | bytes) -> object:
    """Parse ``data`` (UTF-8 if bytes) or raise ``json.JSONDecodeError`` saying why not."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError("the body is not UTF-8", "", error.start) from None
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise json.JSONDecodeError("the JSON is nested too deeply", "", 0) from None
    except ValueError as error:
        # The integer-digits limit of int(), or a refused constant.
        raise json.JSONDecodeError(str(error), "", 0) from None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")
