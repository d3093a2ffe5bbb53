"""The grant types the hub's token endpoint supports (no implicit, no password grant)."""
