"""Stewardship: match review, merge and unmerge, overrides, quality figures; every action
needs the ``registry:steward`` scope and is logged with its reason.
"""
