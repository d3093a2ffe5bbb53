"""The citizen portal (``/``) and the steward console (``/console``): server-rendered pages
over the same services, principal, scopes and access log as the GraphQL API."""
