"""What a kind's validator makes of a source record: the valid values that may become golden,
the values known to be degraded, and the findings. Nothing is dropped: the payload is kept as
sent whatever the validator finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
"""A finding that keeps the value out of the golden record (the record is ``FLAGGED``)."""
WARNING = "warning"
"""A finding worth a steward's look that keeps the value."""
_SPACES = re.compile(r"\s+")


@dataclass
class Validated:
    """A record's normalised valid values, the attributes whose value is known to be degraded
    (ranked last by survivorship), and the flags raised.
    """

    attributes: dict[str, Any] = field(default_factory=dict)
    demoted: list[str] = field(default_factory=list)
    flags: list[dict[str, str]] = field(default_factory=list)

    def flag(self, attribute: str, code: str, message: str, severity: str = ERROR) -> None:
        """Record a finding about ``attribute``."""
        self.flags.append(
            {"attribute": attribute, "code": code, "message": message, "severity": severity}
        )

    @property
    def status(self) -> str:
        """``FLAGGED`` when any finding is an error, else ``VALID``."""
        return "FLAGGED" if any(f["severity"] == ERROR for f in self.flags) else "VALID"


def text_value(value: Any) -> str | None:
    """Return ``value`` as text with single spaces, or ``None`` when blank."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None
