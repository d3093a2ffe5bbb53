"""GraphQL subscriptions."""
