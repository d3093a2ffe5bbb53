"""Master records: persons now; organisations, parcels, enrolments and appointments follow."""
