"""Liên thông Hub: a GraphQL data-sharing hub with a master-data registry."""

from __future__ import annotations

__version__ = "0.1.0"
