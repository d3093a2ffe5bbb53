"""The mapping file of a Singer tap: which streams become which entity types, and how.

```toml
name = "hr-postgres"          # runs, checkpoints and dead letters are kept under tap:<name>
system = "hr_database"        # the ``system`` of the source records

[streams.public-employees]    # a tap stream (its ``stream`` name)
entity_type = "person"
source_id = "id"              # the record field holding the record's id at the source
updated_at = "updated_at"     # optional: the field of its last change (else the read time)
[streams.public-employees.fields]   # optional: payload field = record field (else the record)
full_name = "name"
birth_date = "dob"
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hub.adapters.protocol import ConfigurationError
from hub.registry.kinds import KINDS


class StreamMapping(BaseModel):
    """How one tap stream becomes source records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entity_type: str
    source_id: str = Field(min_length=1)
    updated_at: str | None = None
    fields: dict[str, str] | None = None


class TapMapping(BaseModel):
    """The whole mapping file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=56, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    system: str = Field(min_length=1, max_length=64)
    streams: dict[str, StreamMapping] = Field(min_length=1)


def read_mapping(path: Path) -> TapMapping:
    """Read and check the mapping file; ``ConfigurationError`` says what is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"the mapping file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path} is not TOML: {error}") from None
    try:
        mapping = TapMapping.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}"
            for e in error.errors(include_input=False, include_url=False)
        )
        raise ConfigurationError(f"{path}: {problems}") from None
    for stream, each in mapping.streams.items():
        if each.entity_type not in KINDS:
            known = ", ".join(sorted(KINDS))
            raise ConfigurationError(
                f"{path}: streams.{stream}.entity_type: found {each.entity_type!r}; "
                f"expected one of {known}"
            )
    return mapping
