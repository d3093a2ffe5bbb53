"""The organization kind: agencies and enterprises."""

ORGANIZATION = "organization"
"""The entity type of this kind, as ingestion, stewardship and the API name it."""
