"""The hash-chained access log: who read which attribute group of whom, when and why.

``verify`` recomputes every chain (``hub audit verify``); ``append_reads`` writes the reads of
one request; ``anchor`` records the shard heads (``hub audit anchor``).
"""

from __future__ import annotations

from hub.audit.service import anchor, append_reads, person_log
from hub.audit.verify import Problem, Report, verify

__all__ = ["Problem", "Report", "anchor", "append_reads", "person_log", "verify"]
