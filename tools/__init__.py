"""Maintenance scripts run by hand (python -m tools.<name>); the hub never runs them."""
