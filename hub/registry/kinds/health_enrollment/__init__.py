"""The health-insurance enrolment kind: one card validity period of one insured person."""
