"""Authentication and authorisation: the hub's OAuth2 server, e-identity federation, scopes,
purposes, principals and consent."""
