"""The person kind: people known to the registry, keyed by an opaque id, not the citizen ID."""
