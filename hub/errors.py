"""Domain errors, free of HTTP and GraphQL types; the API layers translate them."""

from __future__ import annotations


class HubError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(HubError):
    """The thing asked for does not exist (or the caller may not know that it does)."""

    code = "NOT_FOUND"


class Forbidden(HubError):
    """The caller is known but not allowed to do this."""

    code = "FORBIDDEN"


class Invalid(HubError):
    """The input is malformed; the message names the offending argument."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class Conflict(HubError):
    """The target changed meanwhile; the caller must reload and retry."""

    code = "CONFLICT"


class Unauthenticated(HubError):
    """The caller gave no credentials, and this needs them."""

    code = "UNAUTHENTICATED"


class PurposeRequired(HubError):
    """An agency read personal data without stating a purpose registered for its client."""

    code = "PURPOSE_REQUIRED"


class Contention(Conflict):
    """Another transaction wrote the same rows at the same time (two ingestions of the same new
    record, say). Nothing was stored; running the whole unit of work again is safe.
    """

    retriable = True


class Unavailable(HubError):
    """The hub cannot do this at the moment, through no fault of the request: retry shortly.

    ``retry_after_seconds`` is how long to wait first (``extensions.retryAfter``; over HTTP,
    status 503 with ``Retry-After``).
    """

    code = "UNAVAILABLE"

    def __init__(self, message: str, *, retry_after_seconds: int = 1) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
