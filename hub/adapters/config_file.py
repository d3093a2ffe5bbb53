"""Adapter configuration: one TOML file (``HUB_ADAPTERS_CONFIG``, ``adapters.toml`` by
default) with a table per adapter, and secrets from environment variables only.

A secret field (``SecretStr``) never comes from the file: the file may name the variable
(``client_secret_env = "MY_VARIABLE"``), else it is ``HUB_<ADAPTER>_<FIELD>`` (for example
``HUB_HEALTH_INSURANCE_CLIENT_SECRET``). ``--source`` sets the adapter's source field (its
folder or base URL), so a file-based adapter needs no file at all.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

from hub.adapters.protocol import Adapter, AdapterConfig, ConfigurationError

SCHEDULE_KEY = "schedule"
"""A key of an adapter's table read by ``hub worker``, not by the adapter."""


def read_file(path: Path) -> dict[str, dict[str, Any]]:
    """Return the file's tables by adapter name (nothing when the file does not exist)."""
    if not path.exists():
        return {}
    try:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path} is not valid TOML: {error}") from error
    tables = {name: value for name, value in parsed.items() if isinstance(value, dict)}
    if len(tables) != len(parsed):
        raise ConfigurationError(f"{path}: every top-level entry must be a [adapter] table")
    return tables


def secret_fields(config_class: type[AdapterConfig]) -> list[str]:
    """The names of the configuration's secret fields."""
    return [
        name
        for name, info in config_class.model_fields.items()
        if info.annotation is SecretStr or info.annotation == SecretStr | None
    ]


def environment_variable(adapter: str, field_name: str) -> str:
    """The default variable of a secret field: ``HUB_<ADAPTER>_<FIELD>``."""
    return f"HUB_{adapter}_{field_name}".upper().replace("-", "_")


def build_config(
    adapter_class: type[Adapter[Any]],
    table: Mapping[str, Any],
    *,
    source: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> AdapterConfig:
    """Build the adapter's configuration from its table, the environment and ``--source``;
    raise ``ConfigurationError`` naming every wrong field (never a secret's value)."""
    name = adapter_class.name
    values = {k: v for k, v in table.items() if k != SCHEDULE_KEY}
    for field_name in secret_fields(adapter_class.config_class):
        if field_name in values:
            raise ConfigurationError(
                f"[{name}] {field_name}: secrets are read from environment variables, never "
                f"from the file; remove it and set {environment_variable(name, field_name)} "
                f"(or name another variable with {field_name}_env)"
            )
        variable = values.pop(f"{field_name}_env", environment_variable(name, field_name))
        if variable in environ:
            values[field_name] = environ[variable]
        elif adapter_class.config_class.model_fields[field_name].is_required():
            raise ConfigurationError(
                f"{name} needs the secret {field_name}: set the environment variable {variable}"
            )
    if source is not None:
        values[adapter_class.source_option] = source
    try:
        return adapter_class.config_class.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or name}: {e['msg']}"
            for e in error.errors(include_input=False, include_url=False)
        )
        raise ConfigurationError(f"{name} is misconfigured: {problems}") from None


def configured_adapter(path: Path, name: str, source: str | None = None) -> Adapter[Any]:
    """The adapter called ``name``, configured from the file at ``path``, the environment and
    ``source`` (a folder or base URL overriding the file's)."""
    from hub.adapters.registry import adapter_class  # the registry imports every adapter

    cls = adapter_class(name)
    return cls(build_config(cls, read_file(path).get(name, {}), source=source))
