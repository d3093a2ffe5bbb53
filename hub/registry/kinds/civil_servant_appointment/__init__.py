"""The civil-servant appointment kind: a person in a position of an organization."""
