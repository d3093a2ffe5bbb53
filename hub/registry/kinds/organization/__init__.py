"""The organization kind: agencies and enterprises."""
