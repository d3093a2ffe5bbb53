"""Adapters: the hub pulls records from the source systems (and takes records they push),
keeps each as sent and folds it into golden records through ``hub.registry.ingestion``.
"""
