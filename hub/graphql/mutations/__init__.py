"""GraphQL mutations, one module per domain."""
