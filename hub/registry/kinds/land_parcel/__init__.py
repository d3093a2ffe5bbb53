"""The land parcel kind: a parcel, its right holders and its lineage."""

LAND_PARCEL = "land_parcel"
"""The entity type of this kind, as ingestion, stewardship and the API name it."""
