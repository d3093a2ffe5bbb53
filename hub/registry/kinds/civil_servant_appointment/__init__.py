"""The civil-servant appointment kind: a person in a position of an organization."""

CIVIL_SERVANT_APPOINTMENT = "civil_servant_appointment"
"""The entity type of this kind, as ingestion, stewardship and the API name it."""
