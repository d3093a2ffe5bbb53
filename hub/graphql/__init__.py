"""The GraphQL API layer: schema, context, limits, errors and per-domain types.

It lives inside ``hub`` so that it never shadows the ``graphql`` library strawberry imports.
"""
