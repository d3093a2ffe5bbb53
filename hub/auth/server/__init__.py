"""The hub's OAuth2 authorization server: authlib's framework-free core behind Starlette routes.

authlib is synchronous and the hub's database is not, so every request runs in three steps:
``snapshot`` loads what the grant may need, authlib decides over that snapshot (in a worker
thread, since secret hashing and signing cost CPU), and ``effects`` writes what it decided.
"""
