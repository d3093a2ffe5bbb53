"""The master-data registry: identifiers, code lists, records and stewardship."""
