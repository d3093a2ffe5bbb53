"""Trusted documents: per-client allow-lists of GraphQL documents, registered by hash."""
