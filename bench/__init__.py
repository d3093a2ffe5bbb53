"""Benchmarks: each module has ``run() -> list[Result]``; ``python -m bench`` runs them all."""
