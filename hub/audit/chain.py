"""The hash chain of the access log: shards, canonical entry JSON and entry hashes.

Each shard is its own chain so that concurrent writers queue only when they log reads of
persons in the same shard; ``hub audit verify`` walks every chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from hub.audit.models import AccessEntry

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry of every shard."""

DEFAULT_SHARDS = 16


def shard_of(person_id: str, shards: int) -> int:
    """Return the shard of ``person_id``: a stable hash of the id modulo ``shards``."""
    digest = hashlib.sha256(person_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


HASHED_COLUMNS = (
    "id",
    "shard",
    "seq",
    "at",
    "person_id",
    "attribute_group",
    "attributes",
    "reader_kind",
    "client_id",
    "agency_code",
    "end_user",
    "purpose_code",
    "case",
    "operation_name",
    "request_id",
    "request_log_id",
    "prev_hash",
)
"""Every column of ``access_log`` but ``hash`` itself."""


def hashed_fields(entry: AccessEntry | Mapping[str, Any]) -> dict[str, Any]:
    """Return the columns of ``entry`` (a row or its values) that its hash covers."""
    values = entry if isinstance(entry, Mapping) else {n: getattr(entry, n) for n in HASHED_COLUMNS}
    fields = {name: values[name] for name in HASHED_COLUMNS}
    # Both databases keep microseconds; a fixed UTC rendering makes the text stable.
    fields["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return fields


def canonical_json(fields: dict[str, Any]) -> str:
    """Return ``fields`` as canonical JSON: sorted keys, no spaces, UTF-8 text as is."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: AccessEntry | Mapping[str, Any]) -> str:
    """Return the hash ``entry`` must carry: SHA-256 of its canonical JSON + ``prev_hash``."""
    fields = hashed_fields(entry)
    text = canonical_json(fields) + fields["prev_hash"]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
