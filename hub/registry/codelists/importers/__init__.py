"""Readers that turn a published code list into an ``ImportedList``, with no database access."""
