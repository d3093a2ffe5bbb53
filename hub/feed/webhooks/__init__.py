"""Webhooks: endpoints agencies register, signed deliveries, retries and replay."""
