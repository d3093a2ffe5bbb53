"""``healthInsuranceEnrollment``: the enrolment behind a health-insurance card code, on a day.

An enrolment is a person's data: the lookup needs ``health:read`` (as ``Person.healthInsurance``)
and, for agencies, a purpose; the read is logged for the enrolled person. Citizens and agencies
acting for one read only that citizen's cards, and an unknown card is refused to them exactly
as someone else's is (``hub.graphql.permissions``, rule 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import strawberry

from hub.errors import Invalid
from hub.graphql.access_logging import current_reads
from hub.graphql.arguments import clean
from hub.graphql.context import Info
from hub.graphql.permissions import check_subject, person_lookup
from hub.graphql.types.health_insurance import HealthInsuranceEnrollment
from hub.kit.periods import in_force
from hub.principals.scopes import Scope
from hub.registry.identifiers.health_insurance_card import validate_health_insurance_card
from hub.registry.kinds.health_enrollment import reads as health
from hub.registry.kinds.health_enrollment.models import (
    HealthInsuranceEnrollment as EnrollmentRecord,
)

ARGUMENT = "cardCode"


@strawberry.type
class HealthInsuranceQueries:
    """Queries on health-insurance enrolments."""

    @strawberry.field(
        description=(
            "The enrolment printed with `cardCode` (15 characters, or the bare 10-digit number; "
            "spaces, dots and dashes ignored). With `asOf`, the enrolment in force that day "
            "(`validFrom <= asOf < validTo`, open ends count), else null; without it, the "
            "latest enrolment of the card, whatever its dates. Scope health:read and a "
            "purpose (citizens: assurance level 2, and only their own cards); the read is "
            "logged for the enrolled person. A malformed code is BAD_USER_INPUT."
        ),
        extensions=person_lookup(Scope.HEALTH_READ),
    )
    async def health_insurance_enrollment(
        self, info: Info, card_code: str, as_of: date | None = None
    ) -> HealthInsuranceEnrollment | None:
        """Find an enrolment by card code; see ``hub.graphql.permissions`` for the checks."""
        code = _card_code(card_code)
        found = await health.enrollments_by_card(info.context.session, code)
        chosen = _in_force(found, as_of) if as_of is not None else _latest(found)
        principal = info.context.principal
        if chosen is not None:
            check_subject(principal, chosen.person_id)
        else:
            # Nothing in force that day: the card's holder learns that, anyone else is refused.
            holders = {e.person_id for e in found}
            check_subject(
                principal, principal.person_id if principal.person_id in holders else None
            )
            return None
        if chosen.person_id is not None:
            current_reads().record(
                chosen.person_id, Scope.HEALTH_READ.value, "healthInsuranceEnrollment"
            )
        return HealthInsuranceEnrollment(record=chosen)


def _card_code(value: str) -> str:
    checked = validate_health_insurance_card(clean(value, ARGUMENT))
    if not checked.valid or checked.normalized is None:
        reasons = "; ".join(error.message for error in checked.errors)
        raise Invalid(
            f"Argument '{ARGUMENT}' is not a health-insurance card code: {reasons}",
            argument=ARGUMENT,
        )
    return checked.normalized


def _in_force(enrollments: Sequence[EnrollmentRecord], day: date) -> EnrollmentRecord | None:
    running = [e for e in enrollments if in_force(e.valid_from, e.valid_to, day)]
    return _latest(running)


def _latest(enrollments: Sequence[EnrollmentRecord]) -> EnrollmentRecord | None:
    # Latest start first; the id breaks ties so that both databases answer alike.
    ranked = sorted(enrollments, key=lambda e: (e.valid_from or date.min, e.id), reverse=True)
    return ranked[0] if ranked else None
