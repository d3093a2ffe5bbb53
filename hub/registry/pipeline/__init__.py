"""The kind-independent golden-record pipeline: source records, matching into masters,
survivorship, history, provenance and change events. It never names a kind: each kind is
configuration (an ``EntityKind``) passed in by the caller; ``hub.registry.kinds`` registers them.
"""
