"""GraphQL types, one module per domain, converting domain objects for the API."""
