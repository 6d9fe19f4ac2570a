"""Domain errors raised by services and mapped by routes to form errors, flashes or HTTP codes."""


class DomainError(Exception):
    """Base class. `field` names the form field the message belongs next to, if any."""

    status_code = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """Input that breaks a domain rule."""


class NotFound(DomainError):
    """The thing does not exist (or the user may not know it exists)."""

    status_code = 404


class PermissionDenied(DomainError):
    """The user may not do this."""

    status_code = 403


class Conflict(DomainError):
    """The request conflicts with the current state (already booked, full, ...)."""

    status_code = 409
