"""Who calls and what they may read: the principal every service receives and the scopes it
holds. A leaf package: the registry, auth, GraphQL and audit all import it, and it imports
none of them.
"""
