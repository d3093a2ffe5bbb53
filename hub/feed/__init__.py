"""The change feed: outbox events as CloudEvents, filtered by the receiver's rights, delivered
over GraphQL subscriptions, signed webhooks and NATS JetStream (docs/change-feed.md)."""
