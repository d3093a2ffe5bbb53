"""Browsing the registry for the API: filtered pages of masters and their history."""
