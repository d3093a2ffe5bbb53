"""Run every benchmark in ``bench/`` and print one table: ``make bench``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from rich.console import Console
from rich.table import Table

import bench
from bench.harness import Result

# graphql_peers serves three stacks over HTTP for minutes: run it on its own.
NOT_BENCHMARKS = {"harness", "__main__", "graphql_peers"}


def main(selected: list[str]) -> None:
    """Run the benchmarks named in ``selected`` (all when empty) and print the table."""
    console = Console(width=160)
    results: list[Result] = []
    for module_info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if module_info.name in NOT_BENCHMARKS or (selected and module_info.name not in selected):
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        started = time.perf_counter()
        console.print(f"running bench.{module_info.name} ...")
        results.extend(module.run())
        console.print(f"  done in {time.perf_counter() - started:.1f} s")
    table = Table("benchmark", "case", "ops", "mean µs", "p50 µs", "p95 µs", "× baseline")
    for r in results:
        ratio = "baseline" if r.ratio is None else f"{r.ratio:.2f}× {r.baseline}"
        table.add_row(
            r.benchmark,
            r.case,
            str(r.operations),
            f"{r.mean_us:.0f}",
            f"{r.p50_us:.0f}",
            f"{r.p95_us:.0f}",
            ratio,
        )
    console.print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
