"""``me``: the signed-in citizen's own page."""

from __future__ import annotations

import strawberry

from hub.graphql.context import Info
from hub.graphql.permissions import citizen_only
from hub.graphql.types.me import Me


@strawberry.type
class MeQueries:
    """Queries of the signed-in citizen."""

    @strawberry.field(
        description=(
            "Your own page: your record, who read your data, your consents. Only for citizens "
            "signed in with their e-identity."
        ),
        extensions=citizen_only(),
    )
    def me(self, info: Info) -> Me | None:
        """The citizen's page."""
        person_id = info.context.principal.person_id
        assert person_id is not None  # citizen_only() admits only citizens bound to a person
        return Me(person_id=person_id)
