"""The ``hub simulate`` commands: the source systems, simulated, for development and demos."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from hub.sync_cli import console, fail

simulate_app = typer.Typer(help="Simulated source systems.", no_args_is_help=True)


@simulate_app.command("health-insurance")
def simulate_health_insurance(
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8100,
    host: str = "127.0.0.1",
    persons: Annotated[int, typer.Option(min=1, help="Generated persons.")] = 1000,
    seed: int = 7,
    faults: Annotated[
        str, typer.Option(help="Comma-separated: 500,timeout,reset,malformed,repeat,429.")
    ] = "",
    fault_rate: Annotated[float, typer.Option(min=0, max=1)] = 0.2,
    latency: Annotated[float, typer.Option(min=0, help="Seconds per page.")] = 0.0,
    bad_share: Annotated[float, typer.Option(min=0, max=1, help="Malformed items.")] = 0.0,
    client_id: str = "hub",
) -> None:
    """Serve the social-insurance card system's API with generated persons. The client
    secret is HUB_SIMULATOR_CLIENT_SECRET (default ``simulator-secret``)."""
    import uvicorn

    from hub.adapters.health_insurance.simulated_data import items
    from hub.adapters.health_insurance.simulator import FAULTS, SimulatorOptions, create_simulator
    from hub.registry.population.generator import load_geography

    chosen = tuple(f for f in faults.split(",") if f)
    unknown = sorted(set(chosen) - set(FAULTS))
    if unknown:
        fail(f"unknown faults {', '.join(unknown)}; known: {', '.join(FAULTS)}", 2)
    options = SimulatorOptions(
        client_id=client_id,
        client_secret=os.environ.get("HUB_SIMULATOR_CLIENT_SECRET", "simulator-secret"),
        latency_seconds=latency,
        faults=chosen,
        fault_rate=fault_rate if chosen else 0.0,
        seed=seed,
    )
    data = items(load_geography(), persons, seed=seed, bad_share=bad_share)
    console.print(
        f"health-insurance simulator: {len(data)} persons on http://{host}:{port} "
        f"(faults: {', '.join(chosen) or 'none'})"
    )
    uvicorn.run(create_simulator(data, options), host=host, port=port, log_level="warning")


@simulate_app.command("land-records")
def simulate_land_records(
    folder: Annotated[Path, typer.Argument(help="The drop folder to write batch files into.")],
    persons: Annotated[int, typer.Option(min=1, help="Generated persons.")] = 1000,
    seed: int = 7,
) -> None:
    """Write the cadastral database's XML change batches of generated parcels."""
    from hub.adapters.land_records.simulator import write_batches
    from hub.registry.population.generator import load_geography

    written = write_batches(folder, load_geography(), persons, seed=seed)
    console.print(f"land-records: wrote {len(written)} batch file(s) into {folder}")


@simulate_app.command("cadre-management")
def simulate_cadre_management(
    folder: Annotated[Path, typer.Argument(help="The drop folder to write exports into.")],
    persons: Annotated[int, typer.Option(min=1, help="Generated persons.")] = 1000,
    seed: int = 7,
) -> None:
    """Write the HR software's exports (XLSX, and CSV in UTF-8, Windows-1258, VNI, TCVN3)."""
    from hub.adapters.cadre_management.simulator import write_exports
    from hub.registry.population.generator import load_geography

    written = write_exports(folder, load_geography(), persons, seed=seed)
    console.print(f"cadre-management: wrote {len(written)} export file(s) into {folder}")
