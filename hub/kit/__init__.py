"""Domain-free helpers shared by every part of the hub."""
