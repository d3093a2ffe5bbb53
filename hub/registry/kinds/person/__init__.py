"""The person kind: people known to the registry, keyed by an opaque id, not the citizen ID."""

PERSON = "person"
"""The entity type of this kind, as ingestion, stewardship and the API name it."""
