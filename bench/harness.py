"""Timing and reporting shared by the benchmarks."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One measured case of a benchmark."""

    benchmark: str
    case: str
    operations: int
    mean_us: float
    p50_us: float
    p95_us: float
    baseline: str | None = None
    ratio: float | None = None


async def measure(
    benchmark: str,
    case: str,
    operation: Callable[[int], Awaitable[object]],
    *,
    operations: int,
    warmup: int = 50,
) -> Result:
    """Time ``operation(i)`` for ``operations`` iterations after a warm-up."""
    for i in range(warmup):
        await operation(i)
    timings: list[float] = []
    for i in range(operations):
        started = time.perf_counter()
        await operation(i)
        timings.append((time.perf_counter() - started) * 1e6)
    timings.sort()
    return Result(
        benchmark=benchmark,
        case=case,
        operations=operations,
        mean_us=statistics.fmean(timings),
        p50_us=timings[len(timings) // 2],
        p95_us=timings[int(len(timings) * 0.95)],
    )


def against(result: Result, baseline: Result) -> Result:
    """Return ``result`` with its mean time as a ratio to ``baseline``'s."""
    return Result(
        **{**result.__dict__, "baseline": baseline.case, "ratio": result.mean_us / baseline.mean_us}
    )


async def measure_concurrent(
    benchmark: str,
    case: str,
    operation: Callable[[int], Awaitable[object]],
    *,
    operations: int,
    concurrency: int,
    warmup: int = 50,
) -> Result:
    """Run ``operation(i)`` ``operations`` times, ``concurrency`` at once, after a warm-up.

    The mean is the wall time divided by the operations (the inverse of the throughput);
    p50 and p95 are of each operation's own latency.
    """
    for i in range(warmup):
        await operation(i)
    timings: list[float] = []
    numbers = iter(range(operations))

    async def worker() -> None:
        for i in numbers:
            started = time.perf_counter()
            await operation(i)
            timings.append((time.perf_counter() - started) * 1e6)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = (time.perf_counter() - started) * 1e6
    timings.sort()
    return Result(
        benchmark=benchmark,
        case=case,
        operations=operations,
        mean_us=wall / operations,
        p50_us=timings[len(timings) // 2],
        p95_us=timings[int(len(timings) * 0.95)],
    )
