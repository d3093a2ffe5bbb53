"""The health-insurance enrolment kind: one card validity period of one insured person."""

HEALTH_INSURANCE_ENROLLMENT = "health_insurance_enrollment"
"""The entity type of this kind, as ingestion, stewardship and the API name it."""
