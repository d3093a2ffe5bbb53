"""Batch matching of a spreadsheet against itself or the registry (`hub match`)."""
