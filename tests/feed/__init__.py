"""Tests of the change feed."""
