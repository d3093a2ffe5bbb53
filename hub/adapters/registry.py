"""The adapters the hub knows, by name: adding one is a folder and a line here."""

from __future__ import annotations

from typing import Any

from hub.adapters.cadre_management.adapter import CadreManagementAdapter
from hub.adapters.health_insurance.adapter import HealthInsuranceAdapter
from hub.adapters.land_records.adapter import LandRecordsAdapter
from hub.adapters.protocol import Adapter, ConfigurationError

ADAPTERS: dict[str, type[Adapter[Any]]] = {
    adapter.name: adapter
    for adapter in (
        LandRecordsAdapter,
        HealthInsuranceAdapter,
        CadreManagementAdapter,
    )
}


def adapter_class(name: str) -> type[Adapter[Any]]:
    """Return the adapter class called ``name``; a specific error names the known ones."""
    try:
        return ADAPTERS[name]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise ConfigurationError(f"no adapter named {name!r}; known adapters: {known}") from None
