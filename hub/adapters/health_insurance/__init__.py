"""The social-insurance card system: a paginated JSON API behind OAuth2 client credentials
(``../shared/formats/health-insurance.md``), its adapter and its simulator."""
