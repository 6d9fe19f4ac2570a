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


class Problems(ValidationError):
    """Every field's problem with one submission, so a form can show them all at once (FlaskBB's
    registration service collects before raising). `problems` is [(field or None, message), ...]."""

    def __init__(self, problems):
        problems = list(problems)
        first_field, first_message = problems[0]
        super().__init__(first_message, field=first_field)
        self.problems = problems


class ProblemList:
    """Collects problems while a service checks each field, then raises them together."""

    def __init__(self):
        self.problems: list[tuple[str | None, str]] = []

    def add(self, message, field=None):
        """Note one problem."""
        self.problems.append((field, message))

    def check(self, func, *args, **kwargs):
        """Call `func`; a ValidationError it raises is noted instead (the result is then None)."""
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            self.problems.extend(getattr(error, "problems", [(error.field, error.message)]))
            return None

    def raise_any(self):
        """Raise Problems if anything was noted."""
        if self.problems:
            raise Problems(self.problems)
