"""The land parcel kind: a parcel, its right holders and its lineage."""
